import { benchmarkResultSchema, type BenchmarkResult } from "../../lib/benchmarkResult";
import { BUCKET_METRIC_PREFIX, HISTOGRAM_BUCKETS, emptyHistogram, type Histogram } from "./histogram";
import { K6_SUMMARY_MARKER, MEASURE_SCENARIO } from "./script";

/**
 * k6 end-of-test data in its two machine-readable shapes (js/summary.go, summarizeMetricsToObject):
 * (a) the handleSummary `data` object: metrics[name] = {type, contains, values: {...},
 *     thresholds?: {expr: {ok}}} where `ok: true` means the threshold PASSED;
 * (b) the legacy `--summary-export` file: metrics[name] = {...values flattened, thresholds?:
 *     {expr: boolean}} where `true` means the threshold FAILED.
 * Values: trend {avg,min,med,max,p(N)} in ms; counter {count, rate}; rate {rate|value, passes,
 * fails}; gauge {value, min, max}. Counter `rate` is over the whole test run, warm-up included, so
 * the measured rate is recomputed from the count and the measured window.
 */
export interface K6Measured {
  source: "handleSummary" | "summary-export";
  toolVersion: string | null;
  target: string | null;
  executor: string | null;
  startTime: string | null;
  /** Length of the measured scenario, s (from the generated script's `lab` block). */
  measureSeconds: number | null;
  /** Whole test run including warm-up, ms. */
  testRunDurationMs: number | null;
  /** True when the `{scenario:measure}` submetrics were found (warm-up excluded). */
  measuredOnly: boolean;
  count: number;
  errors: number;
  dropped: number;
  trend: { avg: number; min: number; med: number; max: number; p90: number; p95: number; p99: number };
  /**
   * Mean time per measured iteration outside the HTTP request, ms: avg(iteration_duration) −
   * avg(http_req_duration) of the measured scenario; the load generator's CPU-starvation signal
   * (benchmarks/sweep/saturation.ts). null when the summary has no iteration_duration submetric.
   */
  iterationOverheadMs: number | null;
  /** Bucket counts of measured request durations, when the script recorded them. */
  histogram: Histogram | null;
  thresholds: Array<{ metric: string; expression: string; passed: boolean }>;
}

type Values = Record<string, unknown>;
interface MetricView {
  values: Values;
  thresholds: Array<{ expression: string; passed: boolean }>;
}

export class K6SummaryError extends Error {}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function metricViews(data: Record<string, unknown>, source: K6Measured["source"]): Map<string, MetricView> {
  if (!isObj(data.metrics)) throw new K6SummaryError(`k6 ${source}: expected an object at "metrics"`);
  const out = new Map<string, MetricView>();
  for (const [name, raw] of Object.entries(data.metrics)) {
    if (!isObj(raw)) throw new K6SummaryError(`k6 ${source}: metrics.${name}: expected an object`);
    const thresholds: MetricView["thresholds"] = [];
    if (isObj(raw.thresholds)) {
      for (const [expression, t] of Object.entries(raw.thresholds)) {
        if (source === "handleSummary") {
          if (!isObj(t) || typeof t.ok !== "boolean") throw new K6SummaryError(`k6 handleSummary: metrics.${name}.thresholds[${JSON.stringify(expression)}]: expected {ok: boolean}`);
          thresholds.push({ expression, passed: t.ok });
        } else {
          if (typeof t !== "boolean") throw new K6SummaryError(`k6 summary-export: metrics.${name}.thresholds[${JSON.stringify(expression)}]: expected a boolean (true = failed)`);
          thresholds.push({ expression, passed: !t });
        }
      }
    }
    let values: Values;
    if (source === "handleSummary") {
      if (!isObj(raw.values)) throw new K6SummaryError(`k6 handleSummary: metrics.${name}.values: expected an object`);
      values = raw.values;
    } else {
      const { thresholds: _t, ...rest } = raw;
      void _t;
      values = rest;
    }
    out.set(name, { values, thresholds });
  }
  return out;
}

