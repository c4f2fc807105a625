import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pgbenchDefinitionSchema, type PgbenchDefinitionInput } from "../definitions";
import { parseOrExplain } from "../../lib/configErrors";
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
