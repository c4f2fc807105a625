import { z } from "zod";
import { failedStep, type BenchmarkOutcome } from "../job/outcome";
import type { BrokerTool, PodDeletion } from "./brokerTool";
import type { MessagingStep } from "./definitions";

/** `LAB_MESSAGING_STEP <json>`: the step the Job ran, written by its wrapper (MessagingBenchmarkJob). */
export const messagingStepMarker = "LAB_MESSAGING_STEP";
/** `LAB_DELETED <pod> <RFC 3339>`: the recovery run's deletion, from the lab's pod deleter. */
export const podDeletionMarker = "LAB_DELETED";

const stepSchema = z
  .object({
    scenario: z.enum(["throughput", "fan-out", "recovery"]),
    rate: z.number().positive(),
    messageBytes: z.number().int().positive(),
    producers: z.number().int().positive(),
    consumers: z.number().int().positive(),
    durationSeconds: z.number().int().positive(),
    warmupSeconds: z.number().int().nonnegative(),
  })
  .strict();

/** The step of a messaging Job's log; a log without one (or two) is not a messaging Job's. */
export function readMessagingStep(log: string): MessagingStep {
  const lines = log.split(/\r?\n/).map((text, i) => ({ text: text.trim(), line: i + 1 })).filter((l) => l.text.startsWith(`${messagingStepMarker} `));
  if (lines.length !== 1) throw new Error(`job log: expected one "${messagingStepMarker} <json>" line, found ${lines.length}`);
  const { text, line } = lines[0];
  let json: unknown;
  try {
    json = JSON.parse(text.slice(messagingStepMarker.length + 1));
  } catch {
    throw new Error(`job log line ${line}: expected "${messagingStepMarker}" followed by the step as JSON, got ${JSON.stringify(text)}`);
  }
  const step = stepSchema.safeParse(json);
  if (!step.success) throw new Error(`job log line ${line}: not a messaging step: ${step.error.issues.map((i) => `${i.path.join(".") || "step"}: ${i.message}`).join("; ")}`);
  return step.data;
}

/** The deleter's line, if the log has one. */
export function readPodDeletion(log: string): PodDeletion | undefined {
  const lines = log.split(/\r?\n/).map((text, i) => ({ words: text.trim().split(/\s+/), line: i + 1 })).filter((l) => l.words[0] === podDeletionMarker);
  if (lines.length === 0) return undefined;
  if (lines.length > 1) throw new Error(`job log line ${lines[1].line}: a second "${podDeletionMarker}" line (one pod is deleted per recovery run)`);
  const [, pod, at] = lines[0].words;
  if (!pod || !at || Number.isNaN(Date.parse(at))) throw new Error(`job log line ${lines[0].line}: expected "${podDeletionMarker} <pod> <RFC 3339 time>", got ${JSON.stringify(lines[0].words.join(" "))}`);
  return { pod, at };
}

/**
 * A messaging Job's whole log to its outcome: a failed tool is a failed outcome with its stderr; a
 * recovery run without the deleter's line failed as a recovery run (nothing was deleted); a run
 * that lost acknowledged messages is `failed` with the count in the reason, its figures kept.
 */
export function parseMessagingJobLog(log: string, tool: BrokerTool, target: string): BenchmarkOutcome {
  const failure = failedStep(log);
  if (failure) return failure;
  const step = readMessagingStep(log);
  if (step.scenario !== "recovery") {
    const messaging = tool.parseStep(log, step, target);
    const disagreeing = messaging.checks.filter((c) => !c.agrees);
    return disagreeing.length === 0
      ? { status: "passed", messaging }
      : { status: "failed", reason: disagreeing.map((c) => `${c.what}: expected ${c.expected}, observed ${c.observed}`).join("; "), messaging };
  }
  const deletion = readPodDeletion(log);
  if (!deletion) return { status: "failed", reason: `recovery run without a "${podDeletionMarker}" line: no broker pod was deleted, so nothing recovered` };
  const recovery = tool.parseRecovery(log, step, target, deletion);
  if (recovery.lostAcknowledged > 0) {
    return { status: "failed", reason: `${recovery.lostAcknowledged} acknowledged messages were never consumed after ${deletion.pod} was deleted`, messaging: recovery.run, recovery };
  }
  if (recovery.secondsToRecover === null) return { status: "failed", reason: `publishes did not succeed again after ${deletion.pod} was deleted`, messaging: recovery.run, recovery };
  return { status: "passed", messaging: recovery.run, recovery };
}
