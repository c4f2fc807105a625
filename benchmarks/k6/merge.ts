import { addHistograms, histogramPercentile, type Histogram } from "./histogram";
import type { K6Measured } from "./summary";
import { evaluateThreshold } from "./thresholds";

/**
 * k6 execution segments for N parallel runners: runner i takes `i/N:(i+1)/N` of every scenario's
 * arrival rate, and all share one `--execution-segment-sequence` so k6 spreads iterations evenly.
 */
export function executionSegments(n: number): Array<{ segment: string; sequence: string }> {
  if (!Number.isInteger(n) || n < 1) throw new Error(`parallelism must be a whole number ≥ 1, got ${n}`);
  const point = (i: number) => (i === 0 ? "0" : i === n ? "1" : `${i}/${n}`);
  const sequence = Array.from({ length: n + 1 }, (_, i) => point(i)).join(",");
  return Array.from({ length: n }, (_, i) => ({ segment: `${point(i)}:${point(i + 1)}`, sequence }));
}

/**
 * Merge runners' summaries of one segmented test: counts, errors and dropped iterations add up;
 * max is the max of maxes, min the min of mins, avg the count-weighted mean; every percentile
 * comes from the summed histogram (never an average of percentiles, which has no meaning).
 * Thresholds on figures the merge knows are evaluated again on the merged figures; the others
 * pass only if they passed on every runner.
 */
export function mergeK6Measured(runners: readonly K6Measured[]): K6Measured {
  if (runners.length === 0) throw new Error("no k6 runner summaries to merge");
  if (runners.length === 1) return runners[0];
  const missing = runners.findIndex((r) => r.histogram === null);
  if (missing >= 0) {
    throw new Error(`k6 runner ${missing + 1} of ${runners.length} has no latency histogram (lab_latency_bucket_*): percentiles cannot be merged without it`);
  }
  const histogram = runners.map((r) => r.histogram as Histogram).reduce(addHistograms);
  const count = runners.reduce((s, r) => s + r.count, 0);
  const histCount = histogram.reduce((s, v) => s + v, 0);
  const max = Math.max(...runners.map((r) => r.trend.max));
  const min = Math.min(...runners.map((r) => r.trend.min));
  const avg = count > 0 ? runners.reduce((s, r) => s + r.trend.avg * r.count, 0) / count : 0;
  const p = (q: number) => (histCount > 0 ? histogramPercentile(histogram, q, max) : 0);
  const trend = { avg, min, max, med: p(50), p90: p(90), p95: p(95), p99: p(99) };
  const errors = runners.reduce((s, r) => s + r.errors, 0);
  const first = runners[0];
  const seconds = first.measureSeconds;

  const lookup = (metric: string) => (agg: string): number | undefined => {
    if (metric === "http_req_duration") {
      const pm = /^p\((\d+(?:\.\d+)?)\)$/.exec(agg);
      if (pm) return histCount > 0 ? histogramPercentile(histogram, Number(pm[1]), max) : undefined;
      return ({ avg, min, max, med: trend.med } as Record<string, number>)[agg];
    }
    if (metric === "http_req_failed" && agg === "rate") return count > 0 ? errors / count : 0;
    if (metric === "http_reqs" && agg === "count") return count;
    if (metric === "http_reqs" && agg === "rate" && seconds) return count / seconds;
    return undefined;
  };
  const thresholds = first.thresholds.map((t) => {
    const again = evaluateThreshold(t.expression, lookup(t.metric));
    const passed = again ?? runners.every((r) => r.thresholds.some((u) => u.metric === t.metric && u.expression === t.expression && u.passed));
    return { ...t, passed };
  });

  return {
    ...first,
    startTime: runners.map((r) => r.startTime).filter((s): s is string => s !== null).sort()[0] ?? null,
    testRunDurationMs: Math.max(...runners.map((r) => r.testRunDurationMs ?? 0)),
    measuredOnly: runners.every((r) => r.measuredOnly),
    count,
    errors,
    dropped: runners.reduce((s, r) => s + r.dropped, 0),
    trend,
    // Means are linear: the count-weighted mean of the runners' overheads is the run's overhead.
    iterationOverheadMs: runners.every((r) => r.iterationOverheadMs !== null) && count > 0 ? runners.reduce((s, r) => s + r.iterationOverheadMs! * r.count, 0) / count : null,
    histogram,
    thresholds,
  };
}
