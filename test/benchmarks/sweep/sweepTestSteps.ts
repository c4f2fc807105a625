import { sweepStepFromResult, type SweepStep } from "../../../benchmarks/sweep/stepResult";

/** A step from round hand-picked figures (the expectations in the tests are worked out by hand from these). */
export function step(
  offeredPerSecond: number,
  fig: { p50: number; p99: number; requests?: number; errors?: number; dropped?: number; overheadMs?: number; perMillionUsd?: number },
): SweepStep {
  const requests = fig.requests ?? offeredPerSecond * 10;
  return sweepStepFromResult({
    offeredPerSecond,
    result: {
      count: requests,
      errors: fig.errors ?? 0,
      dropped: fig.dropped ?? 0,
      rate: requests / 10,
      durationSeconds: 10,
      latencyMs: { avg: fig.p50, stddev: null, p50: fig.p50, p90: fig.p50 * 2, p95: fig.p50 * 3, p99: fig.p99, max: fig.p99 * 2 },
      ...(fig.perMillionUsd !== undefined ? { cost: { perMillionRequests: { value: fig.perMillionUsd, unit: "USD per million requests" } } } : {}),
    },
    loadGenerator: { iterationOverheadMs: fig.overheadMs ?? 0.1 },
  });
}
