import { z } from "zod";
import { benchmarkOutcomeSchema, type BenchmarkOutcome } from "../../benchmarks/job/outcome";
import { comparisonSchema } from "../../benchmarks/sweep/comparison";
import { sweepStepSchema } from "../../benchmarks/sweep/stepResult";
import { podUsageSchema } from "../../benchmarks/usage/podUsage";
import { costBlockSchema } from "../../finops/costBlock";
import { explainIssues } from "../../lib/configErrors";
import type { unitCostSchema } from "../../lib/benchmarkResult";
import { describePriceSource } from "./priceSourceText";
import { sideBySide, type SideBySide } from "./sideBySide";
import { comparisonView, type ReportComparison } from "./comparisonView";

/**
 * What `lab report` renders, read from stacks' outputs (whatever phase): per stack its benchmark
 * figures, the sweeps and side-by-side comparison where the phase has alternatives, and the cost
 * block's prices with their sources. Every renderer (Markdown, HTML, JSON) reads only this, so
 * the three say the same thing. Outputs that do not read as expected are named in `problems`
 * (key and what was expected), never rendered as NaN or guessed.
 */

export type UnitCost = z.infer<typeof unitCostSchema>;

/** One measurement: a benchmark of a phase, or one step of a sweep. */
export interface FigureRow {
  /** The benchmark's key in the outputs (`cnpg-write-heavy`), or `<target> @ <rate>/s` for a step. */
  readonly name: string;
  readonly target: string;
  /** Sweeps: the step's offered rate, requests per second. */
  readonly offeredPerSecond?: number;
  readonly tool?: string;
  readonly toolVersion?: string;
  readonly scenario?: string;
  readonly status: BenchmarkOutcome["status"];
  readonly reason?: string;
  /** Figures, null when the run produced none (status failed). */
  readonly figures: {
    readonly rate: number;
    readonly rateUnit: string;
    readonly count: number;
    readonly errors: number;
    readonly dropped: number;
    readonly latencyMs: { readonly avg: number | null; readonly p50: number; readonly p90: number; readonly p95: number; readonly p99: number; readonly max: number };
    /**
     * Set when the latencies say nothing (every operation failed: k6 times a refused connection
     * as 0 ms): renderers print this instead of the numbers and charts leave the row out.
     */
    readonly latencyNote?: string;
  } | null;
  readonly trials?: { readonly count: number; readonly rate: { min: number; max: number }; readonly p99Ms: { min: number; max: number } };
  readonly thresholds: readonly { metric: string; expression: string; passed: boolean }[];
  readonly saturation?: { status: string; reasons: readonly string[] };
  /** Per-unit cost figures (key as joined: perMillionRequests, perTransaction, servingUsd ...). */
  readonly cost: readonly (UnitCost & { key: string })[];
}

export interface SweepView {
  readonly target: string;
  readonly url: string;
  readonly steps: readonly FigureRow[];
}

export interface PriceLine {
  readonly resource: string;
  readonly amount: number;
  readonly per: string;
  readonly source: string;
}

export interface CostView {
  readonly profile: string;
  readonly monthlyRunRateUsd: number;
  readonly awsReferenceMonthlyUsd: number;
  readonly prices: readonly PriceLine[];
  readonly assumptions: readonly string[];
}

export interface StackReport {
  readonly stack: string;
  /**
   * `no-outputs`: never deployed (or not in this backend); `no-benchmarks`: deployed, but no
   * benchmark ran (or the phase has none); `measured`: at least one benchmark outcome.
   */
  readonly state: "no-outputs" | "no-benchmarks" | "measured";
  /** The state in words, for every renderer. */
  readonly summary: string;
  readonly benchmarks: readonly FigureRow[];
  readonly sweeps: readonly SweepView[];
  /** A sweep phase's comparison of alternatives (winner per figure: `best`), see comparisonView.ts. */
  readonly comparison?: ReportComparison;
  /** A phase with several plain benchmarks (phase-05): them side by side. */
  readonly sideBySide?: SideBySide;
  readonly cost?: CostView;
  /** Outputs that did not read as expected: key and what was expected. */
  readonly problems: readonly string[];
}

