import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  httpLoadDefinitionSchema,
  pgbenchDefinitionSchema,
  type HttpLoadDefinitionInput,
  type PgbenchDefinitionInput,
} from "../definitions";
import { parseOrExplain } from "../../lib/configErrors";
import { evaluateThreshold } from "../k6/thresholds";
import { parseToolOutput } from "../parse";
import { pgbenchInvocation, txlogFilesFor } from "../pgbench/invocation";
import type { BenchmarkResult } from "../../lib/benchmarkResult";
import { execBounded } from "./exec";
import { findTool } from "./tools";
import { medianTrial } from "./trials";

/**
 * Local runs of a benchmark definition on the real tools, through the same invocations and
 * parsers as the cluster: this is where invocation and parsers are proven (testing ladder step 3).
 * Every run is time-bounded and only ever sends traffic to the loopback interface.
 */
export interface PgbenchTrialArtifacts {
  argv: string[];
  /** pgbench's stdout+stderr, as a Pod log would hold it. */
  output: string;
  txlogs: Array<{ name: string; text: string }>;
  result: BenchmarkResult;
}

export interface LocalPgbenchRun {
  result: BenchmarkResult;
  initArgv: string[];
  warmupArgv: string[] | null;
  trials: PgbenchTrialArtifacts[];
}

export interface PgConnection {
  /** PGHOST/PGPORT/PGUSER/PGDATABASE/PGPASSWORD. */
  env: Record<string, string>;
  /** Shown as the result's target (must hold no password). */
  url: string;
}

function assertLoopback(host: string, what: string): void {
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
    throw new Error(`${what}: local runs only target the loopback interface, got host ${JSON.stringify(host)}`);
  }
}

export async function runLocalPgbench(
  input: PgbenchDefinitionInput,
  conn: PgConnection,
  options: { timeoutMs?: number; progressSeconds?: number; skipInit?: boolean } = {},
): Promise<LocalPgbenchRun> {
  const def = parseOrExplain(pgbenchDefinitionSchema, input, "benchmark.pgbench");
  assertLoopback(conn.env.PGHOST ?? "", "pgbench");
  const pgbench = findTool("pgbench");
  if (!pgbench) throw new Error("pgbench not found on PATH or in PostgreSQL's bin dir (run scripts/install-bench-tools.sh)");
  const env = { ...process.env, ...conn.env };
  const runTimeoutMs = options.timeoutMs ?? ((def.durationSeconds ?? 240) + 60) * 1000;
  const logDir = mkdtempSync(join(tmpdir(), "lab-pgbench-"));
  try {
    const inv = pgbenchInvocation(def, { logDir, pgbench, progressSeconds: options.progressSeconds });
    if (inv.script) writeFileSync(inv.script.path, inv.script.text);
    if (!options.skipInit) await execBounded(inv.init, { env, timeoutMs: 300_000 });
    if (inv.warmup) await execBounded(inv.warmup, { env, timeoutMs: (def.warmupSeconds + 60) * 1000 });
    const trials: PgbenchTrialArtifacts[] = [];
    for (let t = 0; t < def.trials; t++) {
      for (const f of txlogFilesFor(inv.logPrefix, readdirSync(logDir))) rmSync(join(logDir, f));
      const run = await execBounded(inv.run, { env, timeoutMs: runTimeoutMs });
      const output = run.stdout + run.stderr;
      const txlogs = txlogFilesFor(inv.logPrefix, readdirSync(logDir)).map((f) => ({ name: f, text: readFileSync(join(logDir, f), "utf8") }));
      const result = parseToolOutput("pgbench", run.stdout, { txlogs, txlogColumns: inv.txlogColumns, target: conn.url, scenario: def.mode });
      trials.push({ argv: inv.run, output, txlogs, result });
    }
    return { result: medianTrial(trials.map((t) => t.result)), initArgv: inv.init, warmupArgv: inv.warmup, trials };
  } finally {
    rmSync(logDir, { recursive: true, force: true });
  }
}

export interface HttpTrialArtifacts {
  attackArgv: string[];
  reportJson: string;
  resultsCsv: string;
  result: BenchmarkResult;
}

export interface LocalHttpRun {
  result: BenchmarkResult;
  trials: HttpTrialArtifacts[];
}

