import { z } from "zod";

/**
 * Side by side, per figure: each contender's value, which wins, and by what ratio (worse over
 * better, so 2 = "twice as good"). phase-03's backends and phase-08's brokers are lined up with it,
 * on the cluster and locally, so a laptop figure and a cluster figure have one shape. A tie
 * (within 1 %) or a value missing on any side names no winner.
 */
export const comparisonRowSchema = z.object({
  figure: z.string(),
  unit: z.string(),
  better: z.enum(["lower", "higher"]),
  values: z.record(z.string(), z.number().nullable()),
  winner: z.string().nullable(),
  /** Worse value over better (≥ 1); null without a winner or when the better value is 0. */
  ratio: z.number().nullable(),
});
export type ComparisonRow = z.infer<typeof comparisonRowSchema>;

export interface Figure<R> {
  readonly figure: string;
  readonly unit: string;
  readonly better: "lower" | "higher";
  readonly read: (run: R) => number | null | undefined;
  /** The unit the runs' own figures carry (a cost's), where it says more than `unit`. */
  readonly unitOf?: (run: R) => string | undefined;
}

const TIE_RATIO = 1.01;

export function compareFigures<R>(runs: readonly R[], nameOf: (run: R) => string, figures: readonly Figure<R>[]): ComparisonRow[] {
  return figures.map((f) => {
    const named = runs.map((r) => ({ name: nameOf(r), value: f.read(r) ?? null }));
    const values = Object.fromEntries(named.map((n) => [n.name, n.value]));
    let winner: string | null = null;
    let ratio: number | null = null;
    const known = named.filter((n): n is { name: string; value: number } => n.value !== null);
    if (known.length === runs.length && runs.length >= 2) {
      const sorted = [...known].sort((a, b) => (a.value - b.value) * (f.better === "lower" ? 1 : -1));
      const best = sorted[0].value;
      const worst = sorted[sorted.length - 1].value;
      const [num, den] = f.better === "lower" ? [worst, best] : [best, worst];
      const r = den > 0 ? num / den : num > 0 ? null : 1;
      if (r === null || r > TIE_RATIO) {
        winner = sorted[0].name;
        ratio = r;
      }
    }
    const unit = (f.unitOf && runs.map(f.unitOf).find(Boolean)) || f.unit;
    return comparisonRowSchema.parse({ figure: f.figure, unit, better: f.better, values, winner, ratio });
  });
}

/** A plain-text table of the rows: one column per contender, then the winner and its ratio. */
export function formatComparison(rows: readonly ComparisonRow[], names: readonly string[]): string {
  const fmt = (v: number | null) => (v === null ? "-" : Math.abs(v) >= 1000 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toPrecision(3));
  const header = ["figure", "unit", ...names, "winner (×)"];
  const body = rows.map((r) => [r.figure, r.unit.length > 40 ? r.unit.slice(0, 37) + "..." : r.unit, ...names.map((b) => fmt(r.values[b] ?? null)), r.winner ? `${r.winner} (${r.ratio === null ? "-" : r.ratio.toFixed(2)}×)` : "-"]);
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((row) => row[i].length)));
  return [header, ...body].map((row) => row.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd()).join("\n");
}
