import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { pgbenchDefinitionSchema, type PgbenchDefinitionInput } from "../../../benchmarks/definitions";
import { pgbenchJobScript } from "../../../benchmarks/job/jobScripts";
import { benchmarkOutcomeSchema, parsePgbenchJobLog } from "../../../benchmarks/job/outcome";
import { freeLoopbackPort, startLocalPostgres, type LocalPostgres } from "../../../benchmarks/local/localPostgres";
import { findTool, postgresBinDir } from "../../../benchmarks/local/tools";
import { execBounded } from "../../../benchmarks/local/exec";
import { realToolTest } from "../../helpers/realTool";

/**
 * Ladder step 3: the very script the pgbench Job runs (its ConfigMap's run.sh), run with `sh -c`
 * against a throwaway local PostgreSQL, its log read back by the same parser the log reader runs.
 * The expectations come from the raw log, read here with code of the test's own.
 */

const projectDir = resolve(__dirname, "..", "..", "..");
const missing = !findTool("pgbench") ? "pgbench not found" : !postgresBinDir() ? "PostgreSQL server binaries not found under /usr/lib/postgresql" : null;
const sh = findTool("sh") ?? "/bin/sh";

interface JobRun {
  log: string;
  exitCode: number;
  paths: { scripts: string; work: string };
}

const tempDirs: string[] = [];

/** Runs the Job script as the container would: scripts in one dir, work in an empty other. */
async function runJobScript(input: PgbenchDefinitionInput, env: Record<string, string>, timeoutMs = 60_000): Promise<JobRun> {
  const definition = pgbenchDefinitionSchema.parse(input);
  const root = mkdtempSync(join(tmpdir(), "lab-job-"));
  tempDirs.push(root);
  const paths = { scripts: join(root, "scripts"), work: join(root, "work") };
  mkdirSync(paths.scripts);
  mkdirSync(paths.work);
  // What the ConfigMap carries next to run.sh in custom mode.
  if (definition.script) writeFileSync(join(paths.scripts, "custom.sql"), definition.script);
  const script = pgbenchJobScript(definition, paths);
  const run = await execBounded([sh, "-c", script], { timeoutMs, env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env }, allowFailure: true });
  return { log: run.stdout, exitCode: run.code, paths };
}

/** The raw log's marked sections, read with a regex (not the lab's reader). */
function rawSections(log: string, kind: string): Array<{ attrs: string; body: string }> {
  const re = new RegExp(`^LAB_BEGIN ${kind}( [^\\n]*)?\\n([\\s\\S]*?)^LAB_END ${kind}$`, "gm");
  return [...log.matchAll(re)].map((m) => ({ attrs: (m[1] ?? "").trim(), body: m[2] }));
}

/** Latencies (ms) of the successful transactions in a trial's per-thread logs, decoded here. */
function trialLatenciesMs(log: string, trial: number): { latencies: number[]; files: number } {
  const logs = rawSections(log, "pgbench-txlog").filter((s) => s.attrs.split(" ").includes(`trial=${trial}`));
  const latencies: number[] = [];
  for (const s of logs) {
    const text = gunzipSync(Buffer.from(s.body.replace(/\s+/g, ""), "base64")).toString("utf8");
    for (const line of text.split("\n")) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 6) continue;
      if (/^\d+$/.test(fields[2])) latencies.push(parseInt(fields[2], 10) / 1000);
    }
  }
  return { latencies, files: logs.length };
}

/** Nearest rank: the smallest sample with at least p% of the samples at or below it. */
function nearestRank(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  let rank = Math.ceil((p / 100) * sorted.length);
  while (rank > 1 && (rank - 1) * 100 >= p * sorted.length) rank--;
  while (rank * 100 < p * sorted.length) rank++;
  return sorted[rank - 1];
}

async function labCli(args: string[]): Promise<unknown> {
  const run = await execBounded([join(projectDir, "node_modules/.bin/tsx"), "cli/lab.ts", ...args], { timeoutMs: 60_000, cwd: projectDir, allowFailure: true });
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
  return JSON.parse(run.stdout);
}

