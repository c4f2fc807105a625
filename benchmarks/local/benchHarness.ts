/**
 * `npm run bench:harness`: does our measuring path distort what the tools measured?
 * Runs real pgbench against a throwaway PostgreSQL and real vegeta against the local HTTP target,
 * then prints, side by side, the tool's own figures, our normalized result, and an independent
 * awk/sort computation over the same raw per-transaction / per-request data, with ratios.
 * Strict rows must agree to rounding (the figures are the same numbers carried through); rows
 * marked "info" compare different estimators (pgbench's run-time-derived mean, vegeta's t-digest
 * percentiles) and are shown, not judged. Exits 1 when a strict row is off.
 */
import { independentLatency } from "./independentCheck";
import { startLocalHttpTarget } from "./localHttpTarget";
import { startLocalPostgres } from "./localPostgres";
import { runLocalHttp, runLocalPgbench } from "./runLocal";
import { parsePgbenchReport } from "../pgbench/report";
import { parseVegetaReport } from "../vegeta/report";

interface Row {
  figure: string;
  own: number | null;
  ours: number;
  independent: number | null;
  strict: boolean;
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
    const bad = r.strict && [ro, ri].some((x) => x !== null && Math.abs(x - 1) > TOLERANCE);
    return { cells: [r.figure, fmt(r.own), fmt(r.ours), fmt(r.independent), ro === null ? "-" : ro.toFixed(9), ri === null ? "-" : ri.toFixed(9), r.strict ? (bad ? "DISTORTED" : "ok") : "info"], bad };
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
    const ind = await independentLatency(trial.txlogs.map((t) => t.text).join("\n"), "pgbench-txlog");
    const l = run.result.latencyMs;
    return printTable(`pgbench ${own.pgbenchVersion} (${trial.txlogs.length} per-thread logs)`, [
      { figure: "tps", own: ownTps, ours: run.result.rate, independent: null, strict: true },
      { figure: "transactions", own: own.processed, ours: run.result.count, independent: ind.count, strict: true },
      { figure: "latency avg ms", own: own.latencyAverageMs, ours: l.avg, independent: ind.avg, strict: false },
      { figure: "latency avg ms (log)", own: null, ours: l.avg, independent: ind.avg, strict: true },
      { figure: "p50 ms", own: null, ours: l.p50, independent: ind.p50, strict: true },
      { figure: "p90 ms", own: null, ours: l.p90, independent: ind.p90, strict: true },
      { figure: "p95 ms", own: null, ours: l.p95, independent: ind.p95, strict: true },
      { figure: "p99 ms", own: null, ours: l.p99, independent: ind.p99, strict: true },
      { figure: "max ms", own: null, ours: l.max, independent: ind.max, strict: true },
    ]);
  } finally {
    await pg.stop();
  }
}

async function vegetaSection(): Promise<boolean> {
  const target = await startLocalHttpTarget();
  try {
    const run = await runLocalHttp({ url: target.url, rate: 100, durationSeconds: 5, warmupSeconds: 1 });
    const trial = run.trials[0];
    console.log(`\nattack:  ${trial.attackArgv.join(" ")}`);
    const own = parseVegetaReport(trial.reportJson);
    const ind = await independentLatency(trial.resultsCsv, "vegeta-csv");
    const l = run.result.latencyMs;
    const ns = (v: number) => v / 1e6;
    const ok = printTable(`${run.result.toolVersion} -> ${target.url} (served ${target.served()} incl. warm-up)`, [
      { figure: "requests", own: own.requests, ours: run.result.count, independent: ind.count, strict: true },
      { figure: "rate /s", own: own.rate, ours: run.result.rate, independent: null, strict: true },
      { figure: "errors", own: own.requests - Math.round(own.success * own.requests), ours: run.result.errors, independent: null, strict: true },
      { figure: "mean ms", own: ns(own.latencies.mean), ours: l.avg, independent: ind.avg, strict: false },
      { figure: "mean ms (rows)", own: null, ours: l.avg, independent: ind.avg, strict: true },
      { figure: "p50 ms", own: ns(own.latencies["50th"]), ours: l.p50, independent: ind.p50, strict: false },
      { figure: "p90 ms", own: ns(own.latencies["90th"]), ours: l.p90, independent: ind.p90, strict: false },
      { figure: "p95 ms", own: ns(own.latencies["95th"]), ours: l.p95, independent: ind.p95, strict: false },
      { figure: "p99 ms", own: ns(own.latencies["99th"]), ours: l.p99, independent: ind.p99, strict: false },
      { figure: "max ms", own: ns(own.latencies.max), ours: l.max, independent: ind.max, strict: true },
    ]);
    // The percentile rows are "info" only against vegeta's own (t-digest estimates); against the
    // independent computation they must be exact.
    const exact = (["p50", "p90", "p95", "p99"] as const).every((k) => Math.abs(l[k] / ind[k] - 1) <= TOLERANCE);
    console.log(`percentiles ours vs independent: ${exact ? "exact" : "DISTORTED"}`);
    return ok && exact;
  } finally {
    await target.stop();
  }
}

async function main(): Promise<void> {
  const pgOk = await pgbenchSection();
  const vegetaOk = await vegetaSection();
  console.log(`\nharness: ${pgOk && vegetaOk ? "no distortion" : "DISTORTION FOUND"}`);
  if (!(pgOk && vegetaOk)) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
