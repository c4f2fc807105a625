import { BUCKET_METRIC_PREFIX, HISTOGRAM_BUCKETS, HISTOGRAM_GROWTH, HISTOGRAM_MIN_MS } from "../../benchmarks/k6/histogram";
import { independentBuckets } from "./independentBuckets";

/**
 * Builds k6 end-of-test data in the shapes of k6's js/summary.go (summarizeMetricsToObject) from
 * known samples, so tests know the exact answer. Trend percentiles use k6's TrendSink rule
 * (linear interpolation at p*(n-1)), counters {count, rate over the whole run}, rates
 * {rate, passes, fails}. The bucket counters come from tests' own bucketing (independentBuckets),
 * not the production histogram. For synthetic edge cases only: the k6 fixtures are real captures.
 */
export interface RunnerSamples {
  measureMs: number[];
  warmupMs: number[];
  failedMeasure: number;
  droppedMeasure: number;
}

function k6Percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const pos = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function trend(samples: number[]): Record<string, number> {
  const s = [...samples].sort((a, b) => a - b);
  const sum = s.reduce((a, b) => a + b, 0);
  return {
    avg: s.length ? sum / s.length : 0,
    min: s[0] ?? 0,
    med: k6Percentile(s, 50),
    max: s[s.length - 1] ?? 0,
    "p(90)": k6Percentile(s, 90),
    "p(95)": k6Percentile(s, 95),
    "p(99)": k6Percentile(s, 99),
  };
}

export function buildHandleSummaryData(
  r: RunnerSamples,
  opts: { warmupSeconds: number; measureSeconds: number; target: string; summaryAt: string; thresholds?: Record<string, Record<string, boolean>>; withHistogram?: boolean },
): Record<string, unknown> {
  const runS = opts.warmupSeconds + opts.measureSeconds + 0.012;
  const all = [...r.warmupMs, ...r.measureMs];
  const th = opts.thresholds ?? {};
  const metric = (type: string, contains: string, values: Record<string, number>, name: string) => ({
    type,
    contains,
    values,
    ...(th[name] ? { thresholds: Object.fromEntries(Object.entries(th[name]).map(([e, ok]) => [e, { ok }])) } : {}),
  });
  const counter = (n: number) => ({ count: n, rate: n / runS });
  const rate = (passes: number, total: number) => ({ rate: total ? passes / total : 0, passes, fails: total - passes });
  const metrics: Record<string, unknown> = {
    http_req_duration: metric("trend", "time", trend(all), "http_req_duration"),
    "http_req_duration{scenario:measure}": metric("trend", "time", trend(r.measureMs), "http_req_duration{scenario:measure}"),
    "http_req_duration{expected_response:true}": metric("trend", "time", trend(all), "x"),
    http_reqs: metric("counter", "default", counter(all.length), "http_reqs"),
    "http_reqs{scenario:measure}": metric("counter", "default", counter(r.measureMs.length), "http_reqs{scenario:measure}"),
    http_req_failed: metric("rate", "default", rate(r.failedMeasure, all.length), "http_req_failed"),
    "http_req_failed{scenario:measure}": metric("rate", "default", rate(r.failedMeasure, r.measureMs.length), "http_req_failed{scenario:measure}"),
    iterations: metric("counter", "default", counter(all.length), "iterations"),
    "iterations{scenario:measure}": metric("counter", "default", counter(r.measureMs.length), "x"),
    dropped_iterations: metric("counter", "default", counter(r.droppedMeasure), "x"),
    "dropped_iterations{scenario:measure}": metric("counter", "default", counter(r.droppedMeasure), "x"),
    vus: metric("gauge", "default", { value: 1, min: 1, max: 4 }, "x"),
    vus_max: metric("gauge", "default", { value: 10, min: 10, max: 10 }, "x"),
    data_received: metric("counter", "data", counter(all.length * 160), "x"),
    iteration_duration: metric("trend", "time", trend(all.map((x) => x + 0.05)), "x"),
  };
  if (opts.withHistogram !== false) {
    for (const [i, n] of independentBuckets(r.measureMs)) metrics[`${BUCKET_METRIC_PREFIX}${i}`] = metric("counter", "default", counter(n), "x");
  }
  return {
    root_group: { name: "", path: "", id: "d41d8cd98f00b204e9800998ecf8427e", groups: [], checks: [] },
    options: { summaryTrendStats: ["avg", "min", "med", "max", "p(90)", "p(95)", "p(99)"], summaryTimeUnit: "", noColor: false },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: runS * 1000 },
    metrics,
    lab: {
      target: opts.target,
      executor: "constant-arrival-rate",
      measureSeconds: opts.measureSeconds,
      warmupSeconds: opts.warmupSeconds,
      histogram: { minMs: HISTOGRAM_MIN_MS, growth: HISTOGRAM_GROWTH, buckets: HISTOGRAM_BUCKETS, prefix: BUCKET_METRIC_PREFIX },
      summaryAt: opts.summaryAt,
    },
  };
}

/** Deterministic pseudo-random latencies (log-normal-ish), so fixtures can be rebuilt identically. */
export function syntheticLatencies(n: number, seed: number, medianMs: number): number[] {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
  return Array.from({ length: n }, () => {
    const u = Math.max(next(), 1e-9);
    const v = next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.round(medianMs * Math.exp(0.6 * z) * 1000) / 1000;
  });
}
