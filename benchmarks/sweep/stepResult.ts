import { z } from "zod";
import { unitCostSchema, type BenchmarkResult } from "../../lib/benchmarkResult";
import { loadGeneratorSaturation } from "./saturation";

/**
 * One step of a rate sweep, as every consumer reads it (the stack's `benchmarks` output, the
 * comparison, the local table). Units are in the field names: `...PerSecond` are requests per
 * second, `...Ms` milliseconds, counts are whole requests/iterations.
 */
export const stepLatencyMsSchema = z.object({
  p50: z.number().nonnegative(),
  p90: z.number().nonnegative(),
  p95: z.number().nonnegative(),
  p99: z.number().nonnegative(),
  max: z.number().nonnegative(),
});

/** What the load generator itself showed during the step (see saturation.ts for how it is judged). */
export const loadGeneratorEvidenceSchema = z.object({
  /**
   * k6's mean time per measured iteration outside the HTTP request, ms:
   * avg(iteration_duration{scenario:measure}) − avg(http_req_duration{scenario:measure}). The
   * generated script does nothing else per iteration but one Counter add (microseconds), so a
   * large figure means the VUs waited for CPU. null when the summary lacks the submetric.
   */
  iterationOverheadMs: z.number().nullable().default(null),
  /**
   * Share of CFS periods in which the load generator's cgroup was throttled
   * (cpu.stat nr_throttled / nr_periods), when the runner read it; null otherwise.
   */
  cpuThrottledRatio: z.number().min(0).max(1).nullable().default(null),
});
export type LoadGeneratorEvidence = z.output<typeof loadGeneratorEvidenceSchema>;

export const saturationSchema = z.object({
  status: z.enum(["ok", "load-generator-saturated"]),
  /** Why it is saturated, one sentence per signal that fired; empty when ok. */
  reasons: z.array(z.string()),
});
export type Saturation = z.infer<typeof saturationSchema>;

export const sweepStepSchema = z.object({
  /** The step's target rate, requests per second. */
  offeredPerSecond: z.number().positive(),
  /** Requests per second the target actually received over the measured window. */
  achievedPerSecond: z.number().nonnegative(),
  /** Measured window, seconds (warm-up excluded). */
  measuredSeconds: z.number().positive(),
  /** Requests sent in the measured window, failed ones included. */
  requests: z.number().int().nonnegative(),
  /** Failed requests (k6 http_req_failed). */
  errors: z.number().int().nonnegative(),
  /** Iterations k6 could not start on schedule (dropped_iterations). */
  droppedIterations: z.number().int().nonnegative(),
  latencyMs: stepLatencyMsSchema,
  loadGenerator: loadGeneratorEvidenceSchema,
  saturation: saturationSchema,
  /** Cost figures joined by finops (servingUsd, perMillionRequests); absent until joined. */
  cost: z.record(z.string(), unitCostSchema).optional(),
});
export type SweepStep = z.output<typeof sweepStepSchema>;

/** Failed / all requests; 0 for a step that sent nothing (nothing failed). */
export function errorRatio(step: Pick<SweepStep, "requests" | "errors">): number {
  return step.requests > 0 ? step.errors / step.requests : 0;
}

/**
 * The step as the sweep reports it, from the normalized result of its measured window (median
 * trial when trials > 1), with saturation judged here so no consumer can forget it.
 */
export function sweepStepFromResult(args: {
  result: Pick<BenchmarkResult, "count" | "errors" | "dropped" | "rate" | "durationSeconds" | "latencyMs" | "cost" | "loadGenerator">;
  offeredPerSecond: number;
  /** Evidence beyond the result's own (e.g. cgroup throttling read by the runner); overrides it. */
  loadGenerator?: Partial<LoadGeneratorEvidence>;
}): SweepStep {
  const r = args.result;
  const loadGenerator = loadGeneratorEvidenceSchema.parse({ ...(r.loadGenerator ?? {}), ...(args.loadGenerator ?? {}) });
  const step = {
    offeredPerSecond: args.offeredPerSecond,
    achievedPerSecond: r.rate,
    measuredSeconds: r.durationSeconds,
    requests: r.count,
    errors: r.errors,
    droppedIterations: r.dropped,
    latencyMs: { p50: r.latencyMs.p50, p90: r.latencyMs.p90, p95: r.latencyMs.p95, p99: r.latencyMs.p99, max: r.latencyMs.max },
    loadGenerator,
    ...(r.cost ? { cost: r.cost } : {}),
  };
  return sweepStepSchema.parse({ ...step, saturation: loadGeneratorSaturation(step) });
}
