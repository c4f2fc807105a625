import { queryClassResultSchema, type MetricsBackend, type QueryClassResult } from "../../lib/metricsResult";
import { parseK6JobLog, type BenchmarkOutcome } from "../job/outcome";
import { measuredMetricKey } from "../k6/script";
import { extractK6SummaryData } from "../k6/summary";
import { EMPTY_RESULT_METRIC } from "./promqlScript";
import { promqlQueries } from "./promqlQueries";

/**
 * The query Job's log: the whole mix through the lab's k6 job-log parser, then each class from its
 * own `{class:...,scenario:measure}` submetrics. Empty answers count as failed requests of their
 * class and fail the benchmark with a reason: a zero-latency "success" that returned nothing would
 * flatter the backend that lost the data.
 */
export interface PromqlLogMeta {
  readonly backend: MetricsBackend;
  readonly target: string;
}

type Metrics = Record<string, { values?: Record<string, number> } | undefined>;

function values(metrics: Metrics, metric: string, cls: string): Record<string, number> | undefined {
  return metrics[measuredMetricKey(`${metric}{class:${cls}}`)]?.values;
}

export function parsePromqlJobLog(log: string, meta: PromqlLogMeta): BenchmarkOutcome {
  const overall = parseK6JobLog(log, { target: meta.target, scenario: `promql-mix on ${meta.backend}`, parallelism: 1 });
  if (overall.status === "failed" || !overall.result) return overall;
  const metrics = (extractK6SummaryData(log).data.metrics ?? {}) as Metrics;
  const classes: QueryClassResult[] = promqlQueries.map((q) => {
    const duration = values(metrics, "http_req_duration", q.class);
    const count = values(metrics, "http_reqs", q.class)?.count ?? 0;
    const httpFailed = values(metrics, "http_req_failed", q.class)?.passes ?? 0;
    const emptyResults = values(metrics, EMPTY_RESULT_METRIC, q.class)?.count ?? 0;
    return queryClassResultSchema.parse({
      class: q.class,
      query: q.query,
      count,
      errors: httpFailed + emptyResults,
      emptyResults,
      latencyMs: { p50: duration?.med ?? 0, p95: duration?.["p(95)"] ?? 0, p99: duration?.["p(99)"] ?? 0 },
    });
  });
  const emptyTotal = classes.reduce((s, c) => s + c.emptyResults, 0);
  const result = { ...overall.result, errors: overall.result.errors + emptyTotal };
  const unmeasured = classes.filter((c) => c.count === 0);
  if (unmeasured.length > 0) {
    return { status: "failed", reason: `no measured request of class ${unmeasured.map((c) => c.class).join(", ")} (rate too low for the window?)`, result, queryClasses: classes };
  }
  const allFailed = classes.filter((c) => c.errors === c.count && c.emptyResults === 0);
  if (allFailed.length > 0) {
    return { status: "failed", reason: `every request of class ${allFailed.map((c) => `${c.class} (${c.query})`).join(", ")} failed on ${meta.backend}`, result, queryClasses: classes };
  }
  const emptied = classes.filter((c) => c.emptyResults > 0);
  if (emptied.length > 0) {
    const why = emptied.map((c) => `${c.class}: ${c.emptyResults} of ${c.count} answers empty for ${c.query}`).join("; ");
    return { status: "failed", reason: `empty query results on ${meta.backend} (the backend holds no data for them): ${why}`, result, queryClasses: classes };
  }
  return { ...overall, result, queryClasses: classes };
}