function num(v: Values, key: string, where: string): number {
  const x = v[key];
  if (typeof x !== "number" || !Number.isFinite(x)) throw new K6SummaryError(`k6 summary: ${where}.${key}: expected a number, got ${JSON.stringify(x)}`);
  return x;
}

/** `http_req_duration{scenario:measure}` -> `http_req_duration` (other tags kept). */
function userMetricName(name: string): string {
  const m = /^([^{]+)(?:\{(.*)\})?$/.exec(name);
  if (!m || m[2] === undefined) return name;
  const tags = m[2].split(",").filter((t) => t !== `scenario:${MEASURE_SCENARIO}`);
  return tags.length ? `${m[1]}{${tags.join(",")}}` : m[1];
}

function measuredFrom(data: Record<string, unknown>, source: K6Measured["source"], toolVersion: string | null): K6Measured {
  const views = metricViews(data, source);
  const measuredKey = (m: string) => `${m}{scenario:${MEASURE_SCENARIO}}`;
  const measuredOnly = views.has(measuredKey("http_req_duration"));
  const pick = (m: string): MetricView | undefined => views.get(measuredOnly ? measuredKey(m) : m);

  const duration = pick("http_req_duration");
  if (!duration) throw new K6SummaryError(`k6 ${source}: no http_req_duration metric (expected an HTTP test's summary)`);
  const where = measuredOnly ? measuredKey("http_req_duration") : "http_req_duration";
  const dv = duration.values;
  for (const k of ["p(90)", "p(95)", "p(99)"]) {
    if (!(k in dv)) throw new K6SummaryError(`k6 ${source}: ${where} has no ${k}: the run must set summaryTrendStats to include it`);
  }
  const trend = {
    avg: num(dv, "avg", where),
    min: num(dv, "min", where),
    med: num(dv, "med", where),
    max: num(dv, "max", where),
    p90: num(dv, "p(90)", where),
    p95: num(dv, "p(95)", where),
    p99: num(dv, "p(99)", where),
  };
  const reqs = pick("http_reqs");
  const count = reqs ? num(reqs.values, "count", "http_reqs") : 0;
  const failed = pick("http_req_failed");
  const errors = failed ? num(failed.values, "passes", "http_req_failed") : 0;
  const dropped = pick("dropped_iterations") ?? views.get("dropped_iterations");
  const droppedCount = dropped ? num(dropped.values, "count", "dropped_iterations") : 0;

  const iterations = measuredOnly ? views.get(measuredKey("iteration_duration")) : undefined;
  const iterationOverheadMs = iterations ? num(iterations.values, "avg", measuredKey("iteration_duration")) - trend.avg : null;

  let histogram: Histogram | null = null;
  for (const [name, view] of views) {
    if (!name.startsWith(BUCKET_METRIC_PREFIX)) continue;
    const i = Number(name.slice(BUCKET_METRIC_PREFIX.length));
    if (!Number.isInteger(i) || i < 0 || i >= HISTOGRAM_BUCKETS) throw new K6SummaryError(`k6 ${source}: ${name}: bucket index outside 0..${HISTOGRAM_BUCKETS - 1}`);
    histogram ??= emptyHistogram();
    histogram[i] = num(view.values, "count", name);
  }

  const thresholds: K6Measured["thresholds"] = [];
  for (const [name, view] of views) for (const t of view.thresholds) thresholds.push({ metric: userMetricName(name), ...t });

  const lab = isObj(data.lab) ? data.lab : {};
  const state = isObj(data.state) ? data.state : {};
  const testRunDurationMs = typeof state.testRunDurationMs === "number" ? state.testRunDurationMs : null;
  const measureSeconds = typeof lab.measureSeconds === "number" ? lab.measureSeconds : null;
  let startTime: string | null = null;
  if (typeof lab.summaryAt === "string" && testRunDurationMs !== null) {
    const warmupMs = typeof lab.warmupSeconds === "number" ? lab.warmupSeconds * 1000 : 0;
    startTime = new Date(Date.parse(lab.summaryAt) - testRunDurationMs + warmupMs).toISOString();
  }
  return {
    source,
    toolVersion,
    target: typeof lab.target === "string" ? lab.target : null,
    executor: typeof lab.executor === "string" ? lab.executor : null,
    startTime,
    measureSeconds,
    testRunDurationMs,
    measuredOnly,
    count,
    errors,
    dropped: droppedCount,
    trend,
    iterationOverheadMs,
    histogram,
    thresholds,
  };
}

/** `k6 v1.0.0 (go1.24.1, linux/amd64)` as printed by `k6 version` (the Job runs it first). */
function versionIn(text: string): string | null {
  const m = /^\s*k6 (v\d+\.\d+\.\d+\S*(?: \([^)]*\))?)\s*$/m.exec(text);
  return m ? m[1] : null;
}

