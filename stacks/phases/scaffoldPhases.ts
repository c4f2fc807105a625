import { z } from "zod";
import { ScaffoldPhase } from "../../components/core/ScaffoldPhase";
import { defineContract } from "../stackContract";
import type { PhaseStackName } from "../stackNames";
import { phaseBaseConfigSchema } from "./phaseConfig";
import { clusterProvider, phaseContext } from "./phaseContext";
import { phaseCost } from "./phaseCost";

/** Phases whose content arrives in later issues; their contract so far is their namespace. */
export interface ScaffoldPhaseDefinition {
  readonly stack: PhaseStackName;
  readonly title: string;
  readonly componentType: string;
  readonly namespace: string;
  /** Earlier stacks the phase will read; read now so the deploy order is already enforced. */
  readonly needs: readonly PhaseStackName[];
}

export const scaffoldPhaseContractSchema = z.object({
  phase: z.string(),
  title: z.string(),
  namespace: z.string(),
  status: z.literal("scaffold"),
});

export const scaffoldPhases = {
  "phase-02": { stack: "phase-02", title: "CI/CD & supply chain", componentType: "lab:phase:SupplyChain", namespace: "lab-supply-chain", needs: ["phase-01"] },
  "phase-06": { stack: "phase-06", title: "Security & policy", componentType: "lab:phase:SecurityPolicy", namespace: "lab-security", needs: ["phase-01"] },
  "phase-07": { stack: "phase-07", title: "Service mesh", componentType: "lab:phase:ServiceMesh", namespace: "lab-mesh", needs: ["phase-04"] },
  "phase-09": { stack: "phase-09", title: "Autoscaling", componentType: "lab:phase:Autoscaling", namespace: "lab-autoscaling", needs: ["phase-01"] },
  "phase-10": { stack: "phase-10", title: "Performance & cost capstone", componentType: "lab:phase:Capstone", namespace: "lab-capstone", needs: ["phase-04", "phase-05", "phase-07", "phase-08"] },
} as const satisfies Record<string, ScaffoldPhaseDefinition>;

export function scaffoldContract(definition: ScaffoldPhaseDefinition) {
  return defineContract({
    stack: definition.stack,
    schema: scaffoldPhaseContractSchema,
    secretKeys: [],
    planSample: { phase: definition.stack, title: definition.title, namespace: definition.namespace, status: "scaffold" },
  });
}

/** The program of a scaffold phase: validated config, cluster, upstream phases, its component. */
export function scaffoldProgram(definition: ScaffoldPhaseDefinition, readUpstream: (stack: PhaseStackName) => Promise<unknown>) {
  return async () => {
    const { cluster, pricing } = await phaseContext(phaseBaseConfigSchema);
    for (const upstream of definition.needs) await readUpstream(upstream);
    const provider = clusterProvider(cluster);
    const phase = new ScaffoldPhase(definition.componentType, definition.stack, { phase: definition.stack, namespace: definition.namespace }, { providers: [provider] });
    // A namespace requests nothing; the block still states the prices later content will be judged by.
    const cost = phaseCost(definition.stack, pricing, {});
    return { phase: definition.stack, title: definition.title, namespace: phase.namespace, status: "scaffold" as const, cost };
  };
}
