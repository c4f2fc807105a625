import type { BenchmarkOutcome } from "../../benchmarks/job/outcome";

/**
 * Stack outputs written by hand for the model's and renderers' unit tests: every figure here is
 * typed by a person so the expected values in the tests can be worked out on paper.
 */
export function pgbenchOutcome(over: { scenario: string; rate: number; count: number; p99: number; perMillion?: number | null; trials?: NonNullable<BenchmarkOutcome["result"]>["trials"] }): BenchmarkOutcome {
  return {
    status: "passed",
    result: {
      tool: "pgbench",
      toolVersion: "15.18",
      target: "postgres://lab-pg-rw:5432/app",
      scenario: over.scenario,
      startTime: "2026-12-07T06:00:00.000Z",
      durationSeconds: 10,
      count: over.count,
      rate: over.rate,
      errors: 0,
      dropped: 0,
      latencyMs: { avg: 1, stddev: 0.5, p50: 1, p90: 2, p95: 3, p99: over.p99, max: 10 },
      thresholds: [{ metric: "latency", expression: "p99<50", passed: true }],
      ...(over.trials ? { trials: over.trials } : {}),
      cost:
        over.perMillion === undefined
          ? undefined
          : {
              perTransaction: { value: over.perMillion === null ? null : over.perMillion / 1e6, unit: "USD per transaction", ...(over.perMillion === null ? { note: "no throughput: 0 transactions" } : {}) },
              perMillionTransactions: { value: over.perMillion, unit: "USD per million transactions", ...(over.perMillion === null ? { note: "no throughput: 0 transactions" } : {}) },
            },
    },
  };
}

export const refusedOutcome: BenchmarkOutcome = { status: "failed", reason: "init exited with 1: pgbench: error: connection to server at \"10.0.0.1\", port 5432 failed: Connection refused" };
