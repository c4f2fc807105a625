import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { imageRef, images } from "../charts";
import { containerResources } from "../core/sizing";

export interface PostgresClientJobArgs {
  readonly namespace: pulumi.Input<string>;
  readonly labels: Record<string, string>;
  readonly host: pulumi.Input<string>;
  readonly database: string;
  /** `kubernetes.io/basic-auth` Secret with the role's username and password. */
  readonly credentialsSecret: pulumi.Input<string>;
  /** Shell script run with PG* set; it starts by waiting for the server to accept connections. */
  readonly script: string;
  readonly deadlineSeconds: number;
}

/** Waits until PostgreSQL answers, bounded by the Job's deadline (a CNPG Cluster takes a while to start). */
export const waitForPostgres = 'until pg_isready -q; do echo "waiting for $PGHOST"; sleep 3; done';

/** A one-shot psql Job in the official postgres image, non-root, its password from a Secret. */
export function postgresClientJob(name: string, args: PostgresClientJobArgs, opts: pulumi.CustomResourceOptions): k8s.batch.v1.Job {
  return new k8s.batch.v1.Job(
    name,
    {
      metadata: { namespace: args.namespace, labels: args.labels },
      spec: {
        backoffLimit: 2,
        activeDeadlineSeconds: args.deadlineSeconds,
        template: {
          metadata: { labels: args.labels },
          spec: {
            restartPolicy: "Never",
            securityContext: { runAsNonRoot: true, runAsUser: 999, runAsGroup: 999, seccompProfile: { type: "RuntimeDefault" } },
            containers: [
              {
                name: "psql",
                image: imageRef(images.postgres),
                command: ["/bin/sh", "-c", `set -eu\n${waitForPostgres}\n${args.script}`],
                env: [
                  { name: "PGHOST", value: args.host },
                  { name: "PGDATABASE", value: args.database },
                  { name: "PGUSER", valueFrom: { secretKeyRef: { name: args.credentialsSecret, key: "username" } } },
                  { name: "PGPASSWORD", valueFrom: { secretKeyRef: { name: args.credentialsSecret, key: "password" } } },
                  { name: "PGCONNECT_TIMEOUT", value: "5" },
                ],
                resources: containerResources({ cpuMillicores: 50, memoryMiB: 64 }),
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
              },
            ],
          },
        },
      },
    },
    { ...opts, customTimeouts: { create: `${Math.ceil(args.deadlineSeconds / 60) + 2}m` } },
  );
}
