/**
 * `npm run bench:harness`: does our measuring path distort what the tools measured?
 * Runs real pgbench against a throwaway PostgreSQL and the real k6 (the generated script, through
 * the Job's runner script, three runners with execution segments) against the local HTTP target,
 * then prints, side by side, the tool's own figures, our normalized result, and an independent
 * awk/sort computation over the same raw per-transaction / per-request data, with ratios.
 * "exact" rows must agree to rounding (the figures are the same numbers carried through);
 * "bucket" rows are the merged k6 percentiles, read from summed histograms, which must lie within
 * one bucket (≤ 2 %) above the exact percentile; "info" rows compare different estimators and are
 * shown, not judged. Exits 1 when a judged row is off.
 */
import { independentK6Figures, independentPgbenchLatency } from "./independentCheck";
import { startLocalHttpTarget } from "./localHttpTarget";
import { startLocalPostgres } from "./localPostgres";
import { runLocalPgbench } from "./runLocal";
import { runLocalK6 } from "./runLocalK6";
import { HISTOGRAM_GROWTH } from "../k6/histogram";
import { parseK6Any } from "../k6/summary";
import { parsePgbenchReport } from "../pgbench/report";

interface Row {
  figure: string;
  own: number | null;
  ours: number;
  independent: number | null;
  /** exact: equal to rounding; bucket: ours/independent in [1, histogram growth]; info: shown only. */
  check: "exact" | "bucket" | "info";
}

const TOLERANCE = 1e-9;
const fmt = (v: number | null) => (v === null ? "-" : Number.isInteger(v) ? String(v) : v.toFixed(6));
const ratio = (a: number, b: number | null) => (b === null ? null : b === 0 ? (a === 0 ? 1 : Infinity) : a / b);

function printTable(title: string, rows: Row[]): boolean {
  console.log(`\n== ${title}`);
  const head = ["figure", "tool's own", "ours", "independent", "ours/own", "ours/indep", "check"];
  const lines = rows.map((r) => {
    const ro = ratio(r.ours, r.own);
    const ri = ratio(r.ours, r.independent);
    const bad =
      r.check === "exact"
        ? [ro, ri].some((x) => x !== null && Math.abs(x - 1) > TOLERANCE)
        : r.check === "bucket"
          ? ri === null || ri < 1 - TOLERANCE || ri > HISTOGRAM_GROWTH + TOLERANCE
          : false;
    const verdict = r.check === "info" ? "info" : bad ? "DISTORTED" : r.check === "bucket" ? `ok (≤ ${HISTOGRAM_GROWTH})` : "ok";
    return { cells: [r.figure, fmt(r.own), fmt(r.ours), fmt(r.independent), ro === null ? "-" : ro.toFixed(9), ri === null ? "-" : ri.toFixed(9), verdict], bad };
  });
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l.cells[i].length)));
  const show = (cells: string[]) => console.log(cells.map((c, i) => c.padEnd(widths[i])).join("  "));
  show(head);
  lines.forEach((l) => show(l.cells));
  return lines.every((l) => !l.bad);
}

async function pgbenchSection(): Promise<boolean> {
  const pg = await startLocalPostgres();
  try {
    console.log(`PostgreSQL ${pg.serverVersion} on ${pg.url}`);
    const run = await runLocalPgbench({ scale: 1, clients: 4, threads: 2, durationSeconds: 5, warmupSeconds: 2 }, pg);
    const trial = run.trials[0];
    console.log(`init:    ${run.initArgv.join(" ")}\nwarm-up: ${run.warmupArgv?.join(" ")}\nrun:     ${trial.argv.join(" ")}`);
    const own = parsePgbenchReport(trial.output);
    const ownTps = Number(/^tps = (\S+)/m.exec(trial.output)?.[1]);
    const ind = await independentPgbenchLatency(trial.txlogs.map((t) => t.text).join("\n"));
    const l = run.result.latencyMs;
    return printTable(`pgbench ${own.pgbenchVersion} (${trial.txlogs.length} per-thread logs)`, [
      { figure: "tps", own: ownTps, ours: run.result.rate, independent: null, check: "exact" },
      { figure: "transactions", own: own.processed, ours: run.result.count, independent: ind.count, check: "exact" },
      { figure: "latency avg ms", own: own.latencyAverageMs, ours: l.avg, independent: ind.avg, check: "info" },
      { figure: "latency avg ms (log)", own: null, ours: l.avg, independent: ind.avg, check: "exact" },
      { figure: "p50 ms", own: null, ours: l.p50, independent: ind.p50, check: "exact" },
      { figure: "p90 ms", own: null, ours: l.p90, independent: ind.p90, check: "exact" },
      { figure: "p95 ms", own: null, ours: l.p95, independent: ind.p95, check: "exact" },
      { figure: "p99 ms", own: null, ours: l.p99, independent: ind.p99, check: "exact" },
      { figure: "max ms", own: null, ours: l.max, independent: ind.max, check: "exact" },
    ]);
  } finally {
    await pg.stop();
  }
}

async function k6Section(): Promise<boolean> {
  // Every 50th request answers 503, so the error count is checked too.
  const target = await startLocalHttpTarget({ failEvery: 50 });
  try {
    const run = await runLocalK6({ url: target.url, rate: 300, durationSeconds: 5, warmupSeconds: 1, parallelism: 3 }, { rawOutput: true });
    const [trial] = run.trials;
    console.log(`\nk6:      ${run.toolPath}, ${trial.runners.length} runners (segments ${trial.runners.map((r) => r.segment).join(", ")}), the Job's runner script`);
    const own = trial.runners.map((r) => parseK6Any(r.log));
    const ind = await independentK6Figures(trial.runners.map((r) => r.rawCsv ?? ""));
    const l = run.result.latencyMs;
    const sum = (f: (m: (typeof own)[number]) => number) => own.reduce((s, m) => s + f(m), 0);
    return printTable(`${run.result.toolVersion} -> ${target.url} (served ${target.served()} incl. warm-up); own = k6's per-runner summaries`, [
      { figure: "requests", own: sum((m) => m.count), ours: run.result.count, independent: ind.count, check: "exact" },
      { figure: "errors", own: sum((m) => m.errors), ours: run.result.errors, independent: ind.errors, check: "exact" },
      { figure: "dropped iterations", own: sum((m) => m.dropped), ours: run.result.dropped, independent: null, check: "exact" },
      { figure: "mean ms", own: null, ours: l.avg, independent: ind.avg, check: "exact" },
      { figure: "max ms", own: Math.max(...own.map((m) => m.trend.max)), ours: l.max, independent: ind.max, check: "exact" },
      { figure: "p50 ms (merged)", own: null, ours: l.p50, independent: ind.p50, check: "bucket" },
      { figure: "p90 ms (merged)", own: null, ours: l.p90, independent: ind.p90, check: "bucket" },
      { figure: "p95 ms (merged)", own: null, ours: l.p95, independent: ind.p95, check: "bucket" },
      { figure: "p99 ms (merged)", own: null, ours: l.p99, independent: ind.p99, check: "bucket" },
    ]);
  } finally {
    await target.stop();
  }
}

async function main(): Promise<void> {
  const pgOk = await pgbenchSection();
  const k6Ok = await k6Section();
  console.log(`\nharness: ${pgOk && k6Ok ? "no distortion" : "DISTORTION FOUND"}`);
  if (!(pgOk && k6Ok)) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
