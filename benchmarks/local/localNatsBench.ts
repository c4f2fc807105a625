import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { streamSetupScript } from "../../components/messaging/NatsJetStream";
import type { MessagingStepResult, RecoveryResult } from "../../lib/messagingResult";
import { messagingSteps, type MessagingDefinition, type MessagingStep } from "../messaging/definitions";
import { messagingStepMarker, podDeletionMarker } from "../messaging/jobLog";
import { natsCliVersion } from "../messaging/natsBenchInvocation";
import { natsBenchJobScript } from "../messaging/natsBenchJobScript";
import { natsBenchTool } from "../messaging/natsBenchTool";
import { markers } from "../job/logMarkers";
import { execBounded } from "./exec";
import { startLocalNats } from "./localNats";
import { findTool } from "./tools";

/**
 * `lab bench --local messaging` for NATS: a throwaway nats-server with JetStream (Debian 2.9, on
 * 127.0.0.1), the lab's stream created by the cluster's own setup script, and every step run
 * through the Job's tool.sh and parsed by natsBenchTool. The recovery step kill -9s the server and
 * starts it again on the same store (one server: the stream is R1, so publishes stop until it is
 * back, unlike the cluster's R3 stream, which loses one of three servers).
 */

export const localNatsStream = "lab-events";

/** Why nats bench cannot run here, or null. */
export function natsBenchMissing(): string | null {
  if (!findTool("nats-server")) return "nats-server not found (Debian package nats-server)";
  if (!findTool("nats")) return `nats (natscli v${natsCliVersion}) not found (scripts/install-go-tools.sh)`;
  return null;
}

export interface LocalNatsBenchOptions {
  readonly onStep?: (line: string) => void;
  /** Every step's Job-shaped log, for fixtures and debugging. */
  readonly onLog?: (step: MessagingStep, log: string) => void;
  /** Recovery: seconds into the run the server is killed (the definition's deleteAfterSeconds, else a third of the run). */
  readonly recoveryKillAfterSeconds?: number;
  /** Recovery: seconds the killed server stays down before it starts again (default 2). */
  readonly recoveryDownSeconds?: number;
}

export interface LocalNatsBenchRun {
  readonly results: MessagingStepResult[];
  readonly recovery: RecoveryResult[];
}

/** The wrapper's lines around tool.sh, as MessagingBenchmarkJob's run.sh writes them. */
function wrapped(step: MessagingStep, script: string): string {
  return [`echo '${messagingStepMarker} ${JSON.stringify(step)}'`, `sh '${script}' 2>&1`, `echo "${markers.exit} messaging-tool $?"`].join("\n");
}

export async function runLocalNatsBench(definitionOrSteps: MessagingDefinition | readonly MessagingStep[], options: LocalNatsBenchOptions = {}): Promise<LocalNatsBenchRun> {
  const missing = natsBenchMissing();
  if (missing) throw new Error(missing);
  const nats = findTool("nats")!;
  const steps = Array.isArray(definitionOrSteps) ? (definitionOrSteps as readonly MessagingStep[]) : messagingSteps(definitionOrSteps as MessagingDefinition);
  const killAfter = (step: MessagingStep) =>
    options.recoveryKillAfterSeconds ?? (Array.isArray(definitionOrSteps) ? Math.max(1, Math.floor(step.durationSeconds / 3)) : (definitionOrSteps as MessagingDefinition).recovery.deleteAfterSeconds);
  const server = await startLocalNats();
  const work = mkdtempSync(join(tmpdir(), "lab-natsbench-"));
  const results: MessagingStepResult[] = [];
  const recovery: RecoveryResult[] = [];
  try {
    // The CLI keeps its context under $HOME: a throwaway one, so no context of the user's is read.
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: work, NATS_URL: `nats://${server.address}`, NATS_CMD: nats, PATH: `${dirname(nats)}:${process.env.PATH ?? ""}` };
    delete env.NATS_CONTEXT;
    await execBounded(["sh", "-c", streamSetupScript(server.address, localNatsStream, 1, 1)], { env, timeoutMs: 30_000 });
    const target = `${server.address} stream ${localNatsStream}`;
    for (const step of steps) {
      options.onStep?.(`nats ${step.scenario} ${step.rate} msg/s: ${step.producers} producer(s), ${step.consumers} consumer(s), ${step.warmupSeconds} s warm-up + ${step.durationSeconds} s`);
      const script = join(work, "tool.sh");
      writeFileSync(script, natsBenchJobScript(step, localNatsStream, { workDir: join(work, "job") }));
      // The script bounds every call itself; this is the MessagingBenchmarkJob's deadline.
      const timeoutMs = (step.warmupSeconds + step.durationSeconds + 180) * 1000;
      if (step.scenario !== "recovery") {
        const log = (await execBounded(["sh", "-c", wrapped(step, script)], { env, timeoutMs })).stdout;
        options.onLog?.(step, log);
        const result = natsBenchTool.parseStep(log, step, target);
        options.onStep?.(`  ${result.publishedPerSecond.toFixed(0)} msg/s published (acked), ${result.consumedPerSecond.toFixed(0)} msg/s consumed${result.saturated ? " (below 95 % of the offered rate)" : ""}`);
        results.push(result);
        continue;
      }
      const run = execBounded(["sh", "-c", wrapped(step, script)], { env, timeoutMs });
      await new Promise((r) => setTimeout(r, killAfter(step) * 1000));
      const { killedAt } = await server.crashAndRestart(options.recoveryDownSeconds ?? 2);
      const log = `${(await run).stdout}${podDeletionMarker} nats-server-${server.address.split(":")[1]} ${killedAt}\n`;
      options.onLog?.(step, log);
      const r = natsBenchTool.parseRecovery(log, step, target, { pod: `nats-server-${server.address.split(":")[1]}`, at: killedAt });
      options.onStep?.(`  recovered after ${r.secondsToRecover ?? "never"} s; ${r.lostAcknowledged} acknowledged lost, ${r.duplicates} redelivered`);
      recovery.push(r);
      results.push(r.run);
    }
  } finally {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
  return { results, recovery };
}

