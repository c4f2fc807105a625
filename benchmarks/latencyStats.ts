import type { LatencyMs } from "../lib/benchmarkResult";

/**
 * Latency percentiles by the nearest-rank definition: the p-th percentile of N sorted samples is
 * the sample at 1-based rank ceil(p/100 * N). It is always a value that was really observed, it
 * needs no interpolation choice, and an independent `sort -n | awk` reproduces it exactly, which is
 * what the harness checks. Rank is computed in integers (p in thousandths of a percent, so k6's
 * `p(99.9)` works too) so floating point cannot move it by one.
 */
export function nearestRankIndex(p: number, n: number): number {
  const milli = Math.round(p * 1000);
  if (!(p > 0 && p <= 100) || Math.abs(p * 1000 - milli) > 1e-6) throw new Error(`percentile must be in (0, 100] with at most 3 decimals, got ${p}`);
  if (!Number.isInteger(n) || n <= 0) throw new Error("no samples");
  return Math.floor((milli * n + 99_999) / 100_000) - 1;
}

/** Summary of latency samples (any unit in, same unit out), population stddev like pgbench's own. */
export function summarizeLatencies(samples: ArrayLike<number>): LatencyMs {
  const n = samples.length;
  if (n === 0) throw new Error("cannot summarize latencies: no samples");
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  const avg = sum / n;
  let sq = 0;
  for (let i = 0; i < n; i++) sq += (sorted[i] - avg) ** 2;
  const at = (p: number) => sorted[nearestRankIndex(p, n)];
  return { avg, stddev: Math.sqrt(sq / n), p50: at(50), p90: at(90), p95: at(95), p99: at(99), max: sorted[n - 1] };
}
