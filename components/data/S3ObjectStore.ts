import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { Footprint } from "../../lib/footprint";
import type { SizingProfile } from "../../lib/profileNames";
import { charts } from "../charts";
import { labLabels } from "../core/labels";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../core/podSecurity";
import { chartContainerResources, footprintOf, type ContainerSize, type SizedByProfile } from "../core/sizing";
import { pinnedRelease } from "../helm/pinnedRelease";
import { secretKeyConnection, serviceConnection } from "../helm/releaseConnection";

export interface S3ObjectStoreArgs {
  readonly phase: string;
  readonly profile: SizingProfile;
  readonly namespace: pulumi.Input<string>;
  readonly storageClass: string;
  /** Buckets the chart's post-install hook creates. */
  readonly buckets: readonly string[];
}

const sizes: SizedByProfile<{ pod: ContainerSize; dataGiB: number }> = {
  laptop: { pod: { cpuMillicores: 100, memoryMiB: 256 }, dataGiB: 10 },
  hub: { pod: { cpuMillicores: 200, memoryMiB: 512 }, dataGiB: 50 },
};

/**
 * SeaweedFS pods as `restricted` admits them, in the chart's shape (`enabled` switches each on). The
 * image's `seaweed` user is 1000; its entrypoint drops to that user anyway when started as root.
 */
const seaweedPodSecurityContext = { enabled: true, ...restrictedPodSecurityContext, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 };
const seaweedContainerSecurityContext = { enabled: true, ...restrictedContainerSecurityContext };

/** S3 credentials as CloudNativePG's barmanObjectStore reads them from a Secret. */
export const s3CredentialKeys = { accessKeyId: "ACCESS_KEY_ID", secretAccessKey: "ACCESS_SECRET_KEY" } as const;

/**
 * SeaweedFS in one pod with its S3 gateway: the in-cluster S3-compatible target for backups.
 * Access is authenticated with generated keys held as secrets.
 */
/** All-in-one mode serves S3 on the all-in-one Service; the chart renders no `seaweedfs-s3` Service in it. */
export const seaweedS3 = serviceConnection("seaweedfs-all-in-one", 8333, "CNPG's WAL archive and backups (phase-03 objectStore.endpoint)");
/** The S3 gateway's identities, from the Secret the lab writes (`allInOne.s3.existingConfigSecret`). */
export const seaweedS3Config = secretKeyConnection("seaweedfs-s3-config", "seaweedfs_s3_config", "the S3 gateway's access keys");

export class S3ObjectStore extends pulumi.ComponentResource {
  public readonly endpoint: pulumi.Output<string>;
  /** Secret (in the store's namespace) with ACCESS_KEY_ID and ACCESS_SECRET_KEY. */
  public readonly credentialsSecretName: pulumi.Output<string>;
  public readonly footprint: Footprint;

  constructor(name: string, args: S3ObjectStoreArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:data:S3ObjectStore", name, {}, opts);
    const size = sizes[args.profile];
    const labels = labLabels(args.phase, "object-store");
    const accessKey = new random.RandomString(`${name}-access-key`, { length: 20, special: false, upper: true, lower: false }, { parent: this });
    const secretKey = new random.RandomPassword(`${name}-secret-key`, { length: 40, special: false }, { parent: this });

    // SeaweedFS reads its S3 identities from this JSON (key seaweedfs_s3_config).
    const identities = pulumi.secret(
      pulumi.all([accessKey.result, secretKey.result]).apply(([id, key]) =>
        JSON.stringify({ identities: [{ name: "platform-lab", credentials: [{ accessKey: id, secretKey: key }], actions: ["Admin", "Read", "Write", "List", "Tagging"] }] }),
      ),
    );
    const config = new k8s.core.v1.Secret(
      `${name}-s3-config`,
      { metadata: { name: seaweedS3Config.secret, namespace: args.namespace, labels }, stringData: { [seaweedS3Config.key]: identities } },
      { parent: this },
    );
    const credentials = new k8s.core.v1.Secret(
      `${name}-s3-credentials`,
      {
        metadata: { name: "lab-s3-credentials", namespace: args.namespace, labels },
        stringData: { [s3CredentialKeys.accessKeyId]: accessKey.result, [s3CredentialKeys.secretAccessKey]: secretKey.result },
      },
      { parent: this },
    );
    const release = pinnedRelease(
      "seaweedfs",
      {
        chart: charts.seaweedfs,
        namespace: args.namespace,
        values: {
          fullnameOverride: "seaweedfs",
          master: { enabled: false },
          volume: { enabled: false },
          allInOne: {
            enabled: true,
            resources: chartContainerResources(size.pod),
            // In all-in-one mode the bucket hook reads allInOne.s3.createBuckets only (s3.createBuckets is
            // the split mode's key: set there, no bucket was ever created).
            s3: { enabled: true, enableAuth: true, existingConfigSecret: config.metadata.name, createBuckets: args.buckets.map((b) => ({ name: b })) },
            data: { type: "persistentVolumeClaim", size: `${size.dataGiB}Gi`, storageClass: args.storageClass },
            podSecurityContext: seaweedPodSecurityContext,
            containerSecurityContext: seaweedContainerSecurityContext,
          },
          // The bucket hook Job takes the filer's security contexts, even in all-in-one mode.
          filer: {
            enabled: false,
            podSecurityContext: seaweedPodSecurityContext,
            containerSecurityContext: seaweedContainerSecurityContext,
          },
        },
      },
      { parent: this },
    );
    this.endpoint = pulumi.interpolate`http://${seaweedS3.name}.${release.status.namespace}.svc.cluster.local:${seaweedS3.port}`;
    this.credentialsSecretName = credentials.metadata.name;
    this.footprint = footprintOf(size.pod, 1, size.dataGiB);
    this.registerOutputs({ endpoint: this.endpoint });
  }
}
