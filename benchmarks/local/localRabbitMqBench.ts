import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import type { MessagingStepResult } from "../../lib/messagingResult";
import { messagingSteps, type MessagingDefinition, type MessagingStep } from "../messaging/definitions";
import { perfTestVersion, type PerfTestConnection } from "../messaging/perfTestInvocation";
import { perfTestJobScript } from "../messaging/perfTestJobScript";
import { parsePerfTestStepLog } from "../messaging/perfTestOutput";
import { execBounded } from "./exec";
import { startLocalRabbitMq } from "./localRabbitMq";

/**
 * `lab bench --local messaging` for RabbitMQ: a throwaway rabbitmq-server (Debian, loopback) and
 * PerfTest from scripts/install-perf-test.sh, each step through the cluster Job's own script and
 * parser. The recovery step is skipped: the local node is one node, and deleting it would also
 * drop the management counters the result is counted from, so it would prove nothing a three-node
 * cluster does.
 */

/** The PerfTest launcher scripts/install-perf-test.sh writes. */
export function perfTestLauncher(): string {
  const root = process.env.LAB_TOOLS_CACHE ?? join(homedir(), ".cache", "platform-lab");
  return join(root, `perf-test-${perfTestVersion}`, "bin", "perf-test");
}

/** Why PerfTest cannot run here, or null. */
export function perfTestMissing(): string | null {
  if (!existsSync(perfTestLauncher())) return `PerfTest ${perfTestVersion} not found at ${perfTestLauncher()} (scripts/install-perf-test.sh)`;
  return null;
}

export interface LocalPerfTestOptions {
  readonly onStep?: (line: string) => void;
  /** Seconds the management counters must stay unchanged before they are read (the job script's default otherwise). */
  readonly statsSettleSeconds?: number;
  /** Every step's Job-shaped log, for fixtures and debugging. */
  readonly onLog?: (step: MessagingStep, log: string) => void;
}

export interface LocalPerfTestRun {
  readonly results: MessagingStepResult[];
  readonly skipped: Array<{ step: MessagingStep; reason: string }>;
}

const userEnv = "LAB_RABBITMQ_USER";
const passwordEnv = "LAB_RABBITMQ_PASSWORD";

export async function runLocalPerfTest(definitionOrSteps: MessagingDefinition | readonly MessagingStep[], options: LocalPerfTestOptions = {}): Promise<LocalPerfTestRun> {
  const missing = perfTestMissing();
  if (missing) throw new Error(missing);
  const steps = Array.isArray(definitionOrSteps) ? (definitionOrSteps as readonly MessagingStep[]) : messagingSteps(definitionOrSteps as MessagingDefinition);
  const results: MessagingStepResult[] = [];
  const skipped: LocalPerfTestRun["skipped"] = [];
  const broker = await startLocalRabbitMq();
  const work = mkdtempSync(join(tmpdir(), "lab-perftest-"));
  try {
    const connection: PerfTestConnection = { host: "127.0.0.1", amqpPort: broker.amqpPort, managementPort: broker.managementPort, vhost: "/", userEnv, passwordEnv };
    const env = {
      ...process.env,
      PERF_TEST_CMD: perfTestLauncher(),
      [userEnv]: broker.user,
      [passwordEnv]: broker.password,
      ...(options.statsSettleSeconds !== undefined ? { LAB_STATS_SETTLE_SECONDS: String(options.statsSettleSeconds) } : {}),
    };
    for (const step of steps) {
      if (step.scenario === "recovery") {
        skipped.push({ step, reason: "recovery needs a broker pod deleted from a three-node cluster; the local node is one node" });
        continue;
      }
      options.onStep?.(`rabbitmq ${step.scenario} ${step.rate} msg/s: ${step.producers} producer(s), ${step.consumers} consumer(s), ${step.warmupSeconds} s warm-up + ${step.durationSeconds} s`);
      const script = join(work, "step.sh");
      writeFileSync(script, perfTestJobScript(step, connection, { workDir: join(work, "job") }));
      // Warm-up and run, two JVM starts, two settled counter reads (≤ 60 s each), deletion.
      const timeoutMs = (step.warmupSeconds + step.durationSeconds + 180) * 1000;
      const log = (await execBounded(["sh", "-c", `sh "${script}" 2>&1`], { env, timeoutMs })).stdout;
      options.onLog?.(step, log);
      const result = parsePerfTestStepLog(log, { step, target: `127.0.0.1:${broker.amqpPort} vhost /` });
      options.onStep?.(
        `  ${result.publishedPerSecond.toFixed(0)} msg/s confirmed, ${result.consumedPerSecond.toFixed(0)} msg/s consumed; consumer latency p50 ${result.endToEndLatency.value?.p50} ms p99 ${result.endToEndLatency.value?.p99} ms; confirm p50 ${result.publishLatency.value?.p50} ms`,
      );
      results.push(result);
    }
  } finally {
    await broker.stop();
    rmSync(work, { recursive: true, force: true });
  }
  return { results, skipped };
}