/** vegeta as built by `go install` reports no version itself; the module build info does. */
export function vegetaVersion(path: string): string {
  try {
    const info = execFileSync("go", ["version", "-m", path], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const m = /\bmod\s+github\.com\/tsenart\/vegeta\/v12\s+(v\S+)/.exec(info);
    if (m) return `vegeta ${m[1]}`;
  } catch {
    /* no go toolchain: fall through */
  }
  try {
    const out = execFileSync(path, ["-version"], { encoding: "utf8" });
    const m = /Version:\s*(\S+)/.exec(out);
    if (m) return `vegeta ${m[1]}`;
  } catch {
    /* fall through */
  }
  return "vegeta (version unknown)";
}

/** k6-style thresholds of the definition judged on a non-k6 result (vegeta locally). */
export function thresholdsOnResult(thresholds: Record<string, string[]>, r: BenchmarkResult): BenchmarkResult["thresholds"] {
  const out: BenchmarkResult["thresholds"] = [];
  for (const [metric, exprs] of Object.entries(thresholds)) {
    const lookup = (agg: string): number | undefined => {
      if (metric === "http_req_duration") {
        const l = r.latencyMs;
        return ({ avg: l.avg, max: l.max, med: l.p50, "p(50)": l.p50, "p(90)": l.p90, "p(95)": l.p95, "p(99)": l.p99 } as Record<string, number>)[agg];
      }
      if (metric === "http_req_failed" && agg === "rate") return r.count ? r.errors / r.count : 0;
      if (metric === "http_reqs") return agg === "count" ? r.count : agg === "rate" ? r.rate : undefined;
      return undefined;
    };
    for (const expression of exprs) {
      const passed = evaluateThreshold(expression, lookup);
      if (passed === null) throw new Error(`threshold ${metric}: ${expression} cannot be judged on a vegeta run (supported: http_req_duration avg/med/max/p(50|90|95|99), http_req_failed rate, http_reqs count/rate)`);
      out.push({ metric, expression, passed });
    }
  }
  return out;
}

export async function runLocalHttp(input: HttpLoadDefinitionInput, options: { timeoutMs?: number } = {}): Promise<LocalHttpRun> {
  const def = parseOrExplain(httpLoadDefinitionSchema, input, "benchmark.http");
  assertLoopback(new URL(def.url).hostname, "http");
  if (def.executor !== "constant-arrival-rate") throw new Error(`benchmark.http.executor: got ${JSON.stringify(def.executor)}, expected "constant-arrival-rate" for a local vegeta run (vegeta has no ramping)`);
  const vegeta = findTool("vegeta");
  if (!vegeta) throw new Error("vegeta not found on PATH or in ~/.cache/platform-lab/bin (run scripts/install-bench-tools.sh)");
  const toolVersion = vegetaVersion(vegeta);
  const dir = mkdtempSync(join(tmpdir(), "lab-vegeta-"));
  try {
    const targets = [`${def.method} ${def.url}`, ...Object.entries(def.headers).map(([k, v]) => `${k}: ${v}`)];
    if (def.body !== undefined) {
      writeFileSync(join(dir, "body"), def.body);
      targets.push(`@${join(dir, "body")}`);
    }
    const targetText = targets.join("\n") + "\n";
    const attack = (seconds: number, out: string) => [
      vegeta,
      "attack",
      `-rate=${def.rate}/1s`,
      `-duration=${seconds}s`,
      `-workers=${def.preAllocatedVUs}`,
      `-max-workers=${def.maxVUs}`,
      "-timeout=30s",
      `-output=${out}`,
    ];
    const bound = (seconds: number) => options.timeoutMs ?? (seconds + 45) * 1000;
    if (def.warmupSeconds > 0) await execBounded(attack(def.warmupSeconds, join(dir, "warmup.bin")), { input: targetText, timeoutMs: bound(def.warmupSeconds) });
    const trials: HttpTrialArtifacts[] = [];
    for (let t = 0; t < def.trials; t++) {
      const bin = join(dir, `trial-${t}.bin`);
      const argv = attack(def.durationSeconds, bin);
      await execBounded(argv, { input: targetText, timeoutMs: bound(def.durationSeconds) });
      const reportJson = (await execBounded([vegeta, "report", "-type=json", bin], { timeoutMs: 60_000 })).stdout;
      const resultsCsv = (await execBounded([vegeta, "encode", "--to", "csv", bin], { timeoutMs: 60_000 })).stdout;
      const parsed = parseToolOutput("vegeta", reportJson, { vegetaCsv: resultsCsv, target: def.url, toolVersion, scenario: def.executor });
      const result = { ...parsed, thresholds: thresholdsOnResult(def.thresholds, parsed) };
      trials.push({ attackArgv: argv, reportJson, resultsCsv, result });
    }
    return { result: medianTrial(trials.map((t) => t.result)), trials };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