/** Find the marked handleSummary line in a log (the last one wins) and decode it. */
export function extractK6SummaryData(log: string): { data: Record<string, unknown>; line: number } {
  const lines = log.split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    const at = lines[i].indexOf(K6_SUMMARY_MARKER);
    if (at < 0) continue;
    let data: unknown;
    try {
      data = JSON.parse(lines[i].slice(at + K6_SUMMARY_MARKER.length));
    } catch (e) {
      throw new K6SummaryError(`k6 log line ${i + 1}: expected JSON after "${K6_SUMMARY_MARKER.trim()}": ${(e as Error).message}`);
    }
    if (!isObj(data)) throw new K6SummaryError(`k6 log line ${i + 1}: expected a JSON object after the marker`);
    return { data, line: i + 1 };
  }
  throw new K6SummaryError(`k6 log (${lines.length} lines): expected a line starting with "${K6_SUMMARY_MARKER.trim()}" (the generated script's handleSummary output)`);
}

export function parseK6HandleSummary(log: string): K6Measured {
  return measuredFrom(extractK6SummaryData(log).data, "handleSummary", versionIn(log));
}

export function parseK6SummaryExport(text: string): K6Measured {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new K6SummaryError(`k6 summary-export: not JSON: ${(e as Error).message}`);
  }
  if (!isObj(data)) throw new K6SummaryError("k6 summary-export: expected a JSON object");
  return measuredFrom(data, "summary-export", null);
}

/** Either shape: a log holding the marked line, or a --summary-export file. */
export function parseK6Any(text: string): K6Measured {
  return text.includes(K6_SUMMARY_MARKER) ? parseK6HandleSummary(text) : parseK6SummaryExport(text);
}

export interface K6ResultMeta {
  target?: string;
  scenario?: string;
  toolVersion?: string;
  startTime?: string;
  /** The measured window, s, when the summary does not carry it (summary-export). */
  measureSeconds?: number;
}

export function k6MeasuredToResult(m: K6Measured, meta: K6ResultMeta = {}): BenchmarkResult {
  const startTime = meta.startTime ?? m.startTime;
  if (!startTime) throw new K6SummaryError("k6 summary carries no start time (summary-export): pass a start time (--start-time)");
  const target = meta.target ?? m.target;
  if (!target) throw new K6SummaryError("k6 summary does not name its target: pass one (--target)");
  const seconds = meta.measureSeconds ?? m.measureSeconds ?? (m.testRunDurationMs !== null ? m.testRunDurationMs / 1000 : null);
  if (seconds === null) throw new K6SummaryError("k6 summary has no measured window: pass it (--measure-seconds)");
  return benchmarkResultSchema.parse({
    tool: "k6",
    toolVersion: meta.toolVersion ?? m.toolVersion ?? "unknown (pass --tool-version)",
    target,
    scenario: meta.scenario ?? m.executor ?? "k6",
    startTime,
    durationSeconds: seconds,
    count: m.count,
    rate: seconds > 0 ? m.count / seconds : 0,
    errors: m.errors,
    dropped: m.dropped,
    latencyMs: { avg: m.trend.avg, stddev: null, p50: m.trend.med, p90: m.trend.p90, p95: m.trend.p95, p99: m.trend.p99, max: m.trend.max },
    loadGenerator: { iterationOverheadMs: m.iterationOverheadMs },
    thresholds: m.thresholds,
  });
}
