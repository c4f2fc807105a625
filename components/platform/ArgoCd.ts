import * as pulumi from "@pulumi/pulumi";
import { addFootprints, type Footprint } from "../../lib/footprint";
import type { SizingProfile } from "../../lib/profileNames";
import { charts } from "../charts";
import { labNamespace } from "../core/LabNamespace";
import { containerResources, footprintOf, type ContainerSize, type SizedByProfile } from "../core/sizing";
import { pinnedRelease } from "../helm/pinnedRelease";
import { serviceConnection } from "../helm/releaseConnection";
import { scrapeLabel } from "../observability/scrapeConfigs";

export interface ArgoCdArgs {
  /** The phase stack that owns it, for labels. */
  readonly phase: string;
  /** laptop (kind) or hub sizing. */
  readonly profile: SizingProfile;
  readonly namespace?: string;
}

const sizes: SizedByProfile<Record<"controller" | "server" | "repoServer" | "applicationSet" | "redis", ContainerSize>> = {
  laptop: {
    controller: { cpuMillicores: 250, memoryMiB: 512 },
    server: { cpuMillicores: 50, memoryMiB: 128 },
    repoServer: { cpuMillicores: 100, memoryMiB: 256 },
    applicationSet: { cpuMillicores: 50, memoryMiB: 128 },
    redis: { cpuMillicores: 50, memoryMiB: 64 },
  },
  hub: {
    controller: { cpuMillicores: 500, memoryMiB: 1024 },
    server: { cpuMillicores: 100, memoryMiB: 256 },
    repoServer: { cpuMillicores: 250, memoryMiB: 512 },
    applicationSet: { cpuMillicores: 50, memoryMiB: 128 },
    redis: { cpuMillicores: 50, memoryMiB: 128 },
  },
};

/** Argo CD, single replica per component, without Dex and notifications (the lab has no SSO). */
/** The API/UI Service the chart renders under `fullnameOverride: argocd`; serverUrl dials its port 80. */
export const argoCdServer = serviceConnection("argocd-server", 80, "phase-01 output argoCdServerUrl");

export class ArgoCd extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  /** In-cluster URL of the API server and UI (TLS is terminated by the phase-04 gateways). */
  public readonly serverUrl: pulumi.Output<string>;
  public readonly footprint: Footprint;

  constructor(name: string, args: ArgoCdArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:platform:ArgoCd", name, {}, opts);
    const size = sizes[args.profile];
    const namespace = labNamespace(args.namespace ?? "argocd", { phase: args.phase, component: "argocd" }, { parent: this });
    const release = pinnedRelease(
      "argocd",
      {
        chart: charts.argoCd,
        namespace: namespace.metadata.name,
        values: {
          // A fixed full name makes the Service names (argocd-server, ...) part of the contract.
          fullnameOverride: "argocd",
          configs: { params: { "server.insecure": true } },
          // Its metrics Service carries the lab's scrape label: phase-03's backends read argocd_app_sync_total for the sync SLO.
          controller: { replicas: 1, resources: containerResources(size.controller), metrics: { enabled: true, service: { labels: { [scrapeLabel.key]: scrapeLabel.value } } } },
          server: { replicas: 1, resources: containerResources(size.server), service: { type: "ClusterIP" } },
          repoServer: { replicas: 1, resources: containerResources(size.repoServer) },
          applicationSet: { replicas: 1, resources: containerResources(size.applicationSet) },
          redis: { resources: containerResources(size.redis) },
          "redis-ha": { enabled: false },
          dex: { enabled: false },
          notifications: { enabled: false },
        },
      },
      { parent: this },
    );
    this.namespace = namespace.metadata.name;
    this.serverUrl = pulumi.interpolate`http://${argoCdServer.name}.${release.status.namespace}.svc.cluster.local`;
    this.footprint = addFootprints(...Object.values(size).map((s) => footprintOf(s)));
    this.registerOutputs({ namespace: this.namespace, serverUrl: this.serverUrl });
  }
}
