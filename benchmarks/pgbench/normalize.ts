import { benchmarkResultSchema, type BenchmarkResult } from "../../lib/benchmarkResult";
import type { PgbenchReport } from "./report";
import type { TxlogSummary } from "./txlog";

export interface PgbenchResultMeta {
  /** e.g. `postgres://127.0.0.1:5432/postgres` (never with a password). */
  target: string;
  /** Defaults to the report's transaction type. */
  scenario?: string;
}

/**
 * Join pgbench's own report (counts and tps, which pgbench measures over its exact run window)
 * with the per-transaction logs (latency distribution, which the report lacks). Counts come from
 * the report so the normalized rate equals what pgbench printed; a log that disagrees with the
 * report means the wrong files were read, so it is an error rather than a quiet mix.
 */
export function pgbenchResult(report: PgbenchReport, txlog: TxlogSummary, meta: PgbenchResultMeta): BenchmarkResult {
  if (txlog.count !== report.processed) {
    throw new Error(
      `pgbench per-transaction logs hold ${txlog.count} successful transactions but the report says ${report.processed}: the logs are not this run's (or are incomplete)`,
    );
  }
  const scenario = meta.scenario ?? pgbenchScenario(report);
  const windowSeconds = report.tps > 0 ? report.processed / report.tps : (txlog.lastEndEpochUs - txlog.firstStartEpochUs) / 1e6;
  return benchmarkResultSchema.parse({
    tool: "pgbench",
    toolVersion: report.pgbenchVersion ?? "unknown (no pgbench banner in output)",
    target: meta.target,
    scenario,
    startTime: new Date(Math.floor(txlog.firstStartEpochUs / 1000)).toISOString(),
    durationSeconds: windowSeconds,
    // pgbench's "actually processed" excludes failed transactions; count is every attempt, so that
    // count - errors (what the cost join divides by) is what succeeded.
    count: report.processed + report.failed,
    rate: report.tps,
    errors: report.failed,
    dropped: report.skipped,
    latencyMs: txlog.latencyMs,
    thresholds: pgbenchThresholds(report),
  });
}

/** The lab's scenario name for pgbench's transaction type (`custom` for a script of one's own). */
export function pgbenchScenario(report: PgbenchReport): string {
  const builtins: Record<string, string> = { "<builtin: TPC-B (sort of)>": "tpcb-like", "<builtin: select only>": "select-only", "<builtin: simple update>": "simple-update" };
  return builtins[report.transactionType] ?? "custom";
}

/** pgbench's -L latency limit as a threshold: passed when no transaction was late or skipped. */
export function pgbenchThresholds(report: PgbenchReport): BenchmarkResult["thresholds"] {
  const limit = report.latencyLimit;
  return limit ? [{ metric: "latency", expression: `<${limit.limitMs}ms for every transaction (-L)`, passed: limit.late === 0 && report.skipped === 0 }] : [];
}
