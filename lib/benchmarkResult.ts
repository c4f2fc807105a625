import { z } from "zod";

/**
 * The one normalized benchmark result every tool's parser produces (k6, pgbench, ...).
 * Latencies are milliseconds, `rate` is per second over the measured window (warm-up excluded).
 */
export const latencyMsSchema = z.object({
  avg: z.number().nonnegative(),
  stddev: z.number().nonnegative().nullable(),
  p50: z.number().nonnegative(),
  p90: z.number().nonnegative(),
  p95: z.number().nonnegative(),
  p99: z.number().nonnegative(),
  max: z.number().nonnegative(),
});
export type LatencyMs = z.infer<typeof latencyMsSchema>;

export const thresholdResultSchema = z.object({
  /** The metric the threshold is on, e.g. `http_req_duration`. */
  metric: z.string(),
  /** The expression as the tool states it, e.g. `p(99)<500`. */
  expression: z.string(),
  passed: z.boolean(),
});

/** A per-unit cost figure joined to a result by the FinOps model (filled in by finops/). */
export const unitCostSchema = z.object({
  value: z.number().nonnegative().nullable(),
  /** e.g. `USD per million requests`. */
  unit: z.string(),
  /** Why `value` is null (e.g. "no throughput: 0 requests"), never Infinity or NaN. */
  note: z.string().optional(),
});

export const benchmarkResultSchema = z.object({
  tool: z.enum(["k6", "pgbench"]),
  /** The tool's own version string as it printed it. */
  toolVersion: z.string(),
  /** What was measured, e.g. `postgres://lab-pg-rw:5432/app` or `http://127.0.0.1:8080/`. */
  target: z.string(),
  /** e.g. `tpcb-like`, `select-only`, `constant-arrival-rate`. */
  scenario: z.string(),
  startTime: z.string().datetime({ offset: true }),
  durationSeconds: z.number().nonnegative(),
  /** Operations (requests, transactions, messages) attempted in the measured window, failed ones included. */
  count: z.number().int().nonnegative(),
  /**
   * Throughput per second over the measured window as the tool states it: pgbench's tps counts
   * successful transactions; k6 counts every request.
   */
  rate: z.number().nonnegative(),
  /** Failed operations (HTTP failures, failed transactions). */
  errors: z.number().int().nonnegative(),
  /** Operations the tool could not start on schedule (k6 dropped_iterations, pgbench skipped). */
  dropped: z.number().int().nonnegative().default(0),
  latencyMs: latencyMsSchema,
  /**
   * What the load generator showed about itself (k6: mean ms per measured iteration outside the
   * request), read by the sweep's saturation check (benchmarks/sweep/saturation.ts).
   */
  loadGenerator: z.object({ iterationOverheadMs: z.number().nullable() }).optional(),
  thresholds: z.array(thresholdResultSchema).default([]),
  /**
   * Present when the benchmark ran several trials: the figures above are the median trial's (by
   * rate), and this says how far the trials ranged.
   */
  trials: z
    .object({
      count: z.number().int().min(2),
      rate: z.object({ min: z.number().nonnegative(), max: z.number().nonnegative() }),
      p99Ms: z.object({ min: z.number().nonnegative(), max: z.number().nonnegative() }),
      /**
       * Each trial's own figures, in the order they ran: what `lab compare` tests for a
       * significant difference (a min and max alone cannot be ranked). Absent in results
       * recorded before it was kept.
       */
      perTrial: z
        .array(z.object({ rate: z.number().nonnegative(), p50: z.number().nonnegative(), p90: z.number().nonnegative(), p95: z.number().nonnegative(), p99: z.number().nonnegative() }))
        .optional(),
    })
    .optional(),
  /** Cost figures joined by finops/ (absent until joined). */
  cost: z.record(z.string(), unitCostSchema).optional(),
});
export type BenchmarkResult = z.infer<typeof benchmarkResultSchema>;
