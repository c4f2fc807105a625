import { comparisonFigures } from "../../benchmarks/sweep/comparison";
import { formatMs, formatNumber, formatRange, formatUsd } from "./formatFigures";
import { headlineUnitCost, type FigureRow, type StackReport } from "./reportModel";

/**
 * The report's tables as text cells, the same for Markdown and HTML: what a cell says is decided
 * once here, the renderers only mark it up. Rows without figures are notes (sentences), not rows
 * of empty cells.
 */
export interface TextTable {
  readonly title: string;
  /** A sentence above the table (why no winner, what "best" means). */
  readonly lead?: string;
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Sentences under the table: failed runs, runs with no latency, SLO limits. */
  readonly notes: readonly string[];
}

export const statusWords: Record<FigureRow["status"], string> = { passed: "passed", "thresholds-failed": "thresholds failed", failed: "failed" };

function thresholdsText(b: FigureRow): string {
  // A sweep step's output carries its status, not its threshold list.
  if (b.thresholds.length === 0) return b.offeredPerSecond === undefined ? "none" : "per status";
  return b.thresholds.map((t) => `${t.metric} ${t.expression} ${t.passed ? "held" : "FAILED"}`).join("; ");
}

export function benchmarkTable(benchmarks: readonly FigureRow[]): TextTable {
  const rows = benchmarks
    .filter((b) => b.figures !== null)
    .map((b) => {
      const f = b.figures!;
      const lat = (v: number) => (f.latencyNote ? "—" : formatMs(v));
      const unit = headlineUnitCost(b);
      return [
        b.name,
        statusWords[b.status],
        `${formatNumber(f.rate)} ${f.rateUnit}`,
        String(f.count),
        String(f.errors),
        String(f.dropped),
        lat(f.latencyMs.p50),
        lat(f.latencyMs.p90),
        lat(f.latencyMs.p95),
        lat(f.latencyMs.p99),
        lat(f.latencyMs.max),
        b.trials ? `${b.trials.count} trials: ${formatRange(b.trials.rate.min, b.trials.rate.max)} ${f.rateUnit}, p99 ${formatRange(b.trials.p99Ms.min, b.trials.p99Ms.max)} ms` : "1 run",
        thresholdsText(b),
        unit ? formatUsd(unit.value, unit.unit, unit.note) : "not joined",
      ];
    });
  const notes = benchmarks.flatMap((b) => {
    if (b.figures === null) return [`${b.name}: ${statusWords[b.status]} without figures: ${b.reason ?? "no reason given"}`];
    const saturated = b.saturation?.status === "load-generator-saturated" ? b.saturation.reasons : [];
    const notes = [b.status !== "passed" ? (b.reason ?? statusWords[b.status]) : undefined, b.figures.latencyNote, ...saturated].filter((n): n is string => n !== undefined);
    return notes.length > 0 ? [`${b.name}: ${notes.join("; ")}`] : [];
  });
  return {
    title: "Benchmarks",
    head: ["benchmark", "status", "rate", "count", "errors", "dropped", "p50", "p90", "p95", "p99", "max", "trials (rate, p99)", "thresholds", "cost per unit"],
    rows,
    notes,
  };
}

export function comparisonTable(s: StackReport): TextTable | null {
  const c = s.comparison;
  if (!c) return null;
  return {
    title: `${c.targets.length} targets side by side`,
    lead: `Same definition for every target; "best" is chosen among the alternatives (the baseline \`${c.baseline}\` has no proxy in front and would win every latency row); a value from a saturated load generator is never best.`,
    head: ["figure", "at", ...c.targets, "best"],
    rows: c.rows.map((r) => [
      `${r.figure} (${comparisonFigures[r.figure].unit}, ${r.better} is better)`,
      r.offeredPerSecond === null ? "whole sweep" : `${r.offeredPerSecond}/s`,
      ...c.targets.map((t) => (r.allFailed.includes(t) ? "— (all failed)" : `${formatNumber(r.values[t] ?? null)}${r.saturated.includes(t) ? " (saturated)" : ""}`)),
      r.best ?? "no single best",
    ]),
    notes: [...c.targets.flatMap((t) => (c.limits[t] ? [`${t}: ${c.limits[t].note}`] : [])), ...(c.missing.length > 0 ? [`not measured: ${c.missing.join(", ")}`] : [])],
  };
}

export function sideBySideTable(s: StackReport): TextTable | null {
  const t = s.sideBySide;
  if (!t) return null;
  return {
    title: "Side by side",
    lead: t.noWinner ? `${t.noWinner[0].toUpperCase()}${t.noWinner.slice(1)}.` : undefined,
    head: ["figure", ...t.columns, ...(t.noWinner ? [] : ["best"])],
    rows: t.rows.map((r) => [`${r.figure} (${r.unit}, ${r.better} is better)`, ...t.columns.map((c) => formatNumber(r.values[c])), ...(t.noWinner ? [] : [r.best ?? "no single best"])]),
    notes: t.without.length > 0 ? [`not in the table (no figures): ${t.without.join(", ")}`] : [],
  };
}

export function priceTable(s: StackReport): TextTable | null {
  const c = s.cost;
  if (!c) return null;
  return {
    title: `Cost (pricing profile ${c.profile})`,
    lead: `Run-rate ${formatNumber(c.monthlyRunRateUsd)} USD per month; the same footprint on AWS: ${formatNumber(c.awsReferenceMonthlyUsd)} USD per month.`,
    head: ["resource", "price", "source"],
    rows: c.prices.map((p) => [p.resource, `${formatNumber(p.amount)} USD per ${p.per}`, p.source]),
    notes: [],
  };
}

/** Every table of a stack's section, in reading order. */
export function stackTables(s: StackReport): TextTable[] {
  const tables = [s.benchmarks.length > 0 ? benchmarkTable(s.benchmarks) : null, comparisonTable(s), sideBySideTable(s), priceTable(s)];
  return tables.filter((t): t is TextTable => t !== null);
}
