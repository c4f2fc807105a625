import { formatNumber } from "./formatFigures";
import { headlineUnitCost, type FigureRow, type StackReport } from "./reportModel";
import { barChart, lineChart, type Chart } from "./svgCharts";

/**
 * Which charts a stack's section has, from the report model: latency percentiles per target (a
 * sweep: at its highest step), latency against offered rate (sweeps), cost per unit per target.
 * Whatever a chart leaves out (a failed run, a step where every request failed, a cost not joined)
 * is named in `left out`, so the reader never takes a missing bar for a zero.
 */
export interface StackChart extends Chart {
  readonly id: string;
  readonly leftOut: readonly string[];
}

const percentiles = ["p50", "p90", "p95", "p99", "max"] as const;
const hasLatency = (r: FigureRow) => r.figures !== null && r.figures.latencyNote === undefined;
const whyNot = (r: FigureRow) => (r.figures === null ? `${r.name} (${r.status}, no figures)` : `${r.name} (every operation failed)`);

/** The rows one chart compares: per target its highest step (sweeps), or each benchmark. */
function comparedRows(s: StackReport): { label: string; row: FigureRow }[] {
  if (s.sweeps.length === 0) return s.benchmarks.map((b) => ({ label: b.name, row: b }));
  return s.sweeps.flatMap((w) => (w.steps.length > 0 ? [{ label: w.target, row: w.steps[w.steps.length - 1] }] : []));
}

function atWhichRate(s: StackReport): string {
  const rates = [...new Set(s.sweeps.map((w) => w.steps[w.steps.length - 1]?.offeredPerSecond).filter((r) => r !== undefined))];
  return rates.length === 1 ? ` at ${formatNumber(rates[0]!)} requests/s offered` : " at each target's highest step";
}

export function stackCharts(s: StackReport): StackChart[] {
  if (s.benchmarks.length === 0) return [];
  const rows = comparedRows(s);
  const charts: StackChart[] = [];
  const latencyRows = rows.filter((r) => hasLatency(r.row));
  charts.push({
    id: `${s.stack}-percentiles`,
    ...barChart({
      title: `Latency percentiles per ${s.sweeps.length > 0 ? "target" : "benchmark"}${s.sweeps.length > 0 ? atWhichRate(s) : ""}`,
      unit: "ms",
      series: [...percentiles],
      groups: latencyRows.map(({ label, row }) => ({ label, values: percentiles.map((p) => row.figures!.latencyMs[p]) })),
      emptyText: "No latency to chart: no run produced latencies.",
    }),
    leftOut: rows.filter((r) => !hasLatency(r.row)).map((r) => whyNot(r.row)),
  });
  if (s.sweeps.length > 0) {
    const dropped = s.sweeps.flatMap((w) => w.steps.filter((st) => !hasLatency(st)).map(whyNot));
    charts.push({
      id: `${s.stack}-sweep`,
      ...lineChart({
        title: "p99 latency against offered rate",
        unit: "ms",
        xUnit: "/s",
        series: s.sweeps.map((w) => ({ label: w.target, points: w.steps.filter(hasLatency).map((st) => ({ x: st.offeredPerSecond!, y: st.figures!.latencyMs.p99 })) })),
        emptyText: "No latency to chart: no step produced latencies.",
      }),
      leftOut: dropped,
    });
  }
  const costs = rows.map(({ label, row }) => ({ label, row, cost: headlineUnitCost(row) }));
  const unit = costs.find((c) => c.cost)?.cost?.unit ?? "USD per unit";
  charts.push({
    id: `${s.stack}-cost`,
    ...barChart({
      title: `Cost per unit per ${s.sweeps.length > 0 ? "target" : "benchmark"}${s.sweeps.length > 0 ? atWhichRate(s) : ""}`,
      unit,
      series: [unit],
      groups: costs.filter((c) => c.cost?.value != null).map((c) => ({ label: c.label, values: [c.cost!.value] })),
      emptyText: "No cost per unit to chart: no run has one joined.",
    }),
    leftOut: costs.filter((c) => c.cost?.value == null).map((c) => `${c.label} (${c.cost?.note ?? (c.row.figures === null ? "no figures" : "cost not joined")})`),
  });
  return charts;
}