export interface ReportDocument {
  readonly generatedAt: string;
  /** The whole report in one sentence: how many stacks have figures, how many were never deployed. */
  readonly summary: string;
  readonly stacks: readonly StackReport[];
}

const stepReportSchema = z.object({
  offeredPerSecond: z.number().positive(),
  status: benchmarkOutcomeSchema.shape.status,
  reason: z.string().optional(),
  step: sweepStepSchema.optional(),
  gatewayUsage: podUsageSchema.optional(),
});
const sweepReportSchema = z.object({ target: z.string(), url: z.string(), steps: z.array(stepReportSchema) });
/** phase-04's shape: the baseline's sweep and each alternative's. */
const sweepBenchmarksSchema = z.object({ baseline: sweepReportSchema, gateways: z.record(z.string(), sweepReportSchema) });
/** phase-05's shape: one outcome per benchmark. */
const outcomeBenchmarksSchema = z.record(z.string(), benchmarkOutcomeSchema);
const reportComparisonSchema = comparisonSchema.extend({ missing: z.array(z.string()).default([]) });
/** The cost block without the benchmarks' part (absent until they ran). */
const reportCostSchema = costBlockSchema.partial({ benchmarks: true });

function read<S extends z.ZodType>(schema: S, value: unknown, key: string, problems: string[]): z.output<S> | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  problems.push(...explainIssues(schema, value, parsed.error.issues, { keyPrefix: `outputs.${key}.` }).slice(0, 5));
  return undefined;
}

function costLines(cost: Record<string, UnitCost> | undefined): (UnitCost & { key: string })[] {
  return Object.entries(cost ?? {}).map(([key, c]) => ({ key, ...c }));
}

/** Latencies of a run in which every operation failed are the failures' timings, not the target's. */
function latencyNote(count: number, errors: number): { latencyNote?: string } {
  return count > 0 && errors >= count ? { latencyNote: `every one of the ${count} operations failed: no latency of the target to show` } : {};
}

function outcomeRow(name: string, outcome: BenchmarkOutcome): FigureRow {
  const r = outcome.result;
  const rateUnit = r?.tool === "pgbench" ? "transactions/s" : "requests/s";
  return {
    name,
    target: r?.target ?? name,
    tool: r?.tool,
    toolVersion: r?.toolVersion,
    scenario: r?.scenario,
    status: outcome.status,
    reason: outcome.reason,
    figures: r ? { rate: r.rate, rateUnit, count: r.count, errors: r.errors, dropped: r.dropped, latencyMs: { ...r.latencyMs }, ...latencyNote(r.count, r.errors) } : null,
    trials: r?.trials,
    thresholds: r?.thresholds ?? [],
    cost: costLines(r?.cost),
  };
}

function stepRow(target: string, step: z.infer<typeof stepReportSchema>): FigureRow {
  const s = step.step;
  return {
    name: `${target} @ ${step.offeredPerSecond}/s`,
    target,
    offeredPerSecond: step.offeredPerSecond,
    tool: "k6",
    scenario: `constant-arrival-rate ${step.offeredPerSecond}/s`,
    status: step.status,
    reason: step.reason,
    figures: s
      ? { rate: s.achievedPerSecond, rateUnit: "requests/s", count: s.requests, errors: s.errors, dropped: s.droppedIterations, latencyMs: { avg: null, ...s.latencyMs }, ...latencyNote(s.requests, s.errors) }
      : null,
    thresholds: [],
    saturation: s?.saturation,
    cost: costLines(s?.cost),
  };
}

function costView(value: unknown, problems: string[]): CostView | undefined {
  const cost = read(reportCostSchema, value, "cost", problems);
  if (!cost) return undefined;
  const names: Record<string, string> = { cpuPerVcpuHour: "CPU", memoryPerGibHour: "memory", storagePerGbMonth: "storage", egressPerGb: "egress" };
  const prices = Object.entries(cost.prices.active).map(([key, p]) => ({ resource: names[key] ?? key, amount: p.amount, per: p.per, source: describePriceSource(p.source) }));
  return { profile: cost.profile, monthlyRunRateUsd: cost.monthlyRunRateUsd, awsReferenceMonthlyUsd: cost.awsReferenceMonthlyUsd, prices, assumptions: cost.assumptions };
}

