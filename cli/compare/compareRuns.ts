import { benchmarkEntries, figureNames, type BenchmarkEntry, type Figure, type FigureName } from "../archive/benchmarkEntries";
import type { RunRecord } from "../archive/runArchive";
import { mannWhitneyU, minimumPValue } from "./mannWhitney";

/**
 * Two archived runs compared benchmark by benchmark, the way benchstat compares two sets of Go
 * benchmark runs: per figure the median of the trials and their spread on each side, the change
 * in %, and whether the change is significant by a two-sided Mann-Whitney U test over the
 * trials. Everything that makes the two runs measure different things is named as a caveat.
 */

/** benchstat's default significance level. */
export const alpha = 0.05;

export const figureUnits: Record<FigureName, string> = { rate: "/s", p50: "ms", p95: "ms", p99: "ms" };

export interface SideFigure {
  /** Median of the trials when they are known, else the median trial's figure as reported. */
  readonly median: number;
  readonly min: number | null;
  readonly max: number | null;
  /** ±%: the larger distance from the median to min or max, relative to the median (benchstat v1's ±, without its outlier removal). */
  readonly spreadPercent: number | null;
  /** Trials the median is over; null when the outputs kept only the median trial. */
  readonly trials: number | null;
}

export type Significance =
  | { readonly verdict: "significant" | "no significant difference"; readonly p: number; readonly method: "exact" | "normal" }
  | { readonly verdict: "not enough trials"; readonly reason: string };

export interface FigureComparison {
  readonly figure: FigureName;
  readonly unit: string;
  readonly a: SideFigure;
  readonly b: SideFigure;
  /** (B − A) / A in %; null when A is 0 (no base to scale by). */
  readonly deltaPercent: number | null;
  readonly significance: Significance;
}

export interface BenchmarkComparison {
  readonly name: string;
  readonly statusA: BenchmarkEntry["status"];
  readonly statusB: BenchmarkEntry["status"];
  /** Empty when either side has no figures; `note` says which and why. */
  readonly figures: FigureComparison[];
  readonly note?: string;
}

export interface RunSide {
  readonly label: string;
  readonly stack: string;
  readonly runId: string;
  readonly savedAt: string;
  readonly cluster: string;
  readonly pricingProfile: string;
}

