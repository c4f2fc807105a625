import { compareFigures, comparisonRowSchema, formatComparison, type ComparisonRow, type Figure } from "../figureComparison";
import type { IngestionResult, MetricsBackend, QueryClassResult } from "../../lib/metricsResult";
import type { BenchmarkResult } from "../../lib/benchmarkResult";

/**
 * The side-by-side view of the metrics backends measured with one definition (benchmarks/
 * figureComparison.ts): the stack's `comparison` output and the local table. A tie within 1 % is
 * the expected answer for series and samples/s (both scrape one load), not a win.
 */
export interface BackendRun {
  readonly backend: MetricsBackend;
  readonly ingestion: IngestionResult;
  readonly queries?: { readonly overall: BenchmarkResult; readonly classes: readonly QueryClassResult[] };
}

export const metricsComparisonRowSchema = comparisonRowSchema;
export type MetricsComparisonRow = ComparisonRow;

type FigureSpec = Figure<BackendRun>;

const classFigure = (cls: string, q: "p50" | "p95" | "p99"): FigureSpec => ({
  figure: `${cls} ${q}`,
  unit: "ms",
  better: "lower",
  read: (r) => r.queries?.classes.find((c) => c.class === cls)?.latencyMs[q],
});

// A cost figure's unit is the one finops/metricsCost.ts gave it.
const costFigure = (costKey: string, label: string): FigureSpec => ({ figure: label, unit: "USD", better: "lower", read: (r) => r.ingestion.cost?.[costKey]?.value, unitOf: (r) => r.ingestion.cost?.[costKey]?.unit });

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

export function compareMetricsBackends(runs: readonly BackendRun[]): MetricsComparisonRow[] {
  return compareFigures(runs, (r) => r.backend, metricsFigures);
}

/** A plain-text table of the rows: one column per backend, then the winner and its ratio. */
export const formatMetricsComparison = formatComparison;