/** One stack's section from its outputs (null: the stack has none). */
export function stackReport(stack: string, outputs: Record<string, unknown> | null): StackReport {
  const problems: string[] = [];
  if (outputs === null) {
    return { stack, state: "no-outputs", summary: `${stack} has no outputs: it was never deployed (or not in this backend). Run \`npm run lab -- up ${stack}\`.`, benchmarks: [], sweeps: [], problems };
  }
  const cost = outputs.cost === undefined ? undefined : costView(outputs.cost, problems);
  let benchmarks: FigureRow[] = [];
  let sweeps: SweepView[] = [];
  const raw = outputs.benchmarks;
  if (raw !== undefined && raw !== null && typeof raw === "object" && "baseline" in raw) {
    const parsed = read(sweepBenchmarksSchema, raw, "benchmarks", problems);
    if (parsed) {
      sweeps = [parsed.baseline, ...Object.values(parsed.gateways)].map((s) => ({ target: s.target, url: s.url, steps: s.steps.map((step) => stepRow(s.target, step)) }));
      benchmarks = sweeps.flatMap((s) => s.steps);
    }
  } else if (raw !== undefined) {
    const parsed = read(outcomeBenchmarksSchema, raw, "benchmarks", problems);
    if (parsed) benchmarks = Object.entries(parsed).map(([name, o]) => outcomeRow(name, o));
  }
  const exported = outputs.comparison === undefined ? undefined : read(reportComparisonSchema, outputs.comparison, "comparison", problems);
  const comparison = exported ? comparisonView(exported, sweeps) : undefined;
  const failed = benchmarks.filter((b) => b.status === "failed").length;
  const summary =
    benchmarks.length === 0
      ? raw === undefined
        ? `${stack} is deployed but exports no benchmarks (the phase has none yet, or they have not run: they run on \`lab up\`, again when benchmark.runId changes).`
        : `${stack} exports a benchmarks output that could not be read (see the problems below).`
      : `${benchmarks.length} measurement${benchmarks.length > 1 ? "s" : ""}: ${benchmarks.length - failed} with figures${failed > 0 ? `, ${failed} failed without figures` : ""}.`;
  const table = sweeps.length === 0 ? sideBySide(benchmarks) : null;
  return { stack, state: benchmarks.length > 0 ? "measured" : "no-benchmarks", summary, benchmarks, sweeps, comparison, ...(table ? { sideBySide: table } : {}), cost, problems };
}

/** The whole report: one section per stack asked for, in the order asked. */
export async function buildReport(stacks: readonly string[], readOutputs: (stack: string) => Promise<Record<string, unknown> | null>, now: Date = new Date()): Promise<ReportDocument> {
  const sections: StackReport[] = [];
  for (const stack of stacks) sections.push(stackReport(stack, await readOutputs(stack)));
  return { generatedAt: now.toISOString(), summary: reportSummary(sections), stacks: sections };
}

/** e.g. "1 of 3 stacks has benchmark figures; 1 deployed without benchmarks; 1 never deployed." */
export function reportSummary(stacks: readonly StackReport[]): string {
  if (stacks.length === 0) return "No stacks to report on: name stacks, or pass --all.";
  const count = (state: StackReport["state"]) => stacks.filter((s) => s.state === state).length;
  const measured = count("measured");
  const parts = [`${measured} of ${stacks.length} stack${stacks.length > 1 ? "s" : ""} ${measured === 1 ? "has" : "have"} benchmark figures`];
  if (count("no-benchmarks") > 0) parts.push(`${count("no-benchmarks")} deployed without benchmarks`);
  if (count("no-outputs") > 0) parts.push(`${count("no-outputs")} never deployed (no outputs in this backend)`);
  return `${parts.join("; ")}.`;
}

/** Cost lines a reader looks for first: the per-unit ones (per transaction, per million requests). */
export function perUnitCosts(row: FigureRow): (UnitCost & { key: string })[] {
  return row.cost.filter((c) => c.key.startsWith("per"));
}

/** The one per-unit cost a table or chart shows: per million (readable magnitudes) when there is one. */
export function headlineUnitCost(row: FigureRow): (UnitCost & { key: string }) | undefined {
  const perUnit = perUnitCosts(row);
  return perUnit.find((c) => c.key.startsWith("perMillion")) ?? perUnit[0];
}
