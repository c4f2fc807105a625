import { readFile } from "node:fs/promises";
import { parseK6Any, k6MeasuredToResult } from "./k6/summary";
import { mergeK6Measured } from "./k6/merge";
import { pgbenchResult } from "./pgbench/normalize";
import { parsePgbenchReport } from "./pgbench/report";
import { parseTxlog, summarizeTxlogs, type TxlogColumns } from "./pgbench/txlog";
import type { BenchmarkResult } from "../lib/benchmarkResult";
import { parseVegetaReport, vegetaReportResult } from "./vegeta/report";
import { parseVegetaResultsCsv, vegetaResultsResult } from "./vegeta/results";

export type ToolName = "k6" | "pgbench" | "vegeta";
export const TOOLS: readonly ToolName[] = ["k6", "pgbench", "vegeta"];

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
    default:
      throw new Error(`unknown tool ${JSON.stringify(tool)}: expected one of ${TOOLS.join(", ")}`);
  }
}

const USAGE = `usage: lab parse k6 <log-or-summary-export> [more runner files...] [--target URL] [--start-time ISO] [--measure-seconds N] [--tool-version V]
       lab parse pgbench <report-file> --txlog <file> [--txlog <file>...] [--target URL] [--schedule-lag] [--retries]
       lab parse vegeta <report.json> [--results <results.csv>] [--target URL] [--tool-version V]`;

/** `lab parse <tool> <file> [flags]`: returns the normalized result as JSON text. */
export async function runParseCommand(argv: string[]): Promise<string> {
  const args = argv[0] === "parse" ? argv.slice(1) : [...argv];
  const tool = args.shift();
  if (!tool || !TOOLS.includes(tool as ToolName)) throw new Error(`expected a tool (${TOOLS.join(", ")}), got ${JSON.stringify(tool ?? "")}\n${USAGE}`);
  const files: string[] = [];
  const txlogs: string[] = [];
  const opts: ParseOptions = {};
  const columns = { scheduleLag: false, retries: false };
  let columnsGiven = false;
  let results: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined || v.startsWith("--")) throw new Error(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === "--txlog") txlogs.push(value());
    else if (a === "--results") results = value();
    else if (a === "--target") opts.target = value();
    else if (a === "--scenario") opts.scenario = value();
    else if (a === "--tool-version") opts.toolVersion = value();
    else if (a === "--start-time") opts.startTime = value();
    else if (a === "--measure-seconds") {
      const v = value();
      opts.measureSeconds = Number(v);
      if (!(opts.measureSeconds > 0)) throw new Error(`--measure-seconds: got ${JSON.stringify(v)}, expected a positive number`);
    } else if (a === "--schedule-lag") (columns.scheduleLag = true), (columnsGiven = true);
    else if (a === "--retries") (columns.retries = true), (columnsGiven = true);
    else if (a.startsWith("--")) throw new Error(`unknown option ${a}\n${USAGE}`);
    else files.push(a);
  }
  if (files.length === 0) throw new Error(`expected a file to parse\n${USAGE}`);
  if (tool !== "k6" && files.length > 1) throw new Error(`expected one ${tool} file, got ${files.length}\n${USAGE}`);
  const read = async (f: string) => {
    try {
      return await readFile(f, "utf8");
    } catch (e) {
      throw new Error(`cannot read ${f}: ${(e as Error).message}`);
    }
  };
  const [first, ...more] = await Promise.all(files.map(read));
  if (more.length) opts.moreRunners = more;
  if (txlogs.length) opts.txlogs = await Promise.all(txlogs.map(async (name) => ({ name, text: await read(name) })));
  if (columnsGiven) opts.txlogColumns = columns;
  if (results) opts.vegetaCsv = await read(results);
  return JSON.stringify(parseToolOutput(tool as ToolName, first, opts), null, 2);
}
