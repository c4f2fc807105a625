import * as pulumi from "@pulumi/pulumi";
import type { Footprint } from "../../lib/footprint";
import type { SizingProfile } from "../../lib/profileNames";
import { charts } from "../charts";
import { labNamespace } from "../core/LabNamespace";
import { containerResources, footprintOf, type ContainerSize, type SizedByProfile } from "../core/sizing";
import { pinnedRelease } from "../helm/pinnedRelease";
import { serviceConnection } from "../helm/releaseConnection";
import { serviceEndpointsWait } from "../kubectl/serviceEndpointsWait";

export interface CloudNativePgOperatorArgs {
  readonly phase: string;
  readonly profile: SizingProfile;
  readonly namespace?: string;
  /** The cluster's kubeconfig (a secret): `ready` waits for the operator's webhook to be reachable. */
  readonly kubeconfig: pulumi.Input<string>;
}

/** The operator's webhook Service (the chart's `service.name` default, cloudnative-pg chart 0.29). */
export const cnpgWebhook = serviceConnection("cnpg-webhook-service", undefined, "Clusters, Backups and ScheduledBackups wait for its endpoints");

const sizes: SizedByProfile<ContainerSize> = {
  laptop: { cpuMillicores: 100, memoryMiB: 128 },
  hub: { cpuMillicores: 100, memoryMiB: 256 },
};

/** The CloudNativePG operator (CRDs included); Clusters are created by the components that use them. */
export class CloudNativePgOperator extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  /**
   * Clusters, Backups and ScheduledBackups depend on this: the CRDs exist and the operator's
   * mutating and validating webhooks (which every one of them passes through) have a ready endpoint.
   */
  public readonly ready: pulumi.Resource;
  public readonly footprint: Footprint;

  constructor(name: string, args: CloudNativePgOperatorArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:data:CloudNativePgOperator", name, {}, opts);
    const namespace = labNamespace(args.namespace ?? "cnpg-system", { phase: args.phase, component: "cloudnative-pg" }, { parent: this });
    const release = pinnedRelease(
      "cnpg",
      {
        chart: charts.cloudNativePg,
        namespace: namespace.metadata.name,
        values: { fullnameOverride: "cnpg", replicaCount: 1, crds: { create: true }, resources: containerResources(sizes[args.profile]) },
      },
      { parent: this },
    );
    this.ready = serviceEndpointsWait(`${name}-webhook-ready`, { kubeconfig: args.kubeconfig, namespace: namespace.metadata.name, service: cnpgWebhook.name, release }, { parent: this });
    this.namespace = namespace.metadata.name;
    this.footprint = footprintOf(sizes[args.profile]);
    this.registerOutputs({ namespace: this.namespace });
  }
}
