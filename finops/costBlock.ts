import { z } from "zod";
import { BenchmarkResult, unitCostSchema } from "../lib/benchmarkResult";
import { Footprint, addFootprints, footprintSchema } from "../lib/footprint";
import { costBreakdownSchema, monthlyRunRate } from "./costModel";
import { OPENCOST_CPU_TO_RAM_RATIO } from "./nodePriceSplit";
import { UnitPrices, unitPricesSchema } from "./unitPrices";
import { HOURS_PER_MONTH } from "./units";

/**
 * What every phase stack exports under `cost`: its run-rate under the active profile and under the
 * AWS reference, per component, the per-unit figures of its benchmarks, and the prices (with units
 * and sources) and assumptions that produced them, so the numbers can be re-derived by hand.
 * Plain JSON: it goes through stack outputs and into the plan document that costDiff reads.
 */
export const costBlockSchema = z.object({
  phase: z.string().min(1),
  profile: z.string().min(1),
  currency: z.literal("USD"),
  hoursPerMonth: z.literal(HOURS_PER_MONTH),
  /** USD per month to keep the phase running under the active profile. */
  monthlyRunRateUsd: z.number().nonnegative(),
  /** USD per month for the same allocation at AWS prices. */
  awsReferenceMonthlyUsd: z.number().nonnegative(),
  totalFootprint: footprintSchema,
  components: z.array(
    z.object({
      name: z.string(),
      footprint: footprintSchema,
      monthly: costBreakdownSchema,
      awsReferenceMonthly: costBreakdownSchema,
    }),
  ),
  benchmarks: z.record(
    z.string(),
    z.object({
      tool: z.string(),
      scenario: z.string(),
      target: z.string(),
      cost: z.record(z.string(), unitCostSchema),
    }),
  ),
  prices: z.object({ active: unitPricesSchema, awsReference: unitPricesSchema }),
  assumptions: z.array(z.string()),
});
export type CostBlock = z.infer<typeof costBlockSchema>;

export interface PhaseCostBlockArgs {
  phase: string;
  profileName: string;
  unitPrices: UnitPrices;
  awsReferencePrices: UnitPrices;
  /** Component name -> what it requests (lib/footprint.ts). */
  footprints: Record<string, Footprint>;
  /** Benchmark name -> result, ideally already joined to cost (finops/joinBenchmark.ts). */
  benchmarks?: Record<string, BenchmarkResult>;
}

export const costAssumptions: readonly string[] = [
  `${HOURS_PER_MONTH} hours per month (8760 h / 12), for every hourly<->monthly conversion`,
  "allocated = max(request, usage) per container and resource (OpenCost's rule); footprints are requests",
  `machine prices split into vCPU-hour and GiB-hour by OpenCost's CPU:RAM cost ratio ${OPENCOST_CPU_TO_RAM_RATIO.toFixed(4)}`,
  "idle node capacity is not spread over components; it is reported separately",
  "AWS reference: us-east-1 On-Demand Linux list prices (no Savings Plans, no EKS control plane in per-component figures)",
  "per-unit figures divide the serving pods' cost by successful operations; load generators are reported apart",
];

export function phaseCostBlock(args: PhaseCostBlockArgs): CostBlock {
  const components = Object.entries(args.footprints).map(([name, raw]) => {
    const footprint = footprintSchema.parse(raw);
    return {
      name,
      footprint,
      monthly: monthlyRunRate(footprint, args.unitPrices),
      awsReferenceMonthly: monthlyRunRate(footprint, args.awsReferencePrices),
    };
  });
  const benchmarks = Object.fromEntries(
    Object.entries(args.benchmarks ?? {}).map(([name, result]) => [
      name,
      { tool: result.tool, scenario: result.scenario, target: result.target, cost: result.cost ?? {} },
    ]),
  );
  return costBlockSchema.parse({
    phase: args.phase,
    profile: args.profileName,
    currency: "USD",
    hoursPerMonth: HOURS_PER_MONTH,
    monthlyRunRateUsd: components.reduce((sum, c) => sum + c.monthly.total, 0),
    awsReferenceMonthlyUsd: components.reduce((sum, c) => sum + c.awsReferenceMonthly.total, 0),
    totalFootprint: addFootprints(...components.map((c) => c.footprint)),
    components,
    benchmarks,
    prices: { active: args.unitPrices, awsReference: args.awsReferencePrices },
    assumptions: [...costAssumptions],
  });
}
