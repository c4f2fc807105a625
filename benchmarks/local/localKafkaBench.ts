import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MessagingStepResult, RecoveryResult } from "../../lib/messagingResult";
import { messagingSteps, type MessagingDefinition, type MessagingStep } from "../messaging/definitions";
import { kafkaJobScript } from "../messaging/kafkaJobScript";
import { readPodDeletion } from "../messaging/jobLog";
import { parseKafkaRecovery, parseKafkaStepLog } from "../messaging/kafkaOutput";
import { startLocalKafka, type LocalKafka } from "./localKafka";

export interface LocalKafkaOptions {
  /** Partitions of each step's topic (the phase's topic has its own; 3 here). */
  readonly partitions?: number;
  /**
   * The recovery step, locally: the one broker process is SIGKILLed `deleteAfterSeconds` after the
   * producers start and started again on the same data directory and ports. With one broker every
   * partition is unavailable until it is back: the laptop profile's case (one pod, restarted by
   * its StatefulSet), not the hub's three-broker leader failover. `skip` leaves the step out.
   */
  readonly recovery?: "kill-and-restart" | "skip";
  /** From the producers' start; default from the definition, else a third of the step. */
  readonly deleteAfterSeconds?: number;
  readonly onStep?: (line: string) => void;
  /** Each step's full log, for fixtures and for a failed step's reader. */
  readonly onLog?: (step: MessagingStep, log: string) => void;
  readonly onRecovery?: (result: RecoveryResult) => void;
}

function runScript(script: string, kafka: LocalKafka, timeoutMs: number, onStart?: () => void): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "lab-kafka-job-"));
  const file = join(dir, "step.sh");
  writeFileSync(file, script);
  return new Promise((resolve, reject) => {
    const child = spawn("sh", [file], { env: { ...process.env, KAFKA_BIN: kafka.bin }, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let out = "";
    let started = false;
    const onData = (d: string) => {
      out += d;
      if (!started && /^LAB_START /m.test(out)) {
        started = true;
        onStart?.();
      }
    };
    child.stdout.setEncoding("utf8").on("data", onData);
    child.stderr.setEncoding("utf8").on("data", onData);
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL"); // the script's whole group: every tool's JVM
      } catch {
        /* gone */
      }
      rmSync(dir, { recursive: true, force: true });
      reject(new Error(`the Kafka step script did not finish within ${timeoutMs} ms:\n${out.slice(-3000)}`));
    }, timeoutMs);
    child.on("close", () => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      resolve(out);
    });
  });
}

/**
 * `lab bench --local messaging` for Kafka: one local broker (localKafka.ts) for every step, each
 * step through the very script the cluster Job runs (kafkaJobScript, with KAFKA_BIN at
 * scripts/install-kafka.sh's launchers) and its log through the same parser. The broker and every
 * tool are stopped and their data removed, whatever happens.
 */
export async function runLocalKafka(definitionOrSteps: MessagingDefinition | readonly MessagingStep[], options: LocalKafkaOptions = {}): Promise<MessagingStepResult[]> {
  const definition = Array.isArray(definitionOrSteps) ? null : (definitionOrSteps as MessagingDefinition);
  const all = definition ? messagingSteps(definition) : (definitionOrSteps as readonly MessagingStep[]);
  const steps = all.filter((s) => s.scenario !== "recovery" || options.recovery !== "skip");
  const kafka = await startLocalKafka();
  const results: MessagingStepResult[] = [];
  const runId = Date.now().toString(36);
  try {
    options.onStep?.(`kafka ${kafka.version} at ${kafka.bootstrap} (KRaft, one combined broker+controller)`);
    const connection = { bootstrap: kafka.bootstrap, destination: "lab-events", partitions: options.partitions ?? 3, replicas: 1, minInSyncReplicas: 1 };
    for (const step of steps) {
      const script = kafkaJobScript(step, connection, { runId });
      const timeoutMs = (step.warmupSeconds + step.durationSeconds) * 1000 + 120_000;
      if (step.scenario !== "recovery") {
        const log = await runScript(script, kafka, timeoutMs);
        options.onLog?.(step, log);
        const result = parseKafkaStepLog(log, step);
        results.push(result);
        options.onStep?.(`${step.scenario} ${step.rate} msg/s: published ${result.publishedPerSecond.toFixed(0)} msg/s, consumed ${result.consumed}/${result.published}, publish p99 ${result.publishLatency.value?.p99} ms`);
        continue;
      }
      const afterSeconds = options.deleteAfterSeconds ?? definition?.recovery.deleteAfterSeconds ?? Math.max(1, Math.floor(step.durationSeconds / 3));
      let deletedLine = "";
      let restarted: Promise<void> = Promise.resolve();
      let killTimer: NodeJS.Timeout | undefined;
      const log = await runScript(script, kafka, timeoutMs, () => {
        killTimer = setTimeout(() => {
          const pid = kafka.pid();
          const at = new Date().toISOString();
          restarted = kafka.kill().then(() => {
            deletedLine = `LAB_DELETED local-kafka-pid-${pid} ${at}`;
            options.onStep?.(`recovery: broker pid ${pid} killed (SIGKILL), restarting`);
            return kafka.restart();
          });
        }, afterSeconds * 1000);
      });
      clearTimeout(killTimer);
      await restarted;
      options.onLog?.(step, deletedLine ? `${log}${deletedLine}\n` : log);
      if (!deletedLine) throw new Error(`recovery: the run ended before the broker was killed (${afterSeconds} s after the producers started)`);
      const recovery = parseKafkaRecovery(log, step, readPodDeletion(deletedLine)!);
      options.onRecovery?.(recovery);
      options.onStep?.(`recovery: ${recovery.secondsToRecover ?? "never"} s to recover, ${recovery.lostAcknowledged} acknowledged lost, ${recovery.duplicates} duplicates`);
      results.push(recovery.run);
    }
  } finally {
    await kafka.stop();
  }
  return results;
}
