import { headlineUnitCost, type FigureRow } from "./reportModel";

/**
 * The side-by-side table of a phase's benchmarks that are not a sweep (phase-05's workloads): one
 * row per figure, one column per benchmark with figures. A winner per figure only means something
 * between runs of the same workload (same tool and scenario) — tpcb-like against select-only is two
 * different questions — so between different workloads the table is shown and `noWinner` says why.
 * A failed benchmark (no figures) is listed in `without` rather than given empty cells.
 */
export interface SideBySideRow {
  readonly figure: string;
  readonly unit: string;
  readonly better: "lower" | "higher";
  /** Per benchmark; null: the figure is not there (a per-unit cost not joined, latencies of a run where all failed). */
  readonly values: Readonly<Record<string, number | null>>;
  /** The benchmark with the best value; null when there is no winner (see noWinner) or a tie. */
  readonly best: string | null;
}

export interface SideBySide {
  readonly columns: readonly string[];
  readonly rows: readonly SideBySideRow[];
  /** Why no row names a winner; absent when winners are named. */
  readonly noWinner?: string;
  /** Benchmarks left out: they produced no figures. */
  readonly without: readonly string[];
}

type Pick = (row: FigureRow) => number | null;
const latency = (p: "p50" | "p90" | "p95" | "p99" | "max"): Pick => (r) => (r.figures && !r.figures.latencyNote ? r.figures.latencyMs[p] : null);
const perUnit: Pick = (r) => headlineUnitCost(r)?.value ?? null;

function bestOf(values: Record<string, number | null>, better: "lower" | "higher"): string | null {
  const present = Object.entries(values).filter((e): e is [string, number] => e[1] !== null);
  if (present.length < 2) return null;
  const top = better === "lower" ? Math.min(...present.map((e) => e[1])) : Math.max(...present.map((e) => e[1]));
  const holders = present.filter((e) => e[1] === top);
  return holders.length === 1 ? holders[0][0] : null;
}

/** null when fewer than two benchmarks have figures: nothing to put side by side. */
export function sideBySide(benchmarks: readonly FigureRow[]): SideBySide | null {
  const measured = benchmarks.filter((b) => b.figures !== null);
  if (measured.length < 2) return null;
  const workloads = [...new Set(measured.map((b) => `${b.tool ?? "?"} ${b.scenario ?? "?"}`))];
  const noWinner = workloads.length > 1 ? `different workloads (${workloads.join(", ")}): side by side, no winner` : undefined;
  const rateUnit = measured[0].figures!.rateUnit;
  const unitCost = measured.map((b) => headlineUnitCost(b)?.unit).find((u) => u !== undefined) ?? "USD per unit";
  const figures: [string, string, "lower" | "higher", Pick][] = [
    ["rate", rateUnit, "higher", (r) => r.figures!.rate],
    ["errors", "operations", "lower", (r) => r.figures!.errors],
    ["p50", "ms", "lower", latency("p50")],
    ["p90", "ms", "lower", latency("p90")],
    ["p95", "ms", "lower", latency("p95")],
    ["p99", "ms", "lower", latency("p99")],
    ["max", "ms", "lower", latency("max")],
    ["cost per unit", unitCost, "lower", perUnit],
  ];
  const rows = figures.map(([figure, unit, better, pick]) => {
    const values = Object.fromEntries(measured.map((b) => [b.name, pick(b)]));
    return { figure, unit, better, values, best: noWinner ? null : bestOf(values, better) };
  });
  return { columns: measured.map((b) => b.name), rows, ...(noWinner ? { noWinner } : {}), without: benchmarks.filter((b) => b.figures === null).map((b) => b.name) };
}
