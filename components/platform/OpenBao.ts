import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { addFootprints, type Footprint } from "../../lib/footprint";
import type { SizingProfile } from "../../lib/profileNames";
import { charts, imageRef, images } from "../charts";
import { labLabels } from "../core/labels";
import { labNamespace } from "../core/LabNamespace";
import { restrictedContainerSecurityContext } from "../core/podSecurity";
import { containerResources, footprintOf, type ContainerSize, type SizedByProfile } from "../core/sizing";
import { pinnedRelease } from "../helm/pinnedRelease";
import { secretKeyConnection, serviceConnection } from "../helm/releaseConnection";
import { openBaoBootstrapScript, type OpenBaoKubernetesAuth } from "./openBaoBootstrapScript";

export interface OpenBaoArgs {
  readonly phase: string;
  readonly profile: SizingProfile;
  readonly namespace?: string;
  /** The Kubernetes-auth role External Secrets will use. */
  readonly externalSecretsAuth: Omit<OpenBaoKubernetesAuth, "kvMount">;
}

/** The API Service under `fullnameOverride: openbao`. */
export const openBaoApi = serviceConnection("openbao", 8200, "the ClusterSecretStore openbao and the auth bootstrap Job");
/** The one Secret holding the root token; the chart reads it into the dev server's environment. */
export const openBaoRootToken = secretKeyConnection("openbao-root-token", "token", "the dev server's BAO_DEV_ROOT_TOKEN_ID");

const sizes: SizedByProfile<Record<"server" | "bootstrap", ContainerSize>> = {
  laptop: { server: { cpuMillicores: 100, memoryMiB: 128 }, bootstrap: { cpuMillicores: 50, memoryMiB: 64 } },
  hub: { server: { cpuMillicores: 250, memoryMiB: 256 }, bootstrap: { cpuMillicores: 50, memoryMiB: 64 } },
};

/**
 * The value the chart writes into VAULT_DEV_ROOT_TOKEN_ID (it always sets that variable in dev
 * mode): public by design. OpenBao prefers BAO_DEV_ROOT_TOKEN_ID, which comes from the Secret, and
 * the bootstrap Job fails if this placeholder ever works as a token.
 */
export const chartDevTokenPlaceholder = "unused-the-root-token-is-BAO_DEV_ROOT_TOKEN_ID";

/**
 * OpenBao in dev mode (in-memory, auto-unsealed) with a random root token, and a bootstrap Job that
 * configures Kubernetes auth for External Secrets. The root token lives in one Secret only: the
 * server reads it from there (BAO_DEV_ROOT_TOKEN_ID by secretKeyRef) and so does the bootstrap Job;
 * it is in no Helm value (so not in the release Secret) and in no literal env. Dev mode is the lab's
 * choice: its data does not survive a pod restart, and a new pod needs the bootstrap Job re-created.
 */
export class OpenBao extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  /** In-cluster API address. */
  public readonly address: pulumi.Output<string>;
  public readonly kvMount: string = "secret";
  /** The Job after which Kubernetes auth and the KV mount are usable. */
  public readonly bootstrap: k8s.batch.v1.Job;
  public readonly footprint: Footprint;

  constructor(name: string, args: OpenBaoArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:platform:OpenBao", name, {}, opts);
    const size = sizes[args.profile];
    const namespace = labNamespace(args.namespace ?? "openbao", { phase: args.phase, component: "openbao" }, { parent: this });
    const rootToken = new random.RandomPassword(`${name}-root-token`, { length: 32, special: false }, { parent: this });
    const tokenSecret = new k8s.core.v1.Secret(
      `${name}-root-token`,
      {
        metadata: { name: openBaoRootToken.secret, namespace: namespace.metadata.name, labels: labLabels(args.phase, "openbao") },
        type: "Opaque",
        stringData: { [openBaoRootToken.key]: rootToken.result },
      },
      { parent: this },
    );

    const release = pinnedRelease(
      "openbao",
      {
        chart: charts.openBao,
        namespace: namespace.metadata.name,
        values: {
          fullnameOverride: "openbao",
          injector: { enabled: false },
          ui: { enabled: true, serviceType: "ClusterIP" },
          server: {
            dev: { enabled: true, devRootToken: chartDevTokenPlaceholder },
            extraSecretEnvironmentVars: [{ envName: "BAO_DEV_ROOT_TOKEN_ID", secretName: tokenSecret.metadata.name, secretKey: openBaoRootToken.key }],
            ha: { enabled: false },
            resources: containerResources(size.server),
            // The chart's default container securityContext drops no capability; `restricted` asks for ALL.
            statefulSet: { securityContext: { container: restrictedContainerSecurityContext } },
          },
        },
      },
      { parent: this, dependsOn: [tokenSecret] },
    );
    this.namespace = namespace.metadata.name;
    this.address = pulumi.interpolate`http://${openBaoApi.name}.${release.status.namespace}.svc.cluster.local:${openBaoApi.port}`;

    const script = openBaoBootstrapScript({ ...args.externalSecretsAuth, kvMount: this.kvMount }, chartDevTokenPlaceholder);
    this.bootstrap = new k8s.batch.v1.Job(
      `${name}-bootstrap`,
      {
        metadata: { namespace: this.namespace, labels: labLabels(args.phase, "openbao-bootstrap") },
        spec: {
          backoffLimit: 3,
          activeDeadlineSeconds: 300,
          template: {
            metadata: { labels: labLabels(args.phase, "openbao-bootstrap") },
            spec: {
              restartPolicy: "Never",
              securityContext: { runAsNonRoot: true, runAsUser: 100, runAsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } },
              containers: [
                {
                  name: "bootstrap",
                  image: imageRef(images.openBao),
                  command: ["/bin/sh", "-c", script],
                  env: [
                    { name: "BAO_ADDR", value: this.address },
                    { name: "BAO_TOKEN", valueFrom: { secretKeyRef: { name: tokenSecret.metadata.name, key: "token" } } },
                    // The CLI caches nothing between runs; no home directory needed.
                    { name: "HOME", value: "/tmp" },
                  ],
                  resources: containerResources(size.bootstrap),
                  securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                  volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                },
              ],
              volumes: [{ name: "tmp", emptyDir: {} }],
            },
          },
        },
      },
      { parent: this, dependsOn: [release] },
    );

    // The bootstrap Job runs once and ends; only the server is a standing cost.
    this.footprint = addFootprints(footprintOf(size.server));
    this.registerOutputs({ namespace: this.namespace, address: this.address });
  }
}
