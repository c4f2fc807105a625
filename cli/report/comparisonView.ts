import type { Comparison, ComparisonRow } from "../../benchmarks/sweep/comparison";
import type { SweepView } from "./reportModel";

/**
 * The stack's comparison as the report shows it. A step in which every request failed has only
 * the failures' latencies (k6 times a refused connection as 0 ms): the comparison gives it no
 * latency figure (benchmarks/sweep/comparison.ts), and comparisons archived before that did. Here
 * such targets are listed in `allFailed` (shown as words), their values removed and the best chosen
 * again by the comparison's own rule: among the non-baseline, non-saturated targets with a value,
 * one clear best.
 */
export type ReportComparisonRow = ComparisonRow & { readonly allFailed: readonly string[] };
export type ReportComparison = Omit<Comparison, "rows"> & { readonly missing: readonly string[]; readonly rows: readonly ReportComparisonRow[] };

const latencyFigures = new Set<ComparisonRow["figure"]>(["p50Ms", "p90Ms", "p95Ms", "p99Ms", "maxMs"]);

function chooseBest(row: ComparisonRow, baseline: string, names: readonly string[]): string | null {
  const candidates = names.filter((n) => (names.length > 1 ? n !== baseline : true)).filter((n) => row.values[n] !== null && row.values[n] !== undefined && !row.saturated.includes(n));
  if (candidates.length === 0) return null;
  const pick = row.better === "lower" ? Math.min : Math.max;
  const top = pick(...candidates.map((n) => row.values[n]!));
  const holders = candidates.filter((n) => row.values[n] === top);
  return holders.length === 1 ? holders[0] : null;
}

export function comparisonView(comparison: Comparison & { missing: string[] }, sweeps: readonly SweepView[]): ReportComparison {
  const failedAt = (target: string, rate: number) => sweeps.find((s) => s.target === target)?.steps.find((st) => st.offeredPerSecond === rate)?.figures?.latencyNote !== undefined;
  const rows = comparison.rows.map((row): ReportComparisonRow => {
    if (!latencyFigures.has(row.figure) || row.offeredPerSecond === null) return { ...row, allFailed: [] };
    const rate = row.offeredPerSecond;
    const allFailed = comparison.targets.filter((t) => failedAt(t, rate));
    if (allFailed.length === 0) return { ...row, allFailed };
    const values = Object.fromEntries(Object.entries(row.values).map(([t, v]) => [t, allFailed.includes(t) ? null : v]));
    const deltaOverBaseline = Object.fromEntries(
      Object.entries(row.deltaOverBaseline).map(([t, d]) => [t, allFailed.includes(t) || allFailed.includes(comparison.baseline) ? null : d]),
    );
    const cleaned = { ...row, values, deltaOverBaseline };
    return { ...cleaned, best: chooseBest(cleaned, comparison.baseline, comparison.targets), allFailed };
  });
  return { ...comparison, rows };
}
