import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Footprint } from "../../lib/footprint";
import { imageRef, images } from "../charts";
import { labLabels } from "../core/labels";
import { containerResources, footprintOf, type ContainerSize } from "../core/sizing";
import { kubectlCommand } from "../kubectl/KubectlCommand";
import { barmanObjectStore, type BackupTarget } from "./PostgresCluster";
import { postgresClientJob } from "./postgresClientJob";

export interface RestoreCheckArgs {
  readonly phase: string;
  readonly namespace: pulumi.Input<string>;
  readonly kubeconfig: pulumi.Input<string>;
  readonly sourceClusterName: string;
  readonly backup: BackupTarget;
  readonly storageClass: string;
  /** The application role's Secret; the restored database has the same role. */
  readonly credentialsSecret: pulumi.Input<string>;
  readonly database: string;
  /** The newest migration version, which the restored database must hold. */
  readonly expectedSchemaVersion: number;
  /** Runs after this (the migration), so the backup holds the schema. */
  readonly after: pulumi.Resource;
  /** A new run id takes a new backup and restores it again. */
  readonly runId: string;
}

const restoreSize: ContainerSize = { cpuMillicores: 250, memoryMiB: 512 };
const restoreStorageGiB = 5;

/**
 * Proves the backups restore: an on-demand base backup after the migrations, a second Cluster
 * bootstrapped from the object store, and a Job that finds the expected schema version in it.
 */
export class RestoreCheck extends pulumi.ComponentResource {
  public readonly verification: k8s.batch.v1.Job;
  /** The restored cluster stays up (it is the evidence); its cost is counted. */
  public readonly footprint: Footprint;

  constructor(name: string, args: RestoreCheckArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:data:RestoreCheck", name, {}, opts);
    const labels = labLabels(args.phase, "restore-check");
    const backupName = `${args.sourceClusterName}-check-${args.runId}`.toLowerCase().replace(/[^a-z0-9-]/g, "-");
    const backup = new k8s.apiextensions.CustomResource(
      `${name}-backup`,
      {
        apiVersion: "postgresql.cnpg.io/v1",
        kind: "Backup",
        metadata: { name: backupName, namespace: args.namespace, labels },
        spec: { cluster: { name: args.sourceClusterName }, method: "barmanObjectStore" },
      },
      { parent: this, dependsOn: [args.after] },
    );
    // CloudNativePG reports completion in status only; Pulumi does not await custom resources.
    const completed = kubectlCommand(
      `${name}-backup-completed`,
      {
        kubeconfig: args.kubeconfig,
        environment: { BACKUP_NAMESPACE: args.namespace, BACKUP_NAME: backup.metadata.name },
        script: `kubectl wait -n "$BACKUP_NAMESPACE" "backups.postgresql.cnpg.io/$BACKUP_NAME" --for=jsonpath='{.status.phase}'=completed --timeout=15m`,
        triggers: [backup.metadata.uid],
      },
      { parent: this, dependsOn: [backup] },
    );

    // The run id is in the name so a new run restores into a new cluster, not the old one again.
    const restoredName = `${args.sourceClusterName}-restored-${args.runId}`.toLowerCase().replace(/[^a-z0-9-]/g, "-");
    const restored = new k8s.apiextensions.CustomResource(
      `${name}-cluster`,
      {
        apiVersion: "postgresql.cnpg.io/v1",
        kind: "Cluster",
        metadata: { name: restoredName, namespace: args.namespace, labels },
        spec: {
          instances: 1,
          imageName: imageRef(images.cnpgPostgres),
          storage: { size: `${restoreStorageGiB}Gi`, storageClass: args.storageClass },
          resources: containerResources(restoreSize),
          bootstrap: { recovery: { source: "origin", database: args.database, owner: "app", secret: { name: args.credentialsSecret } } },
          externalClusters: [{ name: "origin", barmanObjectStore: barmanObjectStore(args.backup, args.sourceClusterName) }],
        },
      },
      { parent: this, dependsOn: [completed], deleteBeforeReplace: true },
    );
    this.verification = postgresClientJob(
      `${name}-verify-${args.runId}`,
      {
        namespace: args.namespace,
        labels,
        host: pulumi.interpolate`${restoredName}-rw.${restored.metadata.namespace}.svc.cluster.local`,
        database: args.database,
        credentialsSecret: args.credentialsSecret,
        script: [
          'found="$(psql -tAc "SELECT max(version) FROM lab_schema_migrations")"',
          `if [ "$found" != "${args.expectedSchemaVersion}" ]; then echo "restore check FAILED: schema version '$found', expected ${args.expectedSchemaVersion}"; exit 1; fi`,
          `echo "restore check passed: schema version ${args.expectedSchemaVersion} restored from backup"`,
        ].join("\n"),
        deadlineSeconds: 1200,
      },
      { parent: this, dependsOn: [restored] },
    );
    this.footprint = footprintOf(restoreSize, 1, restoreStorageGiB);
    this.registerOutputs({});
  }
}
