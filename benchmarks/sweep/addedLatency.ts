import { z } from "zod";
import type { SweepStep } from "./stepResult";

/**
 * Latency a target adds over the baseline (the same definition straight at the backend) at each
 * step, matched by offered rate. A delta is null, with the reason, when either side's step is
 * missing or load-generator-saturated: such a figure would measure k6, not the target.
 */
export const addedLatencyStepSchema = z.object({
  offeredPerSecond: z.number().positive(),
  /** target p50 − baseline p50, ms (negative when the target measured faster: noise). */
  p50Ms: z.number().nullable(),
  /** target p99 − baseline p99, ms. */
  p99Ms: z.number().nullable(),
  note: z.string().optional(),
});
export type AddedLatencyStep = z.infer<typeof addedLatencyStepSchema>;

export function addedLatency(baseline: readonly SweepStep[], target: readonly SweepStep[]): AddedLatencyStep[] {
  return target.map((step) => {
    const base = baseline.find((b) => b.offeredPerSecond === step.offeredPerSecond);
    const none = (note: string): AddedLatencyStep => ({ offeredPerSecond: step.offeredPerSecond, p50Ms: null, p99Ms: null, note });
    if (!base) return none(`the baseline has no ${step.offeredPerSecond}/s step`);
    if (step.saturation.status !== "ok") return none("load generator saturated at this step (target run)");
    if (base.saturation.status !== "ok") return none("load generator saturated at this step (baseline run)");
    return { offeredPerSecond: step.offeredPerSecond, p50Ms: step.latencyMs.p50 - base.latencyMs.p50, p99Ms: step.latencyMs.p99 - base.latencyMs.p99 };
  });
}
