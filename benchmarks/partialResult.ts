import { z } from "zod";
import { benchmarkResultSchema, latencyMsSchema, type BenchmarkResult } from "../lib/benchmarkResult";
import { parseK6SummaryExport, K6SummaryError } from "./k6/summary";
import { pgbenchScenario, pgbenchThresholds } from "./pgbench/normalize";
import { parsePgbenchReport } from "./pgbench/report";

/**
 * What `lab parse` gives for an output that holds less than a full result: every figure the input
 * holds, `null` for each one it does not, and per null a note saying how to get it. A plain
 * `pgbench` report has no percentiles (they need its transaction logs) and no start time; a plain
 * `k6 --summary-export` file has no p(99) by default, no start time, no target. Refusing such an
 * input (what `lab parse` did) helps nobody; guessing the missing figures would be worse.
 * The lab's own runs never take this path: their results must be complete (parse.ts).
 */
const nullableLatency = z.object(Object.fromEntries(Object.keys(latencyMsSchema.shape).map((k) => [k, z.number().nonnegative().nullable()])) as {
  [K in keyof typeof latencyMsSchema.shape]: z.ZodNullable<z.ZodNumber>;
});

export const partialResultSchema = benchmarkResultSchema.extend({
  toolVersion: z.string().nullable(),
  target: z.string().nullable(),
  startTime: z.string().datetime({ offset: true }).nullable(),
  durationSeconds: z.number().nonnegative().nullable(),
  latencyMs: nullableLatency,
  /** Per missing (null) or derived figure, keyed by its path (`latencyMs.p99`): why, and how to get it. */
  notes: z.record(z.string(), z.string()),
});
export type PartialResult = z.infer<typeof partialResultSchema>;

export interface PartialMeta {
  target?: string;
  scenario?: string;
  toolVersion?: string;
  startTime?: string;
  measureSeconds?: number;
}

/** A full result when nothing is missing (the notes dropped), else the partial one. */
export function completeOrPartial(partial: PartialResult): BenchmarkResult | PartialResult {
  const checked = partialResultSchema.parse(partial);
  // stddev may be null in a full result too (k6 prints none).
  const { stddev: _stddev, ...latency } = checked.latencyMs;
  const missing = Object.values(checked).some((v) => v === null) || Object.values(latency).some((v) => v === null);
  if (missing) return checked;
  const { notes, ...rest } = checked;
  // Derived figures still deserve their note beside a full result.
  return Object.keys(notes).length > 0 ? { ...benchmarkResultSchema.parse(rest), notes } : benchmarkResultSchema.parse(rest);
}

/** Lines a failed pgbench printed instead of a report, e.g. `pgbench: error: connection to server ... failed`. */
export function pgbenchFailure(text: string): string | null {
  if (/^transaction type: /m.test(text)) return null;
  const errors = text.split(/\r?\n/).filter((l) => /^pgbench: (error|fatal): /.test(l));
  return errors.length > 0 ? `pgbench failed before reporting: ${errors.join(" / ")}` : null;
}

/** A pgbench report without transaction logs: counts, tps, average (and stddev when printed). */
export function partialPgbench(text: string, meta: PartialMeta): PartialResult {
  const failure = pgbenchFailure(text);
  if (failure) throw new Error(failure);
  const report = parsePgbenchReport(text);
  const notes: Record<string, string> = {};
  const percentiles = "pgbench prints no latency percentiles: run it with --log (-l) and pass each thread's log with --txlog";
  for (const k of ["p50", "p90", "p95", "p99", "max"]) notes[`latencyMs.${k}`] = percentiles;
  if (report.latencyAverageMs === null) notes["latencyMs.avg"] = "the report has no `latency average` line (pgbench -t with one client prints none): pass --txlog";
  if (report.latencyStddevMs === null) notes["latencyMs.stddev"] = "pgbench prints a stddev only with --rate or --progress: pass --txlog";
  if (!meta.startTime) notes.startTime = "pgbench's report has no start time: pass --start-time, or --txlog (its first transaction's time)";
  if (!meta.target) notes.target = "pgbench's report does not name the server: pass --target (e.g. postgres://host:5432/db, no password)";
  if (!meta.toolVersion && report.pgbenchVersion === null) notes.toolVersion = "no `pgbench (N.N)` banner in the input: pass --tool-version";
  if (report.aborted) notes.count = "pgbench logged `Run was aborted; the above results are incomplete`";
  return {
    tool: "pgbench",
    toolVersion: meta.toolVersion ?? report.pgbenchVersion,
    target: meta.target ?? null,
    scenario: meta.scenario ?? pgbenchScenario(report),
    startTime: meta.startTime ?? null,
    durationSeconds: report.tps > 0 ? report.processed / report.tps : report.durationSeconds,
    count: report.processed + report.failed,
    rate: report.tps,
    errors: report.failed,
    dropped: report.skipped,
    latencyMs: { avg: report.latencyAverageMs, stddev: report.latencyStddevMs, p50: null, p90: null, p95: null, p99: null, max: null },
    thresholds: pgbenchThresholds(report),
    notes,
  };
}

