import { z } from "zod";
import { unitCostSchema } from "../lib/benchmarkResult";
import { UnitPrices } from "./unitPrices";
import { HOURS_PER_MONTH, cpuCost, memoryCost, mibToGib, millicoresToCores, storageCost } from "./units";

/**
 * The cost model, OpenCost's rule: a workload pays for what it holds, which is the larger of what it
 * requested (the scheduler reserves it) and what it used (it may burst above its request).
 *   cost = allocated resources x hours x unit price
 * Capacity nobody holds is idle cost, reported on its own line rather than spread over workloads.
 */

export interface ComputeResources {
  cpuMillicores: number;
  memoryMiB: number;
}

export interface Allocation extends ComputeResources {
  /** Persistent volume GiB; priced per GB-month (1 GiB of PVC = 1 billed GB, as EBS bills). */
  storageGiB?: number;
}

export interface ContainerResources {
  request: ComputeResources;
  /** Observed usage over the window (e.g. average from metrics); absent = no usage data. */
  usage?: ComputeResources;
}

/** Sum over containers of max(request, usage), per resource, per container. */
export function allocatedResources(containers: readonly ContainerResources[]): ComputeResources {
  return containers.reduce<ComputeResources>(
    (sum, { request, usage }) => ({
      cpuMillicores: sum.cpuMillicores + Math.max(request.cpuMillicores, usage?.cpuMillicores ?? 0),
      memoryMiB: sum.memoryMiB + Math.max(request.memoryMiB, usage?.memoryMiB ?? 0),
    }),
    { cpuMillicores: 0, memoryMiB: 0 },
  );
}

export const costBreakdownSchema = z.object({
  cpu: z.number().nonnegative(),
  memory: z.number().nonnegative(),
  storage: z.number().nonnegative(),
  total: z.number().nonnegative(),
  /** e.g. `USD over 2 h`, `USD per month`. */
  unit: z.string(),
  hours: z.number().nonnegative(),
});
export type CostBreakdown = z.infer<typeof costBreakdownSchema>;

function checkHours(hours: number): void {
  if (!Number.isFinite(hours) || hours < 0) throw new Error(`cost period: got ${hours} hours, expected a finite number >= 0`);
}

function breakdown(cpu: number, memory: number, storage: number, hours: number, unit: string): CostBreakdown {
  return { cpu, memory, storage, total: cpu + memory + storage, unit, hours };
}

/** USD to hold `allocation` for `hours` at `prices`. */
export function allocationCost(allocation: Allocation, hours: number, prices: UnitPrices): CostBreakdown {
  checkHours(hours);
  return breakdown(
    cpuCost(prices.cpuPerVcpuHour, millicoresToCores(allocation.cpuMillicores), hours),
    memoryCost(prices.memoryPerGibHour, mibToGib(allocation.memoryMiB), hours),
    storageCost(prices.storagePerGbMonth, allocation.storageGiB ?? 0, hours),
    hours,
    `USD over ${hours} h`,
  );
}

/** USD per month (730 h) to keep `allocation` running. */
export function monthlyRunRate(allocation: Allocation, prices: UnitPrices): CostBreakdown {
  return { ...allocationCost(allocation, HOURS_PER_MONTH, prices), unit: "USD per month" };
}

/**
 * USD of node capacity nobody allocated during `hours`. Over-allocation (allocated > capacity, e.g.
 * usage bursting past requests on an overcommitted node) counts as zero idle, not negative.
 */
export function idleCost(
  nodeCapacity: Allocation,
  allocated: Allocation,
  hours: number,
  prices: UnitPrices,
): CostBreakdown & { idle: Required<Allocation> } {
  const idle: Required<Allocation> = {
    cpuMillicores: Math.max(0, nodeCapacity.cpuMillicores - allocated.cpuMillicores),
    memoryMiB: Math.max(0, nodeCapacity.memoryMiB - allocated.memoryMiB),
    storageGiB: Math.max(0, (nodeCapacity.storageGiB ?? 0) - (allocated.storageGiB ?? 0)),
  };
  return { ...allocationCost(idle, hours, prices), unit: `USD idle over ${hours} h`, idle };
}

export type UnitCost = z.infer<typeof unitCostSchema>;

/** "USD per million requests", "USD per transaction", "USD per 1000 messages". */
export function perUnitLabel(unitLabel: string, perHowMany: number): string {
  if (perHowMany === 1) return `USD per ${unitLabel}`;
  if (perHowMany === 1_000_000) return `USD per million ${unitLabel}`;
  if (perHowMany === 1_000) return `USD per thousand ${unitLabel}`;
  return `USD per ${perHowMany} ${unitLabel}`;
}

/**
 * USD per `perHowMany` units of work. A run that did no work has no per-unit cost: the value is
 * null with a note saying why, never Infinity or NaN (which JSON cannot even carry).
 */
export function perUnitCost(totalUsd: number, count: number | null | undefined, unitLabel: string, perHowMany = 1): UnitCost {
  const unit = perUnitLabel(unitLabel, perHowMany);
  if (!Number.isFinite(totalUsd) || totalUsd < 0) {
    return { value: null, unit, note: `no cost: total was ${totalUsd} USD` };
  }
  if (count === null || count === undefined || !Number.isFinite(count)) {
    return { value: null, unit, note: `no throughput: ${unitLabel} count missing` };
  }
  if (count <= 0) {
    return { value: null, unit, note: `no throughput: ${count} ${unitLabel}` };
  }
  if (!(perHowMany > 0)) throw new Error(`perUnitCost: got perHowMany ${perHowMany}, expected > 0`);
  return { value: (totalUsd / count) * perHowMany, unit };
}
