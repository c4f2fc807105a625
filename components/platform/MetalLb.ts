import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { addFootprints, type Footprint } from "../../lib/footprint";
import type { SizingProfile } from "../../lib/profileNames";
import { charts } from "../charts";
import { labLabels } from "../core/labels";
import { labNamespace } from "../core/LabNamespace";
import { restrictedPodSecurityContext } from "../core/podSecurity";
import { containerResources, footprintOf, type ContainerSize, type SizedByProfile } from "../core/sizing";
import { pinnedRelease } from "../helm/pinnedRelease";
import { serviceConnection } from "../helm/releaseConnection";
import { serviceEndpointsWait } from "../kubectl/serviceEndpointsWait";

export interface MetalLbArgs {
  readonly phase: string;
  readonly profile: SizingProfile;
  /** LAN ranges or CIDRs MetalLB may announce (the hub's `lab:metallbAddresses`). */
  readonly addresses: readonly string[];
  /** The speaker is a DaemonSet: one pod per node. */
  readonly nodeCount: number;
  readonly namespace?: string;
  /** The cluster's kubeconfig (a secret): the pool waits for the chart's webhook to be reachable. */
  readonly kubeconfig: pulumi.Input<string>;
}

/** The chart's validating webhook Service (metallb 0.16.1, rendered with these values). */
export const metallbWebhook = serviceConnection("metallb-webhook-service", undefined, "IPAddressPool and L2Advertisement wait for its endpoints");

const sizes: SizedByProfile<Record<"controller" | "speaker", ContainerSize>> = {
  laptop: { controller: { cpuMillicores: 50, memoryMiB: 64 }, speaker: { cpuMillicores: 50, memoryMiB: 64 } },
  hub: { controller: { cpuMillicores: 50, memoryMiB: 64 }, speaker: { cpuMillicores: 50, memoryMiB: 96 } },
};

/** MetalLB in L2 mode (no BGP/FRR on a home LAN) with one address pool and its advertisement. */
export class MetalLb extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  public readonly addressPoolName: pulumi.Output<string>;
  public readonly footprint: Footprint;

  constructor(name: string, args: MetalLbArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:platform:MetalLb", name, {}, opts);
    const size = sizes[args.profile];
    // The speaker answers ARP for the pool's addresses from the node itself: host networking and
    // NET_RAW, which only `privileged` admits. The controller shares the namespace but needs neither,
    // and is held to `restricted` anyway (its seccomp profile below), so only the speaker warns.
    const namespace = labNamespace(args.namespace ?? "metallb-system", { phase: args.phase, component: "metallb", podSecurity: "privileged" }, { parent: this });
    const release = pinnedRelease(
      "metallb",
      {
        chart: charts.metallb,
        namespace: namespace.metadata.name,
        values: {
          crds: { enabled: true },
          frrk8s: { enabled: false },
          controller: { resources: containerResources(size.controller), securityContext: restrictedPodSecurityContext },
          speaker: { frr: { enabled: false }, resources: containerResources(size.speaker) },
        },
      },
      { parent: this },
    );
    // The chart's webhook validates IPAddressPools; created before its endpoint is ready, the pool is refused.
    const webhookReady = serviceEndpointsWait(`${name}-webhook-ready`, { kubeconfig: args.kubeconfig, namespace: namespace.metadata.name, service: metallbWebhook.name, release }, { parent: this });
    const labels = labLabels(args.phase, "metallb");
    const pool = new k8s.apiextensions.CustomResource(
      `${name}-pool`,
      {
        apiVersion: "metallb.io/v1beta1",
        kind: "IPAddressPool",
        metadata: { name: "lab-pool", namespace: namespace.metadata.name, labels },
        spec: { addresses: [...args.addresses], autoAssign: true },
      },
      { parent: this, dependsOn: [release, webhookReady] },
    );
    new k8s.apiextensions.CustomResource(
      `${name}-l2`,
      {
        apiVersion: "metallb.io/v1beta1",
        kind: "L2Advertisement",
        metadata: { name: "lab-l2", namespace: namespace.metadata.name, labels },
        spec: { ipAddressPools: [pool.metadata.name] },
      },
      { parent: this, dependsOn: [release, webhookReady] },
    );
    this.namespace = namespace.metadata.name;
    this.addressPoolName = pool.metadata.name;
    this.footprint = addFootprints(footprintOf(size.controller), footprintOf(size.speaker, args.nodeCount));
    this.registerOutputs({ namespace: this.namespace, addressPoolName: this.addressPoolName });
  }
}
