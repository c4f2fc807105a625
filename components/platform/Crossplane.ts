import * as pulumi from "@pulumi/pulumi";
import { addFootprints, type Footprint } from "../../lib/footprint";
import type { SizingProfile } from "../../lib/profileNames";
import { charts } from "../charts";
import { labNamespace } from "../core/LabNamespace";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../core/podSecurity";
import { chartContainerResources, footprintOf, type ContainerSize, type SizedByProfile } from "../core/sizing";
import { pinnedRelease } from "../helm/pinnedRelease";

export interface CrossplaneArgs {
  readonly phase: string;
  readonly profile: SizingProfile;
  readonly namespace?: string;
}

const sizes: SizedByProfile<Record<"crossplane" | "rbacManager", ContainerSize>> = {
  laptop: { crossplane: { cpuMillicores: 100, memoryMiB: 256 }, rbacManager: { cpuMillicores: 50, memoryMiB: 64 } },
  hub: { crossplane: { cpuMillicores: 200, memoryMiB: 512 }, rbacManager: { cpuMillicores: 50, memoryMiB: 128 } },
};

/** Crossplane core; providers (AWS for the RDS comparison) are installed by the phases that use them. */
export class Crossplane extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  public readonly footprint: Footprint;

  constructor(name: string, args: CrossplaneArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:platform:Crossplane", name, {}, opts);
    const size = sizes[args.profile];
    const namespace = labNamespace(args.namespace ?? "crossplane-system", { phase: args.phase, component: "crossplane" }, { parent: this });
    pinnedRelease(
      "crossplane",
      {
        chart: charts.crossplane,
        namespace: namespace.metadata.name,
        values: {
          replicas: 1,
          resourcesCrossplane: chartContainerResources(size.crossplane),
          rbacManager: { deploy: true, replicas: 1 },
          resourcesRBACManager: chartContainerResources(size.rbacManager),
          // The chart runs as a non-root UID but sets no seccomp profile, runAsNonRoot or dropped capabilities.
          podSecurityContextCrossplane: restrictedPodSecurityContext,
          podSecurityContextRBACManager: restrictedPodSecurityContext,
          securityContextCrossplane: restrictedContainerSecurityContext,
          securityContextRBACManager: restrictedContainerSecurityContext,
        },
      },
      { parent: this },
    );
    this.namespace = namespace.metadata.name;
    this.footprint = addFootprints(footprintOf(size.crossplane), footprintOf(size.rbacManager));
    this.registerOutputs({ namespace: this.namespace });
  }
}
