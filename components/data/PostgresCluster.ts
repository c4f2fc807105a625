import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Footprint } from "../../lib/footprint";
import type { SizingProfile } from "../../lib/profileNames";
import { imageRef, images } from "../charts";
import { labLabels } from "../core/labels";
import { containerResources, footprintOf, type ContainerSize, type SizedByProfile } from "../core/sizing";
import { basicAuthSecret } from "./basicAuthSecret";
import { s3CredentialKeys } from "./S3ObjectStore";

/** Where the cluster's base backups and WAL go (barman-cloud, S3-compatible). */
export interface BackupTarget {
  readonly endpoint: pulumi.Input<string>;
  readonly bucket: string;
  /** Secret in the cluster's namespace with ACCESS_KEY_ID / ACCESS_SECRET_KEY. */
  readonly credentialsSecret: pulumi.Input<string>;
  /** Six-field cron (CloudNativePG's format: seconds first). */
  readonly schedule: string;
  readonly retention: string;
}

export interface PostgresClusterArgs {
  readonly phase: string;
  readonly profile: SizingProfile;
  readonly namespace: pulumi.Input<string>;
  readonly clusterName: string;
  readonly storageClass: string;
  readonly backup: BackupTarget;
  /** The operator release: its CRDs must exist before a Cluster can be created. */
  readonly operator: pulumi.Resource;
}

const sizes: SizedByProfile<{ instances: number; pod: ContainerSize; storageGiB: number }> = {
  // One instance on a laptop; the hub runs a primary and a streaming replica.
  laptop: { instances: 1, pod: { cpuMillicores: 500, memoryMiB: 1024 }, storageGiB: 5 },
  hub: { instances: 2, pod: { cpuMillicores: 1000, memoryMiB: 2048 }, storageGiB: 20 },
};

/** The barmanObjectStore block a Cluster (backups) and a recovery source (restore) share. */
export function barmanObjectStore(backup: BackupTarget, serverName: string) {
  return {
    destinationPath: `s3://${backup.bucket}/`,
    endpointURL: backup.endpoint,
    serverName,
    s3Credentials: {
      accessKeyId: { name: backup.credentialsSecret, key: s3CredentialKeys.accessKeyId },
      secretAccessKey: { name: backup.credentialsSecret, key: s3CredentialKeys.secretAccessKey },
    },
    wal: { compression: "gzip" },
    data: { compression: "gzip" },
  };
}

/**
 * A CloudNativePG Cluster with generated application credentials, continuous WAL archiving and
 * scheduled base backups to S3. Uses the in-tree barmanObjectStore, which CloudNativePG 1.30 still
 * serves (deprecated since 1.26, removal announced for 1.31); the Barman Cloud plugin needs
 * cert-manager, which arrives with phase 06.
 */
export class PostgresCluster extends pulumi.ComponentResource {
  public readonly clusterName: string;
  public readonly database = "app";
  /** Read-write service (the primary) and read-only service (replicas; the primary on one instance). */
  public readonly readWriteHost: pulumi.Output<string>;
  public readonly readOnlyHost: pulumi.Output<string>;
  public readonly port = 5432;
  /** `kubernetes.io/basic-auth` Secret of the application role. */
  public readonly credentialsSecretName: pulumi.Output<string>;
  public readonly cluster: k8s.apiextensions.CustomResource;
  public readonly instances: number;
  public readonly footprint: Footprint;

  constructor(name: string, args: PostgresClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:data:PostgresCluster", name, {}, opts);
    const size = sizes[args.profile];
    const labels = labLabels(args.phase, "postgres");
    const credentials = basicAuthSecret(
      `${name}-app-credentials`,
      { namespace: args.namespace, username: "app", labels, secretName: `${args.clusterName}-app-credentials` },
      { parent: this },
    );

    this.cluster = new k8s.apiextensions.CustomResource(
      `${name}-cluster`,
      {
        apiVersion: "postgresql.cnpg.io/v1",
        kind: "Cluster",
        metadata: { name: args.clusterName, namespace: args.namespace, labels },
        spec: {
          instances: size.instances,
          imageName: imageRef(images.cnpgPostgres),
          storage: { size: `${size.storageGiB}Gi`, storageClass: args.storageClass },
          resources: containerResources(size.pod),
          postgresql: { parameters: { shared_buffers: `${Math.floor(size.pod.memoryMiB / 4)}MB`, max_connections: "100" } },
          bootstrap: { initdb: { database: this.database, owner: "app", secret: { name: credentials.secret.metadata.name } } },
          backup: { barmanObjectStore: barmanObjectStore(args.backup, args.clusterName), retentionPolicy: args.backup.retention },
        },
      },
      { parent: this, dependsOn: [args.operator] },
    );
    new k8s.apiextensions.CustomResource(
      `${name}-scheduled-backup`,
      {
        apiVersion: "postgresql.cnpg.io/v1",
        kind: "ScheduledBackup",
        metadata: { name: `${args.clusterName}-daily`, namespace: args.namespace, labels },
        spec: { schedule: args.backup.schedule, cluster: { name: args.clusterName }, backupOwnerReference: "self", method: "barmanObjectStore" },
      },
      { parent: this, dependsOn: [this.cluster] },
    );

    this.clusterName = args.clusterName;
    this.instances = size.instances;
    this.readWriteHost = pulumi.interpolate`${args.clusterName}-rw.${this.cluster.metadata.namespace}.svc.cluster.local`;
    this.readOnlyHost = pulumi.interpolate`${args.clusterName}-${size.instances > 1 ? "ro" : "rw"}.${this.cluster.metadata.namespace}.svc.cluster.local`;
    this.credentialsSecretName = credentials.secret.metadata.name;
    this.footprint = footprintOf(size.pod, size.instances, size.storageGiB * size.instances);
    this.registerOutputs({ readWriteHost: this.readWriteHost, readOnlyHost: this.readOnlyHost });
  }
}
