import type { BenchmarkResult } from "../../lib/benchmarkResult";
import { phaseCostBlock, type CostBlock } from "../../finops/costBlock";
import type { Footprint } from "../../lib/footprint";
import type { ResolvedPricing } from "../../finops/profiles";

/** The `cost` output of a phase: its run-rate under the active profile and the AWS reference. */
export function phaseCost(
  phase: string,
  pricing: ResolvedPricing,
  footprints: Record<string, Footprint>,
  benchmarks?: Record<string, BenchmarkResult>,
): CostBlock {
  return phaseCostBlock({
    phase,
    profileName: pricing.profile,
    unitPrices: pricing.unitPrices,
    awsReferencePrices: pricing.awsReference,
    footprints,
    benchmarks,
  });
}
