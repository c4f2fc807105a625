import type { BenchmarkResult } from "../../lib/benchmarkResult";

/**
 * Repeated trials are reported as the median trial (by rate) with the spread of all trials.
 * The median is one real trial, whole, so its figures stay consistent with each other, which a
 * per-field median would not be. With an even count the lower median is taken. Each trial's
 * rate and percentiles are kept too, for `lab compare`'s significance test.
 */
export function medianTrial(trials: readonly BenchmarkResult[]): BenchmarkResult {
  if (trials.length === 0) throw new Error("no trials");
  if (trials.length === 1) return trials[0];
  const byRate = [...trials].sort((a, b) => a.rate - b.rate);
  const median = byRate[Math.floor((byRate.length - 1) / 2)];
  const span = (f: (r: BenchmarkResult) => number) => ({ min: Math.min(...trials.map(f)), max: Math.max(...trials.map(f)) });
  const perTrial = trials.map((r) => ({ rate: r.rate, p50: r.latencyMs.p50, p90: r.latencyMs.p90, p95: r.latencyMs.p95, p99: r.latencyMs.p99 }));
  return { ...median, trials: { count: trials.length, rate: span((r) => r.rate), p99Ms: span((r) => r.latencyMs.p99), perTrial } };
}
