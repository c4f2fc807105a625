import { z } from "zod";
import type { Slo } from "./rateSweep";
import { errorRatio, type SweepStep } from "./stepResult";

/**
 * The highest step a target holds the SLO at: walking up from the lowest step, each step holds
 * when p99 ≤ slo.p99Ms and errors / requests ≤ slo.errorRatio; the walk stops at the first step
 * that does not hold (a later lucky step does not raise the limit) or at the first
 * load-generator-saturated step, which is never counted as the target's limit: then the target
 * held everything that could be judged and its real limit is unknown above it.
 */
export const sloLimitSchema = z.object({
  /** Highest offered rate, requests per second, held before the walk stopped; null when the first step already failed or was saturated. */
  highestHoldingPerSecond: z.number().positive().nullable(),
  /** Why the walk stopped: an SLO breach, a saturated load generator, or the end of the sweep (limit ≥ the last step). */
  boundedBy: z.enum(["slo", "load-generator-saturated", "sweep-end"]),
  /** The step that stopped the walk, requests per second; null at sweep-end. */
  stoppedAtPerSecond: z.number().positive().nullable(),
  note: z.string(),
});
export type SloLimit = z.infer<typeof sloLimitSchema>;

export function holdsSlo(step: SweepStep, slo: Slo): boolean {
  return step.latencyMs.p99 <= slo.p99Ms && errorRatio(step) <= slo.errorRatio;
}

export function highestStepHoldingSlo(steps: readonly SweepStep[], slo: Slo): SloLimit {
  const ordered = [...steps].sort((a, b) => a.offeredPerSecond - b.offeredPerSecond);
  let held: number | null = null;
  for (const step of ordered) {
    if (step.saturation.status !== "ok") {
      return {
        highestHoldingPerSecond: held,
        boundedBy: "load-generator-saturated",
        stoppedAtPerSecond: step.offeredPerSecond,
        note: `the load generator saturated at ${step.offeredPerSecond}/s (${step.saturation.reasons.join("; ")}): the target's limit is not known above ${held ?? "the first step"}`,
      };
    }
    if (!holdsSlo(step, slo)) {
      const why = [
        step.latencyMs.p99 > slo.p99Ms ? `p99 ${step.latencyMs.p99} ms > ${slo.p99Ms} ms` : null,
        errorRatio(step) > slo.errorRatio ? `error ratio ${errorRatio(step)} > ${slo.errorRatio}` : null,
      ].filter((x): x is string => x !== null);
      return { highestHoldingPerSecond: held, boundedBy: "slo", stoppedAtPerSecond: step.offeredPerSecond, note: `SLO broken at ${step.offeredPerSecond}/s: ${why.join(", ")}` };
    }
    held = step.offeredPerSecond;
  }
  return {
    highestHoldingPerSecond: held,
    boundedBy: "sweep-end",
    stoppedAtPerSecond: null,
    note: held === null ? "no steps" : `held every step; the limit is at least ${held}/s`,
  };
}
