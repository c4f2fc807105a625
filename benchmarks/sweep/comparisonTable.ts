import type { Comparison, ComparisonFigure, ComparisonRow } from "./comparison";

/**
 * The comparison as a plain-text table (the local proof prints it; the README's "Measured here"
 * quotes it): one column per target, baseline first; per step the latency figures with the delta
 * over the baseline in brackets, the rate achieved, the error ratio, the cost; a `*` marks a value
 * from a load-generator-saturated step; the last line is each target's highest step holding the SLO.
 */
const STEP_FIGURES: Array<[ComparisonFigure, string, (v: number) => string]> = [
  ["p50Ms", "p50 ms", (v) => v.toFixed(3)],
  ["p90Ms", "p90 ms", (v) => v.toFixed(3)],
  ["p99Ms", "p99 ms", (v) => v.toFixed(3)],
  ["maxMs", "max ms", (v) => v.toFixed(1)],
  ["achievedPerSecond", "achieved req/s", (v) => v.toFixed(1)],
  ["errorRatio", "error ratio", (v) => (v === 0 ? "0" : v.toFixed(4))],
  ["droppedIterations", "dropped iterations", (v) => String(v)],
  ["costPerMillionRequestsUsd", "USD / M requests", (v) => v.toPrecision(3)],
];

const signed = (v: number, f: (v: number) => string) => (v >= 0 ? `+${f(v)}` : `-${f(-v)}`);

function cell(row: ComparisonRow, target: string, baseline: string, format: (v: number) => string): string {
  const v = row.values[target];
  if (v === null || v === undefined) return "-";
  let text = format(v);
  const d = row.deltaOverBaseline[target];
  if (target !== baseline && d !== null && d !== undefined && row.unit === "ms") text += ` (${signed(d, format)})`;
  if (row.saturated.includes(target)) text += " *";
  if (row.best === target) text += " ←";
  return text;
}

export function formatComparisonTable(c: Comparison): string {
  const header = ["", ...c.targets];
  const lines: string[][] = [];
  const rates = [...new Set(c.rows.map((r) => r.offeredPerSecond).filter((r): r is number => r !== null))];
  for (const rate of rates) {
    lines.push([`step ${rate} req/s`, ...c.targets.map(() => "")]);
    for (const [figure, label, format] of STEP_FIGURES) {
      const row = c.rows.find((r) => r.figure === figure && r.offeredPerSecond === rate);
      if (!row) continue;
      if (figure === "costPerMillionRequestsUsd" && c.targets.every((t) => row.values[t] === null)) continue;
      lines.push([`  ${label}`, ...c.targets.map((t) => cell(row, t, c.baseline, format))]);
    }
  }
  lines.push([
    `highest step holding the SLO (p99 ≤ ${c.slo.p99Ms} ms, errors ≤ ${c.slo.errorRatio * 100} %)`,
    ...c.targets.map((t) => {
      const l = c.limits[t];
      const value = l.highestHoldingPerSecond === null ? "none" : `${l.highestHoldingPerSecond} req/s`;
      return `${value} (${l.boundedBy === "sweep-end" ? "held all" : l.boundedBy === "slo" ? `broke at ${l.stoppedAtPerSecond}` : `k6 saturated at ${l.stoppedAtPerSecond}`})`;
    }),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const show = (cells: string[]) => cells.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join("  ").trimEnd();
  return [show(header), ...lines.map(show), "(+x): delta over the baseline; *: load generator saturated (never best, no delta); ←: best non-baseline value"].join("\n");
}
