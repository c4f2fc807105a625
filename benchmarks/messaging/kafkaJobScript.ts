import { imageRef, images } from "../../components/charts";
import { shellQuote } from "../pgbench/invocation";
import { cloudEventOfBytes } from "./cloudEvent";
import type { MessagingStep } from "./definitions";
import {
  kafkaConsumerCall,
  kafkaCreateTopicCall,
  kafkaDeleteTopicsCall,
  kafkaE2eCall,
  kafkaE2eProbes,
  kafkaE2eTopic,
  kafkaProducerCall,
  kafkaProducerPlan,
  kafkaStepTopic,
  type KafkaConnection,
  type KafkaToolCall,
} from "./kafkaInvocation";

/** The tools' version: the same as the brokers Strimzi runs (components/messaging/StrimziKafka.ts) and scripts/install-kafka.sh's. */
export const kafkaToolsVersion = "4.3.1";
/** The official image (pinned in components/charts.ts): its /opt/kafka/bin holds the launchers the script calls. */
export const kafkaToolsImage = imageRef(images.kafkaTools);
export const kafkaImageBin = "/opt/kafka/bin";

/**
 * Every line a tool prints comes out tagged `<who> <UTC time, s> | <line>` (who: topics,
 * consumer-<i>, e2e, producer-<i>, cleanup), and each tool's last line is `LAB_EXIT <code>`: the
 * tools run side by side, and the parser (kafkaOutput.ts) takes each one's lines apart, reads the
 * producers' one-second windows against the clock for the recovery scenario, and refuses a tool
 * that failed.
 */
export const kafkaLinePattern = /^(topics|cleanup|e2e|producer-\d+|consumer-\d+) (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) \| (.*)$/;

export interface KafkaJobScriptOptions {
  /** Names this run's topics (a fresh pair per run): lower-case letters, digits, '-'. */
  readonly runId: string;
  /** Where the launchers are when KAFKA_BIN is unset: the image's /opt/kafka/bin. */
  readonly bin?: string;
}

function line(who: string, call: KafkaToolCall): string {
  return `run ${who} "$BIN/${call.tool}" ${shellQuote(call.args)}`;
}

/** The CloudEvents body as the script writes it: the envelope around a pad of 'x' made with head/tr (no megabyte literal in the script). */
function bodyCommands(messageBytes: number): string[] {
  const body = cloudEventOfBytes(messageBytes);
  const padStart = body.indexOf('"pad":"') + '"pad":"'.length;
  const padLength = body.length - padStart - '"}}'.length;
  const prefix = body.slice(0, padStart);
  const suffix = body.slice(padStart + padLength);
  if (prefix.includes("'") || suffix !== '"}}' || body.slice(padStart, padStart + padLength) !== "x".repeat(padLength)) {
    throw new Error("cloudEventOfBytes: expected the envelope to end in a pad of 'x' followed by \"}}, without single quotes");
  }
  return [
    `{ printf '%s' '${prefix}'; head -c ${padLength} /dev/zero | tr '\\000' x; printf '%s' '${suffix}'; } > "$WORK/cloudevent.json"`,
    `[ "$(wc -c < "$WORK/cloudevent.json" | tr -d ' ')" = ${messageBytes} ] || { echo "LAB_ERROR the CloudEvents body is not ${messageBytes} bytes" >&2; exit 1; }`,
  ];
}

/**
 * The POSIX sh the Kafka step's Job container runs (apache/kafka's busybox sh, or sh locally with
 * KAFKA_BIN at scripts/install-kafka.sh's launchers): writes the body, creates the step's topic and
 * its probe topic, starts every consumer (own group each) and the latency probe (after the
 * warm-up), then the producers, waits for all, deletes the topics. Markers: `LAB_STEP <scenario>
 * <rate>`, `LAB_KAFKA ...` (what was asked), `LAB_START <time>` (producers started), `LAB_DONE`.
 */
export function kafkaJobScript(step: MessagingStep, connection: KafkaConnection, options: KafkaJobScriptOptions): string {
  const topic = kafkaStepTopic(connection.destination, step, options.runId);
  const plan = kafkaProducerPlan(step);
  const withProbe = step.scenario !== "recovery";
  const consumers = Array.from({ length: step.consumers }, (_, i) => `${line(`consumer-${i}`, kafkaConsumerCall(step, connection, topic, i))} &`);
  const producers = Array.from({ length: step.producers }, (_, i) => `${line(`producer-${i}`, kafkaProducerCall(step, connection, topic, "$WORK/cloudevent.json", i)).replace("'$WORK/cloudevent.json'", '"$WORK/cloudevent.json"')} &`);
  const asked = [
    `topic=${topic}`,
    `bootstrap=${connection.bootstrap}`,
    `producers=${step.producers}`,
    `consumers=${step.consumers}`,
    `records_per_producer=${plan.recordsPerProducer}`,
    `warmup_records_per_producer=${plan.warmupRecordsPerProducer}`,
    `message_bytes=${step.messageBytes}`,
    `e2e_probes=${withProbe ? kafkaE2eProbes(step) : 0}`,
  ].join(" ");
  return [
    "#!/bin/sh",
    `# phase-08 Kafka step: ${step.scenario} at ${step.rate} msg/s, ${step.producers} producer(s), ${step.consumers} consumer(s), ${step.warmupSeconds} s warm-up + ${step.durationSeconds} s; tools of ${kafkaToolsImage}.`,
    "set -u",
    `BIN="\${KAFKA_BIN:-${options.bin ?? kafkaImageBin}}"`,
    'WORK="$(mktemp -d)"',
    "trap 'rm -rf \"$WORK\"' EXIT",
    "# Each line of a tool, tagged with who printed it and when (UTC, seconds); its exit code last.",
    `tag() { while IFS= read -r l; do printf '%s %s | %s\\n' "$1" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$l"; done; }`,
    'run() { who="$1"; shift; { "$@" 2>&1; echo "LAB_EXIT $?"; } | tag "$who"; }',
    ...bodyCommands(step.messageBytes),
    `echo "LAB_STEP ${step.scenario} ${step.rate}"`,
    `echo "LAB_KAFKA ${asked}"`,
    line("topics", kafkaCreateTopicCall(connection, topic)),
    ...(withProbe ? [line("topics", kafkaCreateTopicCall(connection, kafkaE2eTopic(topic), 1))] : []),
    ...consumers,
    ...(withProbe ? [`{ sleep ${step.warmupSeconds}; ${line("e2e", kafkaE2eCall(step, connection, topic))}; } &`] : []),
    'echo "LAB_START $(date -u +%Y-%m-%dT%H:%M:%SZ)"',
    ...producers,
    "wait",
    line("cleanup", kafkaDeleteTopicsCall(connection, topic)),
    'echo "LAB_DONE"',
    "",
  ].join("\n");
}
