import { idleCost } from "../../finops/costModel";
import type { CostBlock } from "../../finops/costBlock";
import { resolvePricingProfile, parsePricingConfig } from "../../finops/profiles";
import { HOURS_PER_MONTH } from "../../finops/units";
import { clusterContracts } from "../../stacks/clusterContract";
import type { StackPlan } from "./planStack";

/** The run-rate part of a plan, in the shape `lab plan --cost-diff` compares. */
export interface PlanCost {
  readonly monthlyRunRateUsd: number;
  readonly awsReferenceMonthlyUsd: number;
  readonly profile: string;
}

export function planCost(plan: StackPlan): PlanCost | undefined {
  const cost = plan.outputs.cost as CostBlock | undefined;
  if (!cost) return undefined;
  return { monthlyRunRateUsd: cost.monthlyRunRateUsd, awsReferenceMonthlyUsd: cost.awsReferenceMonthlyUsd, profile: cost.profile };
}

/**
 * What the kind cluster offers that no phase requests, priced like the rest: idle capacity is a
 * cost of the lab too, reported apart from the phases rather than spread over them.
 */
export function kindIdleCapacity(plans: readonly StackPlan[]) {
  const cluster = clusterContracts.kind.planSample;
  const requested = plans
    .map((p) => (p.outputs.cost as CostBlock | undefined)?.totalFootprint)
    .filter((f): f is NonNullable<typeof f> => f !== undefined)
    .reduce((sum, f) => ({ cpuMillicores: sum.cpuMillicores + f.cpuMillicores, memoryMiB: sum.memoryMiB + f.memoryMiB }), { cpuMillicores: 0, memoryMiB: 0 });
  const pricing = resolvePricingProfile(parsePricingConfig({ profile: cluster.pricingProfile }));
  const capacity = { cpuMillicores: cluster.allocatableCpuMillicores, memoryMiB: cluster.allocatableMemoryMiB };
  const idle = idleCost(capacity, requested, HOURS_PER_MONTH, pricing.unitPrices);
  return {
    cluster: "kind (plan sample sizing)",
    capacity,
    requestedByAllPhases: requested,
    idle: idle.idle,
    idleMonthlyUsd: idle.total,
    profile: pricing.profile,
  };
}

/** The machine-readable plan: one document, stable keys, secrets already redacted. */
export function planDocument(plans: readonly StackPlan[], withIdle: boolean) {
  return {
    project: "platform-lab",
    summary: {
      stacks: plans.length,
      ok: plans.filter((p) => p.ok).length,
      failed: plans.filter((p) => !p.ok).map((p) => p.stack),
      resources: plans.reduce((n, p) => n + p.resources.length, 0),
      kubernetesObjectsValidated: plans.reduce((n, p) => n + p.schema.checked, 0),
      schemaViolations: plans.reduce((n, p) => n + p.schema.violations.length, 0),
    },
    stacks: plans.map((p) => ({ ...p, cost: planCost(p) })),
    ...(withIdle ? { idleCapacity: kindIdleCapacity(plans) } : {}),
  };
}
