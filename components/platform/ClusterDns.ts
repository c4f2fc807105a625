import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { Footprint } from "../../lib/footprint";
import type { SizingProfile } from "../../lib/profileNames";
import { charts, images } from "../charts";
import { labLabels } from "../core/labels";
import { labNamespace } from "../core/LabNamespace";
import { containerResources, footprintOf, type ContainerSize, type SizedByProfile } from "../core/sizing";
import { pinnedRelease } from "../helm/pinnedRelease";

/** `registry/repository:tag`, e.g. `registry.home.example:5000/mirror/k8s_gateway:v0.4.0`. */
const imageReference = /^([^/]+)\/(.+):([^:/]+)$/;

export const clusterDnsConfigSchema = z
  .object({
    /** k8s-gateway answers for the lab's zone itself; external-dns writes records to a DNS server you run. */
    provider: z.enum(["k8s-gateway", "external-dns"]).default("k8s-gateway"),
    /** The zone the lab's Services, Ingresses and HTTPRoutes get names in. */
    domain: z.string().regex(/^([a-z0-9-]+\.)+[a-z0-9-]+$/).default("lab.internal"),
    /** k8s-gateway image override (`registry/repository:tag`), e.g. a mirror of the pinned image. */
    image: z.string().regex(imageReference, "registry/repository:tag").optional(),
    /** external-dns only: its provider (`rfc2136`, `pihole`, `webhook`, ...) and extra flags for it. */
    externalDnsProvider: z.string().optional(),
    externalDnsArgs: z.array(z.string()).default([]),
  })
  .refine((c) => c.provider !== "external-dns" || c.externalDnsProvider, {
    message: "an external-dns provider name such as rfc2136, pihole or webhook (required when provider is external-dns)",
    path: ["externalDnsProvider"],
  });
export type ClusterDnsConfig = z.infer<typeof clusterDnsConfigSchema>;

export interface ClusterDnsArgs {
  readonly phase: string;
  readonly profile: SizingProfile;
  readonly config: ClusterDnsConfig;
  /** LoadBalancer on the hub (MetalLB gives the DNS server a LAN address); ClusterIP on kind. */
  readonly serviceType: "LoadBalancer" | "ClusterIP";
  readonly namespace?: string;
}

const sizes: SizedByProfile<ContainerSize> = {
  laptop: { cpuMillicores: 50, memoryMiB: 64 },
  hub: { cpuMillicores: 50, memoryMiB: 96 },
};

function splitImage(ref: string): { registry: string; repository: string; tag: string } {
  const m = imageReference.exec(ref);
  // The config schema already refused anything else; this guards the pinned default.
  if (!m) throw new Error(`image "${ref}": expected registry/repository:tag`);
  return { registry: m[1], repository: m[2], tag: m[3] };
}

/** Names for the lab's services under one domain: k8s-gateway (default) or external-dns. */
export class ClusterDns extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  public readonly domain: string;
  public readonly provider: ClusterDnsConfig["provider"];
  public readonly footprint: Footprint;

  constructor(name: string, args: ClusterDnsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:platform:ClusterDns", name, {}, opts);
    const size = sizes[args.profile];
    // k8s-gateway's chart (2.4.0, the last) hard-codes its container's securityContext to `runAsUser:
    // 1000` and offers no value to add the rest `restricted` needs (seccomp, no privilege escalation,
    // dropped capabilities): its namespace enforces `baseline` and warns `restricted`. external-dns's
    // chart passes `restricted`.
    const podSecurity = args.config.provider === "k8s-gateway" ? "baseline" : "restricted";
    const namespace = labNamespace(args.namespace ?? "cluster-dns", { phase: args.phase, component: "cluster-dns", podSecurity }, { parent: this });
    const watched = ["Ingress", "Service", "HTTPRoute"];
    if (args.config.provider === "k8s-gateway") {
      pinnedRelease(
        "k8s-gateway",
        {
          chart: charts.k8sGateway,
          namespace: namespace.metadata.name,
          values: {
            fullnameOverride: "k8s-gateway",
            domain: args.config.domain,
            watchedResources: watched,
            replicaCount: 1,
            image: splitImage(args.config.image ?? `${images.k8sGateway.repository}:${images.k8sGateway.tag}`),
            service: { type: args.serviceType },
            resources: containerResources(size),
          },
        },
        { parent: this },
      );
    } else {
      pinnedRelease(
        "external-dns",
        {
          chart: charts.externalDns,
          namespace: namespace.metadata.name,
          values: {
            fullnameOverride: "external-dns",
            provider: { name: args.config.externalDnsProvider },
            sources: ["service", "ingress", "gateway-httproute"],
            domainFilters: [args.config.domain],
            txtOwnerId: "platform-lab",
            policy: "sync",
            // An empty list would make Helm warn that it cannot replace the chart's default map.
            ...(args.config.externalDnsArgs.length > 0 ? { extraArgs: args.config.externalDnsArgs } : {}),
            resources: containerResources(size),
          },
        },
        { parent: this },
      );
    }
    // In-cluster tools (phase-04 gateways, kubectl users) find the lab zone here without Pulumi state.
    new k8s.core.v1.ConfigMap(
      `${name}-zone`,
      {
        metadata: { name: "lab-dns-zone", namespace: namespace.metadata.name, labels: labLabels(args.phase, "cluster-dns") },
        data: { domain: args.config.domain, provider: args.config.provider },
      },
      { parent: this },
    );
    this.namespace = namespace.metadata.name;
    this.domain = args.config.domain;
    this.provider = args.config.provider;
    this.footprint = footprintOf(size);
    this.registerOutputs({ namespace: this.namespace, domain: this.domain, provider: this.provider });
  }
}
