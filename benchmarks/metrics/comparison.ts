import { z } from "zod";
import type { IngestionResult, MetricsBackend, QueryClassResult } from "../../lib/metricsResult";
import type { BenchmarkResult } from "../../lib/benchmarkResult";

/**
 * The side-by-side view of the metrics backends measured with one definition: per figure each
 * backend's value, which wins, and by what ratio (worse over better, so 2 = "twice as good"). The
 * stack's `comparison` output and the local table are this shape, so a laptop figure and a cluster
 * figure line up. A tie (within 1 %: both scrape one load, so equal series and samples/s are the
 * expected answer, not a win), or a missing value on either side, names no winner.
 */
export interface BackendRun {
  readonly backend: MetricsBackend;
  readonly ingestion: IngestionResult;
  readonly queries?: { readonly overall: BenchmarkResult; readonly classes: readonly QueryClassResult[] };
}

export const metricsComparisonRowSchema = z.object({
  figure: z.string(),
  unit: z.string(),
  better: z.enum(["lower", "higher"]),
  values: z.record(z.string(), z.number().nullable()),
  winner: z.string().nullable(),
  /** Worse value over better (≥ 1); null without a winner or when the better value is 0. */
  ratio: z.number().nullable(),
});
export type MetricsComparisonRow = z.infer<typeof metricsComparisonRowSchema>;

interface FigureSpec {
  readonly figure: string;
  readonly unit: string;
  readonly better: "lower" | "higher";
  readonly read: (r: BackendRun) => number | null | undefined;
  /** A cost figure: its unit is the one finops/metricsCost.ts gave it. */
  readonly costKey?: string;
}

const classFigure = (cls: string, q: "p50" | "p95" | "p99"): FigureSpec => ({
  figure: `${cls} ${q}`,
  unit: "ms",
  better: "lower",
  read: (r) => r.queries?.classes.find((c) => c.class === cls)?.latencyMs[q],
});

const costFigure = (costKey: string, label: string): FigureSpec => ({ figure: label, unit: "USD", better: "lower", costKey, read: (r) => r.ingestion.cost?.[costKey]?.value });

export const metricsFigures: readonly FigureSpec[] = [
  { figure: "active series", unit: "series", better: "higher", read: (r) => r.ingestion.activeSeries.value },
  { figure: "samples ingested", unit: "samples/s", better: "higher", read: (r) => r.ingestion.samplesPerSecond.value },
  { figure: "CPU", unit: "CPU s/s", better: "lower", read: (r) => r.ingestion.cpuSecondsPerSecond.value },
  { figure: "RSS", unit: "MiB", better: "lower", read: (r) => r.ingestion.rssBytes.value / 2 ** 20 },
  { figure: "disk per sample", unit: "bytes/sample", better: "lower", read: (r) => r.ingestion.diskBytesPerSample.value },
  ...["instant-light", "instant-heavy", "range-light", "range-heavy"].flatMap((c) => [classFigure(c, "p50"), classFigure(c, "p99")]),
  { figure: "query errors", unit: "requests", better: "lower", read: (r) => r.queries?.overall.errors },
  costFigure("perMillionSamples", "USD / M samples"),
  costFigure("perMonthPerMillionActiveSeries", "USD / month / M series"),
  costFigure("perMillionQueries", "USD / M queries"),
  costFigure("storagePerMonthPerMillionSamples", "USD / month / M samples kept"),
];

const TIE_RATIO = 1.01;

export function compareMetricsBackends(runs: readonly BackendRun[]): MetricsComparisonRow[] {
  return metricsFigures.map((f) => {
    const values = Object.fromEntries(runs.map((r) => [r.backend, f.read(r) ?? null]));
    const known = runs.filter((r) => values[r.backend] !== null) as BackendRun[];
    let winner: string | null = null;
    let ratio: number | null = null;
    if (known.length === runs.length && runs.length >= 2) {
      const sorted = [...known].sort((a, b) => (values[a.backend]! - values[b.backend]!) * (f.better === "lower" ? 1 : -1));
      const best = values[sorted[0].backend]!;
      const worst = values[sorted[sorted.length - 1].backend]!;
      const [num, den] = f.better === "lower" ? [worst, best] : [best, worst];
      const r = den > 0 ? num / den : num > 0 ? null : 1;
      if (r === null || r > TIE_RATIO) {
        winner = sorted[0].backend;
        ratio = r;
      }
    }
    const unit = (f.costKey && runs.map((r) => r.ingestion.cost?.[f.costKey!]?.unit).find(Boolean)) || f.unit;
    return metricsComparisonRowSchema.parse({ figure: f.figure, unit, better: f.better, values, winner, ratio });
  });
}

/** A plain-text table of the rows: one column per backend, then the winner and its ratio. */
export function formatMetricsComparison(rows: readonly MetricsComparisonRow[], backends: readonly string[]): string {
  const fmt = (v: number | null) => (v === null ? "-" : Math.abs(v) >= 1000 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toPrecision(3));
  const header = ["figure", "unit", ...backends, "winner (×)"];
  const body = rows.map((r) => [r.figure, r.unit.length > 40 ? r.unit.slice(0, 37) + "..." : r.unit, ...backends.map((b) => fmt(r.values[b] ?? null)), r.winner ? `${r.winner} (${r.ratio === null ? "-" : r.ratio.toFixed(2)}×)` : "-"]);
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((row) => row[i].length)));
  return [header, ...body].map((row) => row.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd()).join("\n");
}
