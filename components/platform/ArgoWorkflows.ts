import * as pulumi from "@pulumi/pulumi";
import { addFootprints, type Footprint } from "../../lib/footprint";
import type { SizingProfile } from "../../lib/profileNames";
import { charts } from "../charts";
import { labNamespace } from "../core/LabNamespace";
import { restrictedPodSecurityContext } from "../core/podSecurity";
import { containerResources, footprintOf, type ContainerSize, type SizedByProfile } from "../core/sizing";
import { pinnedRelease } from "../helm/pinnedRelease";
import { serviceConnection } from "../helm/releaseConnection";

export interface ArgoWorkflowsArgs {
  readonly phase: string;
  readonly profile: SizingProfile;
  readonly namespace?: string;
}

const sizes: SizedByProfile<Record<"controller" | "server", ContainerSize>> = {
  laptop: { controller: { cpuMillicores: 100, memoryMiB: 128 }, server: { cpuMillicores: 50, memoryMiB: 128 } },
  hub: { controller: { cpuMillicores: 200, memoryMiB: 256 }, server: { cpuMillicores: 100, memoryMiB: 192 } },
};

/** Argo Workflows controller and server: the lab's engine for multi-step benchmark pipelines. */
/** The server Service under `fullnameOverride: argo-workflows`, plain HTTP (`server.secure: false`). */
export const argoWorkflowsServer = serviceConnection("argo-workflows-server", 2746, "phase-01 output argoWorkflowsServerUrl");

export class ArgoWorkflows extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  public readonly serverUrl: pulumi.Output<string>;
  public readonly footprint: Footprint;

  constructor(name: string, args: ArgoWorkflowsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:platform:ArgoWorkflows", name, {}, opts);
    const size = sizes[args.profile];
    const namespace = labNamespace(args.namespace ?? "argo-workflows", { phase: args.phase, component: "argo-workflows" }, { parent: this });
    const release = pinnedRelease(
      "argo-workflows",
      {
        chart: charts.argoWorkflows,
        namespace: namespace.metadata.name,
        values: {
          fullnameOverride: "argo-workflows",
          crds: { install: true },
          // The chart's pods set no seccomp profile, which `restricted` requires.
          controller: { replicas: 1, resources: containerResources(size.controller), podSecurityContext: restrictedPodSecurityContext },
          // TLS ends at the phase-04 gateways; set explicitly so the URL below does not hang on a chart default.
          server: {
            enabled: true,
            secure: false,
            replicas: 1,
            resources: containerResources(size.server),
            serviceType: "ClusterIP",
            podSecurityContext: restrictedPodSecurityContext,
          },
        },
      },
      { parent: this },
    );
    this.namespace = namespace.metadata.name;
    this.serverUrl = pulumi.interpolate`http://${argoWorkflowsServer.name}.${release.status.namespace}.svc.cluster.local:${argoWorkflowsServer.port}`;
    this.footprint = addFootprints(footprintOf(size.controller), footprintOf(size.server));
    this.registerOutputs({ namespace: this.namespace, serverUrl: this.serverUrl });
  }
}
