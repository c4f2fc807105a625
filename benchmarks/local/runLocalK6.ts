import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseOrExplain } from "../../lib/configErrors";
import type { BenchmarkResult } from "../../lib/benchmarkResult";
import { httpLoadDefinitionSchema, type HttpLoadDefinitionInput } from "../definitions";
import { k6JobScript } from "../job/jobScripts";
import { parseK6JobLog, type BenchmarkOutcome } from "../job/outcome";
import { executionSegments } from "../k6/merge";
import { generateK6Script, secretHeaderEnv } from "../k6/script";
import { execBounded } from "./exec";
import { findTool } from "./tools";
import { medianTrial } from "./trials";

/**
 * The k6 path run here on the real k6: the generated script and the very Job script the cluster's
 * Indexed Job runs (benchmarks/job/jobScripts.ts), one process per runner with its
 * JOB_COMPLETION_INDEX, the runners' logs read by the same job-log parser as the cluster's log
 * reader. Only the scripts' directory differs. Traffic only to loopback, every run time-bounded.
 */
export interface K6RunnerArtifacts {
  index: number;
  segment: string;
  /** The runner's stdout and stderr, as its Pod log would hold them. */
  log: string;
  /** `--summary-export` of the runner (set through K6_SUMMARY_EXPORT). */
  summaryExport: string;
  /** k6's raw per-sample output (`--out csv`, through K6_OUT), when asked for. */
  rawCsv: string | null;
}

export interface K6Trial {
  outcome: BenchmarkOutcome;
  /** All runners' logs one after the other, as `kubectl logs` of the Job's pods shows them. */
  jobLog: string;
  runners: K6RunnerArtifacts[];
}

export interface LocalK6Run {
  result: BenchmarkResult;
  /** `passed` or `thresholds-failed` of the median trial (a failed run throws). */
  status: BenchmarkOutcome["status"];
  trials: K6Trial[];
  scriptText: string;
  jobScriptText: string;
  toolPath: string;
}

export function assertLoopbackUrl(url: string, what: string): void {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
    throw new Error(`${what}: local runs only target the loopback interface, got host ${JSON.stringify(host)}`);
  }
}

export function requireK6(): string {
  const k6 = findTool("k6");
  if (!k6) throw new Error("k6 not found on PATH or in ~/.cache/platform-lab/bin (run scripts/install-go-tools.sh k6)");
  return k6;
}

export async function runLocalK6(
  input: HttpLoadDefinitionInput,
  options: {
    target?: string;
    rawOutput?: boolean;
    timeoutMs?: number;
    /** Values of the definition's secretHeaders (there a Secret supplies them): passed in the environment only. */
    secretHeaderValues?: Record<string, string>;
  } = {},
): Promise<LocalK6Run> {
  const def = parseOrExplain(httpLoadDefinitionSchema, input, "benchmark.http");
  const secretEnv: Record<string, string> = {};
  for (const [header, variable] of secretHeaderEnv(def)) {
    const value = options.secretHeaderValues?.[header];
    if (value === undefined) throw new Error(`benchmark.http.secretHeaders.${header}: no value given for the local run (secretHeaderValues)`);
    secretEnv[variable] = value;
  }
  assertLoopbackUrl(def.url, "k6");
  const k6 = requireK6();
  const dir = mkdtempSync(join(tmpdir(), "lab-k6-"));
  const scriptText = generateK6Script(def);
  const jobScriptText = k6JobScript(def, { scripts: dir });
  // k6 waits up to its default gracefulStop (30 s) for in-flight iterations after a scenario.
  const timeoutMs = options.timeoutMs ?? (def.warmupSeconds + def.durationSeconds + 30 + 30) * 1000;
  try {
    writeFileSync(join(dir, "script.js"), scriptText);
    writeFileSync(join(dir, "runner.sh"), jobScriptText);
    const segments = executionSegments(def.parallelism);
    const trials: K6Trial[] = [];
    for (let t = 0; t < def.trials; t++) {
      const runners = await Promise.all(
        segments.map(async (s, index) => {
          const exportPath = join(dir, `trial-${t}-runner-${index}.summary.json`);
          const csvPath = join(dir, `trial-${t}-runner-${index}.csv`);
          const env: NodeJS.ProcessEnv = {
            ...process.env,
            ...secretEnv,
            PATH: `${dirname(k6)}:${process.env.PATH ?? ""}`,
            JOB_COMPLETION_INDEX: String(index),
            K6_SUMMARY_EXPORT: exportPath,
          };
          if (options.rawOutput) env.K6_OUT = `csv=${csvPath}`;
          const run = await execBounded(["sh", "-c", `sh "${join(dir, "runner.sh")}" 2>&1`], { env, cwd: dir, timeoutMs });
          return {
            index,
            segment: s.segment,
            log: run.stdout,
            summaryExport: existsSync(exportPath) ? readFileSync(exportPath, "utf8") : "",
            rawCsv: options.rawOutput && existsSync(csvPath) ? readFileSync(csvPath, "utf8") : null,
          };
        }),
      );
      const jobLog = runners.map((r) => r.log).join("");
      const outcome = parseK6JobLog(jobLog, { target: options.target ?? def.url, parallelism: def.parallelism, scenario: def.executor });
      if (outcome.status === "failed" || !outcome.result) throw new Error(`k6 run failed: ${outcome.reason}\n${jobLog.slice(-2000)}`);
      trials.push({ outcome, jobLog, runners });
    }
    const median = medianTrial(trials.map((t) => t.outcome.result!));
    const medianTrialOutcome = trials.find((t) => t.outcome.result!.rate === median.rate)!.outcome;
    return { result: median, status: medianTrialOutcome.status, trials, scriptText, jobScriptText, toolPath: k6 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
