import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { restrictedPodSecurityContext } from "./podSecurity";
import { containerResources, type ContainerSize } from "./sizing";

export interface SetupJobArgs {
  readonly namespace: pulumi.Input<string>;
  readonly labels: Record<string, string>;
  /** The container's name (what `kubectl logs` shows it as). */
  readonly container: string;
  readonly image: string;
  /** A shell script: it retries its own readiness checks, bounded by the Job's deadline. */
  readonly script: string;
  readonly env?: k8s.types.input.core.v1.EnvVar[];
  /** The image's own non-root uid. */
  readonly runAsUser: number;
  readonly resources: ContainerSize;
  /** A tool that writes under $HOME needs a writable root filesystem; the rest run read-only. */
  readonly writableRootFilesystem?: boolean;
}

/**
 * A one-shot Job that sets something up inside a component (a queue, a stream): one attempt, a
 * 15-minute deadline so a component that never comes up fails `up` instead of hanging it, gone an
 * hour after it finished, and a pod `restricted` admits.
 */
export function setupJob(name: string, args: SetupJobArgs, opts?: pulumi.CustomResourceOptions): k8s.batch.v1.Job {
  return new k8s.batch.v1.Job(
    name,
    {
      metadata: { namespace: args.namespace, labels: args.labels },
      spec: {
        backoffLimit: 0,
        activeDeadlineSeconds: 900,
        ttlSecondsAfterFinished: 3600,
        template: {
          metadata: { labels: args.labels },
          spec: {
            restartPolicy: "Never",
            securityContext: { ...restrictedPodSecurityContext, runAsUser: args.runAsUser, runAsGroup: args.runAsUser },
            containers: [
              {
                name: args.container,
                image: args.image,
                command: ["sh", "-c", args.script],
                env: args.env,
                resources: containerResources(args.resources),
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: !args.writableRootFilesystem, capabilities: { drop: ["ALL"] } },
              },
            ],
          },
        },
      },
    },
    opts,
  );
}
