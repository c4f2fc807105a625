import { readFileSync } from "fs";
import { join } from "path";
import { parseK6JobLog, type BenchmarkOutcome } from "../../benchmarks/job/outcome";
import { medianTrial } from "../../benchmarks/local/trials";
import { parseToolOutput } from "../../benchmarks/parse";
import type { BenchmarkResult } from "../../lib/benchmarkResult";
import { commandType, deployedLikeState, runStack } from "../helpers/stackRun";

/**
 * Stack outputs shaped as `pulumi stack output --json` gives them after a real run: the stack
 * program runs under the recording mocks, and each benchmark's log reader answers with an outcome
 * built by the lab's own parsers from real captured tool output (test/fixtures). Only the trials'
 * figures are set by the test (rate and percentiles per trial), so a comparison has a known answer;
 * every other field is what pgbench 15.18 and k6 v1.8.1 printed.
 */

const fixtures = join(__dirname, "..", "fixtures");

/** pgbench 15.18 `-R 250 -L 5` with its two thread logs (test/fixtures/README.md), through the lab's parser. */
export function realPgbenchResult(): BenchmarkResult {
  const text = (name: string) => readFileSync(join(fixtures, "pgbench", name), "utf8");
  const logs = ["pg15-rate-latency-limit-progress.txlog.4936", "pg15-rate-latency-limit-progress.txlog.4936.1"];
  return parseToolOutput("pgbench", text("pg15-rate-latency-limit-progress.txt"), {
    txlogs: logs.map((name) => ({ name, text: text(name) })),
    txlogColumns: { scheduleLag: true, retries: false },
    target: "cnpg lab-pg (1 instance, PostgreSQL 17)",
  });
}

/** k6 v1.8.1's handleSummary line as a runner's Pod log holds it, through the Job log reader. */
export function realK6Outcome(target: string): BenchmarkOutcome {
  return parseK6JobLog(readFileSync(join(fixtures, "k6", "handle-summary-runner-0.log"), "utf8"), { target, parallelism: 1 });
}

export interface TrialFigures {
  readonly rate: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

/** The real result with each trial's figures set, reported as the Job reports them: the median trial, trials kept. */
export function trialsOutcome(template: BenchmarkResult, trials: readonly TrialFigures[], toolVersion?: string): BenchmarkOutcome {
  const results = trials.map((t) => ({
    ...template,
    ...(toolVersion ? { toolVersion } : {}),
    rate: t.rate,
    latencyMs: { ...template.latencyMs, p50: t.p50, p90: (t.p50 + t.p95) / 2, p95: t.p95, p99: t.p99 },
  }));
  return { status: "passed", result: medianTrial(results) };
}

/** JSON and back, as `pulumi stack output --json` hands outputs over. */
const asCliOutput = (outputs: Record<string, unknown>) => JSON.parse(JSON.stringify(outputs)) as Record<string, unknown>;

/** phase-05's outputs with its two CNPG pgbench benchmarks answered by `outcomes`. */
export async function phase05Outputs(outcomes: { "write-heavy": BenchmarkOutcome; "read-heavy": BenchmarkOutcome }, overrides: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const run = await runStack("phase-05", {
    overrides,
    knownOutputs: (args) => {
      const m = /^pgbench-cnpg-(write-heavy|read-heavy)-result$/.exec(args.name);
      if (args.type === commandType && m) return { ...args.inputs, stdout: JSON.stringify(outcomes[m[1] as "write-heavy" | "read-heavy"]) };
      return deployedLikeState(args);
    },
  });
  if (run.error) throw run.error;
  return asCliOutput(run.outputs);
}

/** phase-04's outputs measuring Traefik and the baseline at 100 and 300 req/s, each step's k6 outcome from `outcomeOf`. */
export async function phase04Outputs(outcomeOf: (target: string, offeredPerSecond: number) => BenchmarkOutcome): Promise<Record<string, unknown>> {
  const run = await runStack("phase-04", {
    overrides: { "lab:gateways": JSON.stringify(["traefik"]), "lab:benchmark": JSON.stringify({ sweep: { stepsPerSecond: [100, 300] } }) },
    knownOutputs: (args) => {
      const m = /^k6-(.+)-(\d+)-result$/.exec(args.name);
      if (args.type === commandType && m) return { ...args.inputs, stdout: JSON.stringify(outcomeOf(m[1], Number(m[2]))) };
      if (args.type === commandType && /^usage-.*-sampler$/.test(args.name)) {
        return { ...args.inputs, stdout: JSON.stringify({ source: "cadvisor", namespace: "traefik", samples: 15, windowSeconds: 30, cpuMillicores: 200, memoryMiB: 80, pods: ["traefik-x"] }) };
      }
      if (args.type === commandType && /-routed-programmed$/.test(args.name)) return { ...args.inputs, stdout: "10.96.0.7" };
      return deployedLikeState(args);
    },
  });
  if (run.error) throw run.error;
  return asCliOutput(run.outputs);
}
