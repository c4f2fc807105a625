import * as path from "path";
import type { ArchivedRun } from "./runArchive";
import { benchmarkEntries, type BenchmarkEntry } from "./benchmarkEntries";

/**
 * `lab report --history <stack>`: one line per archived run, oldest first, so a person sees at a
 * glance when the stack ran, under which run id, cluster and pricing profile, and how its
 * benchmarks ended. The file name is shown so it can be handed to `lab compare`.
 */

/** `8 benchmarks: 6 passed, 1 thresholds-failed, 1 failed`, or that there were none. */
export function benchmarkStatusSummary(entries: readonly BenchmarkEntry[]): string {
  if (entries.length === 0) return "no benchmarks";
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.status, (counts.get(e.status) ?? 0) + 1);
  const order = ["passed", "thresholds-failed", "failed"];
  const parts = order.filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${s}`);
  return `${entries.length} benchmark${entries.length === 1 ? "" : "s"}: ${parts.join(", ")}`;
}

/** `2026-12-07 06:12:06Z` */
function when(iso: string): string {
  return new Date(iso).toISOString().replace("T", " ").replace(/\.\d{3}Z$/, "Z");
}

export function formatHistory(stack: string, runs: readonly ArchivedRun[]): string {
  if (runs.length === 0) return `${stack}: no archived runs (lab up saves one to results/${stack}/)`;
  const rows = runs.map(({ file, record }) => [
    when(record.savedAt),
    `run ${record.runId}`,
    record.cluster,
    record.pricingProfile,
    benchmarkStatusSummary(benchmarkEntries(record.outputs)),
    `${stack}/${path.basename(file)}`,
  ]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const header = `${stack}: ${runs.length} archived run${runs.length === 1 ? "" : "s"} (when, run id, cluster, pricing profile, benchmarks, file)`;
  return [header, ...rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join("  "))].join("\n");
}
