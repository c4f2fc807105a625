import { parseK6Any, k6MeasuredToResult } from "./k6/summary";
import { mergeK6Measured } from "./k6/merge";
import { pgbenchResult } from "./pgbench/normalize";
import { parsePgbenchReport } from "./pgbench/report";
import { parseTxlog, summarizeTxlogs, type TxlogColumns } from "./pgbench/txlog";
import type { BenchmarkResult } from "../lib/benchmarkResult";
import { completeOrPartial, k6Failure, partialK6, partialPgbench, pgbenchFailure, type PartialResult } from "./partialResult";
import { K6_SUMMARY_MARKER } from "./k6/script";

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
}

/** One entry point from raw tool output to the normalized result, used by the CLI and local runs. */
export function parseToolOutput(tool: ToolName, text: string, options: ParseOptions = {}): BenchmarkResult {
  switch (tool) {
    case "pgbench": {
      const failure = pgbenchFailure(text);
      if (failure) throw new Error(failure);
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
      const failed = [text, ...(options.moreRunners ?? [])].map(k6FailureOf).find((f) => f !== null);
      if (failed) throw new Error(failed);
      const runners = [text, ...(options.moreRunners ?? [])].map(parseK6Any);
      return k6MeasuredToResult(mergeK6Measured(runners), options);
    }
    default: {
      const unknownTool: never = tool;
      throw new Error(`unknown tool ${JSON.stringify(unknownTool)}`);
    }
  }
}

/** A k6 input that is neither JSON nor holds the lab's summary line: what k6 printed instead. */
function k6FailureOf(text: string): string | null {
  return text.includes(K6_SUMMARY_MARKER) || text.trimStart().startsWith("{") ? null : k6Failure(text);
}

/**
 * `lab parse`: the result from whatever the tool printed. A plain pgbench report (no --txlog) or
 * one plain k6 --summary-export file gives every figure it holds and null-with-a-note for the rest
 * (partialResult.ts); an input complete enough is the same full result as parseToolOutput's.
 */
export function parseWhatIsThere(tool: ToolName, text: string, options: ParseOptions = {}): BenchmarkResult | PartialResult {
  if (tool === "pgbench" && (!options.txlogs || options.txlogs.length === 0)) return completeOrPartial(partialPgbench(text, options));
  if (tool === "k6" && (options.moreRunners ?? []).length === 0 && !text.includes(K6_SUMMARY_MARKER)) return completeOrPartial(partialK6(text, options));
  return parseToolOutput(tool, text, options);
}
