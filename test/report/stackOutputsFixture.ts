import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { parseK6JobLog, parsePgbenchJobLog } from "../../benchmarks/job/outcome";
import type { KnownOutputs } from "../../cli/plan/recordingMocks";
import { CAPTURED_PGBENCH, CAPTURED_SWEEP } from "../fixtures/report/capture";
import { commandType, deployedLikeState, isSerializedSecret, runStack } from "../helpers/stackRun";

/**
 * Stack outputs as `pulumi stack output --json --show-secrets=false` would print them after `lab up`,
 * made without a cluster and without typing a figure: phase-04 and phase-05 run under the recording
 * mocks with their committed config (steps and workloads shortened to what was captured), and each
 * BenchmarkJob's log reader is answered with a real Job log captured here
 * (test/fixtures/report/capture.ts), parsed by the parser the reader runs, with the TARGET and
 * SCENARIO the program gave the reader. What the mocks cannot know is said where it is set.
 */

const fixtures = join(__dirname, "..", "fixtures", "report");

/** A captured Job log, `.log` or (when large) `.log.gz`. */
export function capturedLog(name: string): string {
  const plain = join(fixtures, name);
  if (existsSync(plain)) return readFileSync(plain, "utf8");
  return gunzipSync(readFileSync(`${plain}.gz`)).toString("utf8");
}

type Env = { TARGET?: string; SCENARIO?: string };

/** The reader's environment holds the kubeconfig, so the mocks hand it over as a secret: unwrapped here. */
function readerEnv(inputs: Record<string, unknown>): Env {
  const env = inputs.environment as Record<string, unknown>;
  return (isSerializedSecret(env) ? env.value : env) as Env;
}

/** The result reader's stdout for one k6 step: the outcome of its captured Job log. */
const k6Answer =
  (logFor: (label: string, rate: number) => string): KnownOutputs =>
  (args) => {
    const m = /^k6-(.+)-(\d+)-result$/.exec(args.name);
    if (args.type !== commandType || !m) return undefined;
    const env = readerEnv(args.inputs);
    const outcome = parseK6JobLog(logFor(m[1], Number(m[2])), { target: env.TARGET ?? "", scenario: env.SCENARIO || undefined, parallelism: 1 });
    return { ...args.inputs, stdout: JSON.stringify(outcome) };
  };

/**
 * The gateways' usage samplers: no cluster, so nothing was sampled. Zero samples and zero usage
 * make max(request, usage) the request, which is what the cost then uses: no usage is invented.
 */
const noUsageSampled: KnownOutputs = (args) =>
  args.type === commandType && /^usage-.*-sampler$/.test(args.name)
    ? { ...args.inputs, stdout: JSON.stringify({ source: "cadvisor", namespace: "unsampled", samples: 0, windowSeconds: 0, cpuMillicores: 0, memoryMiB: 0, pods: [] }) }
    : undefined;

const pgbenchAnswer =
  (logFor: (workload: string) => string): KnownOutputs =>
  (args) => {
    const m = /^pgbench-cnpg-(.+)-result$/.exec(args.name);
    if (args.type !== commandType || !m) return undefined;
    const env = readerEnv(args.inputs);
    const script = String(args.inputs.create ?? args.inputs.script ?? "");
    const outcome = parsePgbenchJobLog(logFor(m[1]), {
      target: env.TARGET ?? "",
      scenario: env.SCENARIO || undefined,
      txlogColumns: { scheduleLag: script.includes("--schedule-lag"), retries: false },
    });
    return { ...args.inputs, stdout: JSON.stringify(outcome) };
  };

function combine(...answers: KnownOutputs[]): KnownOutputs {
  return (args) => answers.reduce<Record<string, unknown> | undefined>((acc, a) => {
    const got = a(args);
    return got === undefined ? acc : { ...(acc ?? {}), ...got };
  }, undefined);
}

/** What `pulumi stack output --json` prints: plain JSON, each secret as "[secret]". */
function asPulumiPrints(outputs: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(outputs));
}

export interface FixtureOptions {
  /** phase-05: answer its read-heavy Job with the captured run that could not connect. */
  readonly readHeavyRefused?: boolean;
}

export async function phase04Outputs(): Promise<Record<string, unknown>> {
  const run = await runStack("phase-04", {
    overrides: { "lab:benchmark": JSON.stringify({ sweep: CAPTURED_SWEEP, trials: 1 }) },
    knownOutputs: combine(deployedLikeState, noUsageSampled, k6Answer((label, rate) => capturedLog(`k6-${label}-${rate}.log`))),
  });
  if (run.error) throw run.error;
  return asPulumiPrints(run.redactedOutputs);
}

export async function phase05Outputs(options: FixtureOptions = {}): Promise<Record<string, unknown>> {
  const run = await runStack("phase-05", {
    overrides: { "lab:benchmark": JSON.stringify({ writeHeavy: CAPTURED_PGBENCH["write-heavy"], readHeavy: CAPTURED_PGBENCH["read-heavy"] }) },
    knownOutputs: combine(
      deployedLikeState,
      pgbenchAnswer((workload) => capturedLog(`pgbench-cnpg-${workload}${workload === "read-heavy" && options.readHeavyRefused ? "-refused" : ""}.log`)),
    ),
  });
  if (run.error) throw run.error;
  return asPulumiPrints(run.redactedOutputs);
}
