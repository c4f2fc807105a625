import * as pulumi from "@pulumi/pulumi";
import { labNamespace } from "./LabNamespace";

export interface ScaffoldPhaseArgs {
  /** The phase stack, e.g. `phase-03`. */
  readonly phase: string;
  /** The namespace the phase's workloads will live in. */
  readonly namespace: string;
}

/**
 * A phase whose components come in a later issue: it owns its namespace now so the stack, its
 * contract and its place in the dependency order are real from the start.
 */
export class ScaffoldPhase extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;

  constructor(type: string, name: string, args: ScaffoldPhaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super(type, name, {}, opts);
    const namespace = labNamespace(args.namespace, { phase: args.phase, component: "phase" }, { parent: this });
    this.namespace = namespace.metadata.name;
    this.registerOutputs({ namespace: this.namespace });
  }
}
