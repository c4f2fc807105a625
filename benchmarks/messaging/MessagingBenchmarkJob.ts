import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { imageRef } from "../../components/charts";
import { restrictedPodSecurityContext } from "../../components/core/podSecurity";
import { labLabels } from "../../components/core/labels";
import { containerResources, footprintOf } from "../../components/core/sizing";
import { kubectlCommand } from "../../components/kubectl/KubectlCommand";
import type { Footprint } from "../../lib/footprint";
import { jobName } from "../BenchmarkJob";
import { jobPaths } from "../job/jobScripts";
import { markers } from "../job/logMarkers";
import { benchmarkOutcomeSchema, type BenchmarkOutcome } from "../job/outcome";
import type { BrokerEndpoint } from "../../components/messaging/brokerNames";
import type { BrokerTool } from "./brokerTool";
import type { MessagingStep } from "./definitions";
import { messagingStepMarker } from "./jobLog";
import { podDeleterScript } from "./podDeleterScript";

export interface MessagingBenchmarkJobArgs {
  readonly phase: string;
  readonly tool: BrokerTool;
  readonly step: MessagingStep;
  readonly endpoint: BrokerEndpoint;
  /** The brokers' namespace: the Job runs beside them (credentials Secrets live there). */
  readonly namespace: pulumi.Input<string>;
  readonly kubeconfig: pulumi.Input<string>;
  readonly runId: string;
  /** What is measured, as reported (no credentials). */
  readonly target: string;
  /**
   * Recovery runs only: the broker's pods (a label selector in `namespace`), one of which the lab
   * deletes `deleteAfterSeconds` after the Job's pod starts.
   */
  readonly recovery?: { readonly brokerSelector: string; readonly deleteAfterSeconds: number };
  readonly after?: pulumi.Input<pulumi.Resource>[];
}

/** A step's upper bound: warm-up and run, the JVM's start and the consumers' drain, the image pull. */
export function messagingDeadlineSeconds(step: MessagingStep): number {
  return step.warmupSeconds + step.durationSeconds + 180;
}

/** The Job's entry point: the step as JSON for the log reader, then the broker's tool script. */
export function messagingWrapperScript(step: MessagingStep): string {
  return [
    "set -u",
    `echo '${messagingStepMarker} ${JSON.stringify(step)}'`,
    `sh ${jobPaths.scripts}/tool.sh`,
    `echo "${markers.exit} messaging-tool $?"`,
  ].join("\n");
}

/**
 * One messaging benchmark step as a Kubernetes Job running the broker's own tools in their pinned
 * image (BrokerTool), read back and parsed by the lab like every BenchmarkJob. A recovery step
 * also starts the lab's pod deleter beside the Job: it deletes one broker pod through the
 * Kubernetes API from the operator's kubectl, so the benchmark pod itself needs no permission to
 * delete anything, and its `LAB_DELETED` line joins the Job's log for the parser.
 */
export class MessagingBenchmarkJob extends pulumi.ComponentResource {
  public readonly job: k8s.batch.v1.Job;
  public readonly outcome: pulumi.Output<BenchmarkOutcome>;
  public readonly loadGeneratorFootprint: Footprint;
  /** The Job's name (run id included), for samplers that watch it without waiting for it. */
  public readonly jobName: string;

  constructor(name: string, args: MessagingBenchmarkJobArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:benchmarks:MessagingBenchmarkJob", name, {}, opts);
    const labels = labLabels(args.phase, `benchmark-${name}`);
    const deadline = messagingDeadlineSeconds(args.step);
    this.jobName = jobName(name, args.runId);
    const configMap = new k8s.core.v1.ConfigMap(
      `${name}-scripts`,
      { metadata: { namespace: args.namespace, labels }, data: { "run.sh": messagingWrapperScript(args.step), ...args.tool.jobFiles(args.step, args.endpoint, args.runId) } },
      { parent: this },
    );
    const uid = args.tool.runAsUser;
    this.job = new k8s.batch.v1.Job(
      name,
      {
        metadata: { name: this.jobName, namespace: args.namespace, labels: { ...labels, "platform-lab/run-id": args.runId } },
        spec: {
          // One attempt: a retried benchmark would blend two runs into one result.
          backoffLimit: 0,
          activeDeadlineSeconds: deadline,
          ttlSecondsAfterFinished: 3600,
          template: {
            metadata: { labels },
            spec: {
              restartPolicy: "Never",
              securityContext: { ...restrictedPodSecurityContext, runAsUser: uid, runAsGroup: uid, fsGroup: uid },
              containers: [
                {
                  name: args.tool.broker,
                  image: imageRef(args.tool.image),
                  command: ["/bin/sh", `${jobPaths.scripts}/run.sh`],
                  env: [...args.tool.env(args.endpoint), { name: "HOME", value: jobPaths.work }],
                  resources: containerResources(args.tool.resources),
                  securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                  volumeMounts: [
                    { name: "scripts", mountPath: jobPaths.scripts, readOnly: true },
                    { name: "work", mountPath: jobPaths.work },
                    // The JVM tools write their perf data and temp files under /tmp.
                    { name: "tmp", mountPath: "/tmp" },
                  ],
                },
              ],
              volumes: [
                { name: "scripts", configMap: { name: configMap.metadata.name } },
                { name: "work", emptyDir: {} },
                { name: "tmp", emptyDir: {} },
              ],
            },
          },
        },
      },
      {
        parent: this,
        dependsOn: args.after,
        customTimeouts: { create: `${Math.ceil(deadline / 60) + 5}m`, update: `${Math.ceil(deadline / 60) + 5}m` },
        deleteBeforeReplace: true,
      },
    );

    // Started beside the Job (same dependencies, not the Job itself, whose await is its completion).
    const deleter = args.recovery
      ? kubectlCommand(
          `${name}-delete-broker-pod`,
          {
            kubeconfig: args.kubeconfig,
            script: podDeleterScript({ deleteAfterSeconds: args.recovery.deleteAfterSeconds, deadlineSeconds: deadline }),
            environment: { JOB_NAMESPACE: args.namespace, JOB_NAME: this.jobName, BROKER_NAMESPACE: args.namespace, BROKER_SELECTOR: args.recovery.brokerSelector },
            triggers: [this.jobName],
          },
          { parent: this, dependsOn: args.after, customTimeouts: { create: `${Math.ceil(deadline / 60) + 2}m` } },
        )
      : undefined;

    const reader = kubectlCommand(
      `${name}-result`,
      {
        kubeconfig: args.kubeconfig,
        environment: { JOB_NAMESPACE: args.namespace, JOB_NAME: this.job.metadata.name, TARGET: args.target, DELETION: deleter ? deleter.stdout : "" },
        script: [
          `kubectl logs -n "$JOB_NAMESPACE" -l "batch.kubernetes.io/job-name=$JOB_NAME" --tail=-1 > "$LAB_TMP/job.log"`,
          'if [ -n "$DELETION" ]; then printf "%s\\n" "$DELETION" >> "$LAB_TMP/job.log"; fi',
          `node_modules/.bin/tsx cli/lab.ts parse job-log --tool messaging --broker ${args.tool.broker} --target "$TARGET" "$LAB_TMP/job.log"`,
        ].join("\n"),
        triggers: [this.job.metadata.uid],
      },
      { parent: this, dependsOn: [this.job, ...(deleter ? [deleter] : [])] },
    );
    this.outcome = reader.stdout.apply((text) => benchmarkOutcomeSchema.parse(JSON.parse(text)));
    this.loadGeneratorFootprint = footprintOf(args.tool.resources);
    this.registerOutputs({ outcome: this.outcome });
  }
}
