import type { MessagingStep } from "./definitions";

/**
 * The argv of Apache Kafka's own benchmark tools for one phase-08 step, the same in the cluster
 * Job (apache/kafka's /opt/kafka/bin) and locally (scripts/install-kafka.sh's launchers of the
 * same main classes): kafka-producer-perf-test (ProducerPerformance), kafka-consumer-perf-test
 * (ConsumerPerformance), kafka-e2e-latency (EndToEndLatency) and kafka-topics (TopicCommand).
 *
 * Every step writes to its own topic, created with the lab topic's partitions, replicas and
 * min.insync.replicas, so each consumer group, reading from the earliest offset, reads exactly
 * this step's records: what it received compares one to one with what the producers had
 * acknowledged. The plain listener has no credentials (StrimziKafka's `plain` listener).
 */
export interface KafkaConnection {
  /** host:port of the bootstrap Service (or 127.0.0.1:port locally). */
  readonly bootstrap: string;
  /** The lab topic; each step's topic is named from it. */
  readonly destination: string;
  readonly partitions: number;
  /** Replication factor of the step's topics (the endpoint's `replicas`). */
  readonly replicas: number;
  readonly minInSyncReplicas: number;
}

export interface KafkaToolCall {
  /** The launcher's name in the image's /opt/kafka/bin. */
  readonly tool: "kafka-producer-perf-test.sh" | "kafka-consumer-perf-test.sh" | "kafka-e2e-latency.sh" | "kafka-topics.sh";
  readonly args: string[];
}

/** Every producer prints a progress window each second: what the recovery parser reads. */
export const kafkaReportingIntervalMs = 1000;
/** Round trips the closed-loop latency probe makes per second of the measured run (it must end before the producers do, at ≤ 100 ms a round trip). */
export const kafkaE2eProbesPerSecond = 10;

const runIdPattern = /^[a-z0-9][a-z0-9-]{0,30}$/;

/** The step's topic: `<destination>-<scenario>-<rate>-<runId>`, a fresh one per run of the Job. */
export function kafkaStepTopic(destination: string, step: MessagingStep, runId: string): string {
  if (!runIdPattern.test(runId)) throw new Error(`kafka run id: expected lower-case letters, digits and '-' (≤ 31), got "${runId}"`);
  const topic = `${destination}-${step.scenario}-${step.rate}-${runId}`;
  if (!/^[a-zA-Z0-9._-]{1,200}$/.test(topic)) throw new Error(`kafka topic "${topic}": expected ≤ 200 of [a-zA-Z0-9._-] (Kafka's legal topic names, leaving room for "-e2e")`);
  return topic;
}

export function kafkaE2eTopic(stepTopic: string): string {
  return `${stepTopic}-e2e`;
}

/** What each producer sends: its share of the rate over the warm-up and the measured run. */
export function kafkaProducerPlan(step: MessagingStep): { ratePerProducer: number; recordsPerProducer: number; warmupRecordsPerProducer: number } {
  if (!Number.isInteger(step.producers) || step.producers < 1) throw new Error(`producers: expected an integer ≥ 1, got ${step.producers}`);
  const ratePerProducer = step.rate / step.producers;
  const warmupRecordsPerProducer = Math.round(ratePerProducer * step.warmupSeconds);
  const recordsPerProducer = warmupRecordsPerProducer + Math.round(ratePerProducer * step.durationSeconds);
  if (recordsPerProducer - warmupRecordsPerProducer < 1) throw new Error(`rate ${step.rate} msg/s over ${step.producers} producers for ${step.durationSeconds} s: each producer must send at least one measured record`);
  return { ratePerProducer, recordsPerProducer, warmupRecordsPerProducer };
}

/** Records every consumer group should receive: all producers' records, warm-up included. */
export function kafkaExpectedRecords(step: MessagingStep): number {
  return kafkaProducerPlan(step).recordsPerProducer * step.producers;
}