/** The line a k6 that failed before its summary printed, e.g. `level=error msg="could not initialize ..."`. */
export function k6Failure(text: string): string | null {
  const lines = text.split(/\r?\n/);
  const errors = lines.filter((l) => /level=(error|fatal)\b/.test(l));
  if (errors.length > 0) return `k6 failed before reporting: ${errors[errors.length - 1].trim()}`;
  if (/█ TOTAL RESULTS|http_req_duration\.{3,}/.test(text)) {
    const failed = lines.find((l) => /msg="Request Failed"/.test(l));
    return (
      "this is k6's printed end-of-test summary, which is not machine-readable: run k6 with --summary-export FILE and pass that file" +
      (failed ? `; the run's requests failed, e.g. ${failed.trim()}` : "")
    );
  }
  return null;
}

/** Trend stats a summary may lack (k6's default summaryTrendStats have no p(99)). */
const trendStats: Array<[stat: string, field: "p50" | "p90" | "p95" | "p99"]> = [
  ["med", "p50"],
  ["p(90)", "p90"],
  ["p(95)", "p95"],
  ["p(99)", "p99"],
];

/** One k6 `--summary-export` file as k6 wrote it, with no flags and no lab script. */
export function partialK6(text: string, meta: PartialMeta): PartialResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new K6SummaryError(k6Failure(text) ?? "k6 input is neither a --summary-export JSON file nor a log holding the lab script's summary line");
  }
  const metrics = (data as { metrics?: Record<string, Record<string, unknown>> })?.metrics;
  // The strict reader wants every percentile; the ones the file lacks are filled here only to be
  // reported null below, so no filled value ever leaves this function.
  const missing = new Set<string>();
  const filled = structuredClone(data) as { metrics?: Record<string, Record<string, unknown>> };
  for (const name of ["http_req_duration", "http_req_duration{scenario:measure}"]) {
    const trend = filled.metrics?.[name];
    if (!trend) continue;
    for (const [stat] of trendStats) {
      if (typeof trend[stat] === "number") continue;
      trend[stat] = 0;
      missing.add(stat);
    }
  }
  const m = parseK6SummaryExport(JSON.stringify(filled));
  const notes: Record<string, string> = {};
  for (const [stat, field] of trendStats) {
    if (missing.has(stat)) notes[`latencyMs.${field}`] = `the summary has no ${stat}: run k6 with --summary-trend-stats=avg,min,med,max,p(90),p(95),p(99)`;
  }
  const startTime = meta.startTime ?? m.startTime;
  if (!startTime) notes.startTime = "a --summary-export file carries no start time: pass --start-time (when the run began)";
  const target = meta.target ?? m.target;
  if (!target) notes.target = "a --summary-export file does not name what was measured: pass --target URL";
  const toolVersion = meta.toolVersion ?? m.toolVersion;
  if (!toolVersion) notes.toolVersion = "a --summary-export file does not carry k6's version: pass --tool-version (`k6 version`)";

  let seconds = meta.measureSeconds ?? m.measureSeconds ?? (m.testRunDurationMs !== null ? m.testRunDurationMs / 1000 : null);
  const reqs = metrics?.[m.measuredOnly ? "http_reqs{scenario:measure}" : "http_reqs"];
  if (seconds === null && typeof reqs?.rate === "number" && reqs.rate > 0) {
    seconds = m.count / reqs.rate;
    notes.durationSeconds = "derived from http_reqs count ÷ rate, i.e. the whole test run with any warm-up or ramp: pass --measure-seconds to set the measured window";
  }
  if (seconds === null) notes.durationSeconds = "the summary has no run length: pass --measure-seconds";
  if (m.count > 0 && m.errors === m.count) notes.errors = "every request failed: k6's `Request Failed` log lines say why";
  return {
    tool: "k6",
    toolVersion,
    target,
    scenario: meta.scenario ?? m.executor ?? "k6",
    startTime,
    durationSeconds: seconds,
    count: m.count,
    rate: seconds && seconds > 0 ? m.count / seconds : 0,
    errors: m.errors,
    dropped: m.dropped,
    latencyMs: {
      avg: m.trend.avg,
      stddev: null,
      p50: missing.has("med") ? null : m.trend.med,
      p90: missing.has("p(90)") ? null : m.trend.p90,
      p95: missing.has("p(95)") ? null : m.trend.p95,
      p99: missing.has("p(99)") ? null : m.trend.p99,
      max: m.trend.max,
    },
    loadGenerator: { iterationOverheadMs: m.iterationOverheadMs },
    thresholds: m.thresholds,
    notes,
  };
}