export interface RunComparison {
  readonly a: RunSide;
  readonly b: RunSide;
  readonly alpha: number;
  readonly caveats: string[];
  readonly benchmarks: BenchmarkComparison[];
  readonly onlyInA: string[];
  readonly onlyInB: string[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of nothing");
  const s = [...values].sort((x, y) => x - y);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function side(figure: Figure): SideFigure {
  const values = figure.trials;
  const centre = values ? median(values) : figure.reported;
  const min = values ? Math.min(...values) : (figure.range?.min ?? null);
  const max = values ? Math.max(...values) : (figure.range?.max ?? null);
  const spreadPercent = min !== null && max !== null && centre > 0 ? (Math.max(max - centre, centre - min) / centre) * 100 : null;
  return { median: centre, min, max, spreadPercent, trials: values ? values.length : null };
}

/** Whether A's and B's trials of one figure differ, or why that cannot be said. */
export function significance(a: readonly number[] | null, b: readonly number[] | null): Significance {
  if (!a || !b) {
    // Sweep steps and results recorded before trials.perTrial existed hold one figure per benchmark.
    const who = !a && !b ? "neither run kept" : `${!a ? "A" : "B"} did not keep`;
    return { verdict: "not enough trials", reason: `${who} each trial's figures, only the median trial's` };
  }
  // The test can never pass when even the most extreme ordering of the trials (all of one run
  // above all of the other) has p > alpha: with 3 against 3 that p is 2/C(6,3) = 0.1. A p-value
  // that cannot reach alpha whatever was measured says nothing about the runs, so say so.
  const floor = minimumPValue(a.length, b.length);
  if (floor > alpha) {
    return {
      verdict: "not enough trials",
      reason: `${a.length} against ${b.length} trials: the smallest p the test can give is ${floor.toPrecision(2)}, above alpha ${alpha}`,
    };
  }
  const test = mannWhitneyU(a, b);
  return { verdict: test.p < alpha ? "significant" : "no significant difference", p: test.p, method: test.method };
}

function compareEntries(a: BenchmarkEntry, b: BenchmarkEntry): BenchmarkComparison {
  const base = { name: a.name, statusA: a.status, statusB: b.status };
  if (!a.figures || !b.figures) {
    const missing = [!a.figures ? `A ${a.status}${a.reason ? `: ${a.reason}` : ""}` : "", !b.figures ? `B ${b.status}${b.reason ? `: ${b.reason}` : ""}` : ""].filter(Boolean);
    return { ...base, figures: [], note: `no figures to compare (${missing.join("; ")})` };
  }
  const figures = figureNames.map((figure): FigureComparison => {
    const fa = side(a.figures![figure]);
    const fb = side(b.figures![figure]);
    return {
      figure,
      unit: figureUnits[figure],
      a: fa,
      b: fb,
      deltaPercent: fa.median !== 0 ? ((fb.median - fa.median) / fa.median) * 100 : null,
      significance: significance(a.figures![figure].trials, b.figures![figure].trials),
    };
  });
  return { ...base, figures };
}

/** Keys whose values differ between two JSON-like values, dotted (`sweep.stepsPerSecond`); `ignore` are top-level keys left out. */
export function differingKeys(a: unknown, b: unknown, ignore: readonly string[] = [], prefix = ""): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !(prefix === "" && ignore.includes(k))).sort();
    return keys.flatMap((k) => differingKeys(a[k], b[k], [], prefix ? `${prefix}.${k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [prefix || "(whole value)"];
}

function runCaveats(a: RunRecord, b: RunRecord, entriesA: readonly BenchmarkEntry[], entriesB: readonly BenchmarkEntry[]): string[] {
  const caveats: string[] = [];
  if (a.stack !== b.stack) caveats.push(`different stacks: ${a.stack} in A, ${b.stack} in B`);
  if (a.cluster !== b.cluster) caveats.push(`different clusters: ${a.cluster} in A, ${b.cluster} in B (different machines measure differently)`);
  if (a.pricingProfile !== b.pricingProfile) caveats.push(`different pricing profiles: ${a.pricingProfile} in A, ${b.pricingProfile} in B (their cost figures are not comparable)`);
  for (const tool of [...new Set([...Object.keys(a.toolVersions), ...Object.keys(b.toolVersions)])].sort()) {
    const va = (a.toolVersions[tool] ?? []).join(", ") || "none";
    const vb = (b.toolVersions[tool] ?? []).join(", ") || "none";
    if (va !== vb) caveats.push(`different ${tool} versions: ${va} in A, ${vb} in B`);
  }
  // The run id changes on every re-run by design; any other change of lab:benchmark changes what was measured.
  const changed = differingKeys(a.benchmarkConfig ?? {}, b.benchmarkConfig ?? {}, ["runId"]);
  if (changed.length > 0) caveats.push(`different benchmark definitions (lab:benchmark): ${changed.join(", ")} changed`);
  const byName = new Map(entriesB.map((e) => [e.name, e]));
  for (const ea of entriesA) {
    const eb = byName.get(ea.name);
    if (!eb) continue;
    const keys = (["target", "scenario", "durationSeconds", "offeredPerSecond", "trials"] as const).filter(
      (k) => ea.definition[k] !== undefined && eb.definition[k] !== undefined && ea.definition[k] !== eb.definition[k],
    );
    for (const k of keys) caveats.push(`${ea.name}: ${k} ${JSON.stringify(ea.definition[k])} in A, ${JSON.stringify(eb.definition[k])} in B`);
  }
  return caveats;
}

export function compareRuns(a: { label: string; record: RunRecord }, b: { label: string; record: RunRecord }): RunComparison {
  const entriesA = benchmarkEntries(a.record.outputs);
  const entriesB = benchmarkEntries(b.record.outputs);
  const namesB = new Set(entriesB.map((e) => e.name));
  const namesA = new Set(entriesA.map((e) => e.name));
  const runSide = (label: string, r: RunRecord): RunSide => ({ label, stack: r.stack, runId: r.runId, savedAt: r.savedAt, cluster: r.cluster, pricingProfile: r.pricingProfile });
  return {
    a: runSide(a.label, a.record),
    b: runSide(b.label, b.record),
    alpha,
    caveats: runCaveats(a.record, b.record, entriesA, entriesB),
    benchmarks: entriesA.filter((e) => namesB.has(e.name)).map((e) => compareEntries(e, entriesB.find((x) => x.name === e.name)!)),
    onlyInA: entriesA.filter((e) => !namesB.has(e.name)).map((e) => e.name),
    onlyInB: entriesB.filter((e) => !namesA.has(e.name)).map((e) => e.name),
  };
}