export function kafkaCreateTopicCall(connection: KafkaConnection, topic: string, partitions = connection.partitions): KafkaToolCall {
  return {
    tool: "kafka-topics.sh",
    args: [
      "--bootstrap-server", connection.bootstrap,
      "--create", "--if-not-exists",
      "--topic", topic,
      "--partitions", String(partitions),
      "--replication-factor", String(connection.replicas),
      "--config", `min.insync.replicas=${connection.minInSyncReplicas}`,
    ],
  };
}

/** Deletes the step's topic and its probe topic (TopicCommand matches --topic as a whole-name regex). */
export function kafkaDeleteTopicsCall(connection: KafkaConnection, topic: string): KafkaToolCall {
  return { tool: "kafka-topics.sh", args: ["--bootstrap-server", connection.bootstrap, "--delete", "--topic", `${topic.replace(/\./g, "\\.")}(-e2e)?`] };
}

/**
 * One producer: the CloudEvents body from --payload-file (one record: the file has no newline),
 * acks=all, the tool's open-loop throttle at its share of the rate. The first
 * `warmupRecordsPerProducer` records are the warm-up: the tool then prints a second, steady-state
 * summary that excludes them.
 */
export function kafkaProducerCall(step: MessagingStep, connection: KafkaConnection, topic: string, payloadFile: string, index: number): KafkaToolCall {
  const plan = kafkaProducerPlan(step);
  return {
    tool: "kafka-producer-perf-test.sh",
    args: [
      "--bootstrap-server", connection.bootstrap,
      "--topic", topic,
      "--num-records", String(plan.recordsPerProducer),
      ...(plan.warmupRecordsPerProducer > 0 ? ["--warmup-records", String(plan.warmupRecordsPerProducer)] : []),
      "--throughput", String(plan.ratePerProducer),
      "--payload-file", payloadFile,
      "--reporting-interval", String(kafkaReportingIntervalMs),
      "--command-property", "acks=all",
      "--command-property", `client.id=lab-producer-${index}`,
    ],
  };
}

/** How long a consumer waits for the next record before it gives up: through a recovery run's outage too. */
export function kafkaConsumerTimeoutMs(step: MessagingStep): number {
  return step.scenario === "recovery" ? (step.durationSeconds + 60) * 1000 : 30_000;
}

/** One consumer, its own group (fan-out: every group receives every record), from the earliest offset of the step's topic. */
export function kafkaConsumerCall(step: MessagingStep, connection: KafkaConnection, topic: string, index: number): KafkaToolCall {
  return {
    tool: "kafka-consumer-perf-test.sh",
    args: [
      "--bootstrap-server", connection.bootstrap,
      "--topic", topic,
      "--group", `${topic}-consumer-${index}`,
      "--num-records", String(kafkaExpectedRecords(step)),
      "--timeout", String(kafkaConsumerTimeoutMs(step)),
      "--command-property", `client.id=lab-consumer-${index}`,
    ],
  };
}

/** Probes of the closed-loop latency tool: it sends one record, polls it back, then the next. */
export function kafkaE2eProbes(step: MessagingStep): number {
  return Math.max(1, step.durationSeconds * kafkaE2eProbesPerSecond);
}

/**
 * kafka-e2e-latency: closed loop on its own one-partition topic, acks=all, random bytes of the
 * step's message size, while the producers load the broker at the step's rate. Not run in the
 * recovery scenario: its send().get() waits out the outage and fails the run.
 */
export function kafkaE2eCall(step: MessagingStep, connection: KafkaConnection, topic: string): KafkaToolCall {
  return {
    tool: "kafka-e2e-latency.sh",
    args: [
      "--bootstrap-server", connection.bootstrap,
      "--topic", kafkaE2eTopic(topic),
      "--num-records", String(kafkaE2eProbes(step)),
      "--producer-acks", "all",
      "--record-size", String(step.messageBytes),
    ],
  };
}
