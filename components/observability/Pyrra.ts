import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Footprint } from "../../lib/footprint";
import type { SizingProfile } from "../../lib/profileNames";
import { charts } from "../charts";
import { labLabels } from "../core/labels";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../core/podSecurity";
import { containerResources, footprintOf, type ContainerSize, type SizedByProfile } from "../core/sizing";
import { pinnedRelease } from "../helm/pinnedRelease";
import { serviceConnection } from "../helm/releaseConnection";
import { serviceLevelObjectiveResource, type ServiceLevelObjective } from "./serviceLevelObjectives";

export interface PyrraArgs {
  readonly phase: string;
  readonly profile: SizingProfile;
  readonly namespace: pulumi.Input<string>;
  readonly namespaceName: string;
  /** Where Pyrra's API reads the SLOs' current state (Prometheus: its recording rules are PrometheusRules). */
  readonly prometheusUrl: string;
  readonly objectives: readonly ServiceLevelObjective[];
  /** The chart (its CRD) must exist before an SLO is created. */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** The API server and the Kubernetes operator: two containers of one pod, this size each. */
const sizes: SizedByProfile<ContainerSize> = {
  laptop: { cpuMillicores: 25, memoryMiB: 64 },
  hub: { cpuMillicores: 50, memoryMiB: 128 },
};

export const pyrraService = serviceConnection("pyrra", 9099, "phase-03 output pyrraUrl");

export function pyrraValues(profile: SizingProfile, prometheusUrl: string) {
  return {
    fullnameOverride: pyrraService.name,
    prometheusUrl,
    resources: containerResources(sizes[profile]),
    podSecurityContext: { ...restrictedPodSecurityContext, runAsUser: 65534, runAsGroup: 65534 },
    securityContext: { ...restrictedContainerSecurityContext, readOnlyRootFilesystem: true },
  };
}

/** Pyrra and the lab's SLOs as ServiceLevelObjective resources. */
export class Pyrra extends pulumi.ComponentResource {
  public readonly url: string;
  public readonly objectiveNames: string[];
  public readonly footprint: Footprint;

  constructor(name: string, args: PyrraArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:observability:Pyrra", name, {}, opts);
    const labels = labLabels(args.phase, "pyrra");
    const release = pinnedRelease("pyrra", { chart: charts.pyrra, namespace: args.namespace, values: pyrraValues(args.profile, args.prometheusUrl) }, { parent: this, dependsOn: args.dependsOn });
    for (const slo of args.objectives) {
      new k8s.apiextensions.CustomResource(`${name}-slo-${slo.name}`, serviceLevelObjectiveResource(slo, args.namespaceName, labels), { parent: this, dependsOn: [release] });
    }
    this.objectiveNames = args.objectives.map((o) => o.name);
    this.url = `http://${pyrraService.name}.${args.namespaceName}.svc.cluster.local:${pyrraService.port}`;
    // One pod, two containers (the Kubernetes operator and the API) of this size each.
    const size = sizes[args.profile];
    this.footprint = footprintOf({ cpuMillicores: size.cpuMillicores * 2, memoryMiB: size.memoryMiB * 2 });
    this.registerOutputs({ url: this.url });
  }
}
