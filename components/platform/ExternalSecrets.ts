import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { addFootprints, type Footprint } from "../../lib/footprint";
import type { SizingProfile } from "../../lib/profileNames";
import { charts } from "../charts";
import { labLabels } from "../core/labels";
import { labNamespace } from "../core/LabNamespace";
import { containerResources, footprintOf, type ContainerSize, type SizedByProfile } from "../core/sizing";
import { pinnedRelease } from "../helm/pinnedRelease";
import { serviceConnection } from "../helm/releaseConnection";
import { serviceEndpointsWait } from "../kubectl/serviceEndpointsWait";

export interface ExternalSecretsArgs {
  readonly phase: string;
  readonly profile: SizingProfile;
  readonly namespace: string;
  /** The service account ESO runs as (its chart names it after the release). */
  readonly serviceAccount: string;
  /** OpenBao's in-cluster address and KV v2 mount. */
  readonly openBaoAddress: pulumi.Input<string>;
  readonly kvMount: string;
  /** The Kubernetes-auth role configured in OpenBao for ESO. */
  readonly openBaoRole: string;
  /** The OpenBao step after which the role exists. */
  readonly openBaoReady: pulumi.Input<pulumi.Resource>;
  readonly secretStoreName?: string;
  /** The cluster's kubeconfig (a secret): the store waits for the chart's webhook to be reachable. */
  readonly kubeconfig: pulumi.Input<string>;
}

/** The chart's webhook Service is `<fullname>-webhook` (external-secrets chart; fullnameOverride is the service account). */
export function externalSecretsWebhook(serviceAccount: string) {
  return serviceConnection(`${serviceAccount}-webhook`, undefined, "the ClusterSecretStore waits for its endpoints");
}

const sizes: SizedByProfile<Record<"controller" | "webhook" | "certController", ContainerSize>> = {
  laptop: {
    controller: { cpuMillicores: 50, memoryMiB: 64 },
    webhook: { cpuMillicores: 20, memoryMiB: 32 },
    certController: { cpuMillicores: 20, memoryMiB: 32 },
  },
  hub: {
    controller: { cpuMillicores: 100, memoryMiB: 128 },
    webhook: { cpuMillicores: 50, memoryMiB: 64 },
    certController: { cpuMillicores: 50, memoryMiB: 64 },
  },
};

/** External Secrets Operator and a ClusterSecretStore that reads OpenBao with Kubernetes auth. */
export class ExternalSecrets extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  public readonly secretStoreName: pulumi.Output<string>;
  public readonly footprint: Footprint;

  constructor(name: string, args: ExternalSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:platform:ExternalSecrets", name, {}, opts);
    const size = sizes[args.profile];
    const namespace = labNamespace(args.namespace, { phase: args.phase, component: "external-secrets" }, { parent: this });
    const release = pinnedRelease(
      "external-secrets",
      {
        chart: charts.externalSecrets,
        namespace: namespace.metadata.name,
        values: {
          fullnameOverride: args.serviceAccount,
          installCRDs: true,
          replicaCount: 1,
          leaderElect: false,
          resources: containerResources(size.controller),
          webhook: { replicaCount: 1, resources: containerResources(size.webhook) },
          certController: { replicaCount: 1, resources: containerResources(size.certController) },
        },
      },
      { parent: this },
    );

    // The chart's webhook validates ClusterSecretStores; created before its endpoint is ready, the store is refused.
    const webhookReady = serviceEndpointsWait(
      `${name}-webhook-ready`,
      { kubeconfig: args.kubeconfig, namespace: namespace.metadata.name, service: externalSecretsWebhook(args.serviceAccount).name, release },
      { parent: this },
    );
    const store = new k8s.apiextensions.CustomResource(
      `${name}-openbao-store`,
      {
        apiVersion: "external-secrets.io/v1",
        kind: "ClusterSecretStore",
        metadata: { name: args.secretStoreName ?? "openbao", labels: labLabels(args.phase, "external-secrets") },
        spec: {
          provider: {
            vault: {
              server: args.openBaoAddress,
              path: args.kvMount,
              version: "v2",
              auth: {
                kubernetes: {
                  mountPath: "kubernetes",
                  role: args.openBaoRole,
                  serviceAccountRef: { name: args.serviceAccount, namespace: args.namespace },
                },
              },
            },
          },
        },
      },
      { parent: this, dependsOn: [release, webhookReady, args.openBaoReady] },
    );

    this.namespace = namespace.metadata.name;
    this.secretStoreName = store.metadata.name;
    this.footprint = addFootprints(footprintOf(size.controller), footprintOf(size.webhook), footprintOf(size.certController));
    this.registerOutputs({ namespace: this.namespace, secretStoreName: this.secretStoreName });
  }
}
