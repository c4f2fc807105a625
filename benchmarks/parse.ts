import { parseK6Any, k6MeasuredToResult } from "./k6/summary";
import { mergeK6Measured } from "./k6/merge";
import { pgbenchResult } from "./pgbench/normalize";
import { parsePgbenchReport } from "./pgbench/report";
import { parseTxlog, summarizeTxlogs, type TxlogColumns } from "./pgbench/txlog";
import type { BenchmarkResult } from "../lib/benchmarkResult";
import { parseVegetaReport, vegetaReportResult } from "./vegeta/report";
import { parseVegetaResultsCsv, vegetaResultsResult } from "./vegeta/results";

export type ToolName = BenchmarkResult["tool"];

export interface ParseOptions {
  target?: string;
  scenario?: string;
  toolVersion?: string;
  startTime?: string;
  /** k6: measured window in seconds when the summary does not carry it. */
  measureSeconds?: number;
  /** k6: further runners' outputs of the same segmented test, merged with `text`. */
  moreRunners?: string[];
  /** pgbench: per-transaction log texts (one per thread); required, pgbench prints no percentiles. */
  txlogs?: Array<{ name: string; text: string }>;
  txlogColumns?: TxlogColumns;
  /** vegeta: `vegeta encode --to csv` text; when given, latency comes from it (exact). */
  vegetaCsv?: string;
}

/** One entry point from raw tool output to the normalized result, used by the CLI and local runs. */
export function parseToolOutput(tool: ToolName, text: string, options: ParseOptions = {}): BenchmarkResult {
  switch (tool) {
    case "pgbench": {
      const report = parsePgbenchReport(text);
      if (!options.txlogs || options.txlogs.length === 0) {
        throw new Error("pgbench prints no latency percentiles: pass its per-transaction logs (--txlog FILE, one per thread)");
      }
      const sets = options.txlogs.map((t) => parseTxlog(t.text, { columns: options.txlogColumns, source: t.name }));
      return pgbenchResult(report, summarizeTxlogs(sets), {
        target: options.target ?? "postgres (target not given)",
        scenario: options.scenario,
      });
    }
    case "k6": {
      const runners = [text, ...(options.moreRunners ?? [])].map(parseK6Any);
      return k6MeasuredToResult(mergeK6Measured(runners), options);
    }
    case "vegeta": {
      const meta = { target: options.target ?? "http (target not given)", scenario: options.scenario, toolVersion: options.toolVersion };
      const report = parseVegetaReport(text);
      if (!options.vegetaCsv) return vegetaReportResult(report, meta);
      const fromRows = vegetaResultsResult(parseVegetaResultsCsv(options.vegetaCsv), meta);
      if (fromRows.count !== report.requests) {
        throw new Error(`vegeta results hold ${fromRows.count} requests but the report says ${report.requests}: not the same attack`);
      }
      // Counts and rate as vegeta reported them; latency exact from the rows.
      return { ...vegetaReportResult(report, meta), latencyMs: fromRows.latencyMs };
    }
    default: {
      const unknownTool: never = tool;
      throw new Error(`unknown tool ${JSON.stringify(unknownTool)}`);
    }
  }
}