describe("the pgbench Job script, run for real against local PostgreSQL", () => {
  let pg: LocalPostgres | undefined;
  beforeAll(async () => {
    if (missing === null) pg = await startLocalPostgres();
  }, 90_000);
  afterAll(async () => {
    await pg?.stop();
    for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
  });

  realToolTest(
    "built-in workload, 2 trials: the median trial's own count and tps, percentiles from its transaction logs",
    missing,
    async () => {
      const db = pg as LocalPostgres;
      const run = await runJobScript({ scale: 1, clients: 2, threads: 2, durationSeconds: 2, warmupSeconds: 1, trials: 2 }, db.env);
      expect(run.exitCode).toBe(0);
      expect(run.log).toMatch(/^LAB_TOOL_VERSION pgbench \(PostgreSQL\) \d+/m);
      expect(run.log.match(/^LAB_EXIT \S+ \d+$/gm)).toEqual(["LAB_EXIT init 0", "LAB_EXIT warmup 0", "LAB_EXIT trial-1 0", "LAB_EXIT trial-2 0"]);
      expect(run.log.trimEnd().endsWith("benchmark finished")).toBe(true);

      const reports = rawSections(run.log, "pgbench-report");
      expect(reports.map((r) => r.attrs)).toEqual(["trial=1", "trial=2"]);
      const trials = reports.map((r, i) => ({
        trial: i + 1,
        tpsText: /^tps = (\d+(?:\.\d+)?) \(without initial connection time\)$/m.exec(r.body)![1],
        processed: Number(/^number of transactions actually processed: (\d+)$/m.exec(r.body)![1]),
      }));
      // Two trials: the lower median, i.e. the slower one.
      const median = [...trials].sort((a, b) => Number(a.tpsText) - Number(b.tpsText))[0];

      const outcome = parsePgbenchJobLog(run.log, { target: "x" });
      expect(benchmarkOutcomeSchema.parse(outcome)).toEqual(outcome);
      expect(outcome.status).toBe("passed");
      expect(outcome.reason).toBeUndefined();
      const result = outcome.result!;
      expect(result.count).toBe(median.processed);
      expect(result.rate).toBe(Number(median.tpsText));
      expect(result.trials?.count).toBe(2);
      expect(result.trials?.rate).toEqual({ min: Math.min(...trials.map((t) => Number(t.tpsText))), max: Math.max(...trials.map((t) => Number(t.tpsText))) });
      expect(result).toMatchObject({ tool: "pgbench", scenario: "tpcb-like", target: "x", errors: 0 });

      const { latencies, files } = trialLatenciesMs(run.log, median.trial);
      expect(files).toBe(2); // one per thread
      expect(latencies).toHaveLength(median.processed);
      for (const p of [50, 90, 95, 99] as const) expect(result.latencyMs[`p${p}`]).toBe(nearestRank(latencies, p));
      expect(result.latencyMs.max).toBe(Math.max(...latencies));
      expect(result.latencyMs.avg).toBeCloseTo(latencies.reduce((a, b) => a + b, 0) / latencies.length, 9);

      // The log reader's own path: the CLI on the captured log gives the same outcome.
      const logFile = join(run.paths.work, "..", "job.log");
      writeFileSync(logFile, run.log);
      expect(await labCli(["parse", "job-log", "--tool", "pgbench", "--target", "x", "--scenario", "", logFile])).toEqual(outcome);
    },
    120_000,
  );

  realToolTest(
    "custom workload: the script from the scripts dir is what pgbench runs",
    missing,
    async () => {
      const db = pg as LocalPostgres;
      const script = "\\set aid random(1, 100000 * :scale)\nSELECT abalance FROM pgbench_accounts WHERE aid = :aid;\n";
      const run = await runJobScript({ mode: "custom", script, scale: 1, clients: 2, threads: 1, durationSeconds: 1, warmupSeconds: 0, trials: 1 }, db.env);
      expect(run.exitCode).toBe(0);
      expect(run.log).not.toMatch(/^LAB_EXIT warmup/m);
      const [report] = rawSections(run.log, "pgbench-report");
      expect(report.body).toContain(`transaction type: ${run.paths.scripts}/custom.sql`);
      const processed = Number(/^number of transactions actually processed: (\d+)$/m.exec(report.body)![1]);
      expect(processed).toBeGreaterThan(0);
      const outcome = parsePgbenchJobLog(run.log, { target: "x" });
      expect(outcome.status).toBe("passed");
      expect(outcome.result).toMatchObject({ scenario: "custom", count: processed, rate: Number(/^tps = (\S+)/m.exec(report.body)![1]) });
      expect(outcome.result?.trials).toBeUndefined();
      const { latencies } = trialLatenciesMs(run.log, 1);
      expect(outcome.result?.latencyMs.p99).toBe(nearestRank(latencies, 99));
    },
    120_000,
  );

  realToolTest(
    "PostgreSQL unreachable: the script still exits 0 and the outcome is failed, naming init and its exit code",
    missing,
    async () => {
      const db = pg as LocalPostgres;
      const closedPort = await freeLoopbackPort();
      const run = await runJobScript({ scale: 1, clients: 2, threads: 2, durationSeconds: 2, warmupSeconds: 1, trials: 2 }, { ...db.env, PGPORT: String(closedPort), PGCONNECT_TIMEOUT: "3" }, 30_000);
      expect(run.exitCode).toBe(0);
      const exit = /^LAB_EXIT init (\d+)$/m.exec(run.log);
      expect(exit).not.toBeNull();
      const code = Number(exit![1]);
      expect(code).not.toBe(0);
      // Nothing ran after the failed step.
      expect(run.log).not.toMatch(/LAB_EXIT (warmup|trial-)/);
      expect(rawSections(run.log, "stderr")[0].attrs).toBe("step=init");

      const outcome = parsePgbenchJobLog(run.log, { target: "x" });
      expect(outcome.status).toBe("failed");
      expect(outcome.reason).toMatch(new RegExp(`^init exited with ${code}: `));
      expect(outcome.reason).toContain(String(closedPort));
      expect(outcome.result).toBeUndefined();

      const logFile = join(run.paths.work, "..", "job.log");
      writeFileSync(logFile, run.log);
      expect(await labCli(["parse", "job-log", "--tool", "pgbench", "--target", "x", "--scenario", "", logFile])).toEqual(outcome);
    },
    120_000,
  );
});
