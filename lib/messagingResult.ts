import { z } from "zod";
import { unitCostSchema } from "./benchmarkResult";

/**
 * What a broker did with a fixed publish rate: rates and counts of messages, latencies from publish
 * to consume and from publish to the broker's acknowledgement. One shape for Kafka's perf tools,
 * RabbitMQ PerfTest and `nats bench`, so phase-08's comparison reads one schema. Every number's
 * unit is in its name or its `.describe()`; a figure a tool does not measure is null with a note,
 * never a zero.
 */

export const messagingBrokerSchema = z.enum(["kafka", "rabbitmq", "nats"]);
export type MessagingBroker = z.infer<typeof messagingBrokerSchema>;

/**
 * Percentiles in milliseconds, as the tool printed them (converted from µs/ns where it prints those).
 * p95 and max are null where a tool prints none (kafka-e2e-latency prints p50/p99/p99.9 only):
 * p50 and p99 every tool has, and the comparison reads those.
 */
export const messageLatencyMsSchema = z.object({
  p50: z.number().nonnegative().describe("ms"),
  p95: z.number().nonnegative().nullable().describe("ms"),
  p99: z.number().nonnegative().describe("ms"),
  max: z.number().nonnegative().nullable().describe("ms"),
  /** The tool's own words for what it timed, e.g. `PerfTest consumer latency (timestamp in message)`. */
  source: z.string(),
});
export type MessageLatencyMs = z.infer<typeof messageLatencyMsSchema>;

/** A latency the tool measured, or null and why (e.g. "nats bench v0.3.0 measures no latency"). */
const optionalLatency = z.object({ value: messageLatencyMsSchema.nullable(), note: z.string().optional() });

export const messagingStepResultSchema = z.object({
  broker: messagingBrokerSchema,
  /** `kafka-producer-perf-test`, `perf-test`, `nats bench`: the tool(s) whose output this is. */
  tool: z.string(),
  /** As the tool printed it, or the pinned version where it prints none. */
  toolVersion: z.string(),
  /** host:port and destination (no credentials). */
  target: z.string(),
  /** `throughput`, `fan-out` or `recovery`. */
  scenario: z.enum(["throughput", "fan-out", "recovery"]),
  startTime: z.string().datetime({ offset: true }).nullable(),
  /** Wall-clock length of the measured run, s. */
  durationSeconds: z.number().positive().describe("s"),
  /** The publish rate asked for, over all producers. */
  offeredRate: z.number().positive().describe("msg/s"),
  /** Bytes of one message body (the CloudEvents envelope). */
  messageBytes: z.number().int().positive().describe("bytes"),
  producers: z.number().int().positive(),
  consumers: z.number().int().positive(),
  /** Publishes the broker acknowledged. */
  published: z.number().int().nonnegative().describe("messages"),
  /** Publishes that failed or were never acknowledged. */
  publishErrors: z.number().int().nonnegative().describe("messages"),
  /** Deliveries over all consumers (fan-out: each consumer counts its own). */
  consumed: z.number().int().nonnegative().describe("messages"),
  publishedPerSecond: z.number().nonnegative().describe("msg/s"),
  consumedPerSecond: z.number().nonnegative().describe("msg/s"),
  publishedMBPerSecond: z.number().nonnegative().describe("MB/s (10^6 bytes)"),
  consumedMBPerSecond: z.number().nonnegative().describe("MB/s (10^6 bytes)"),
  /** From publish to consume (a timestamp in each message read by the consumer). */
  endToEndLatency: optionalLatency,
  /** From publish to the broker's acknowledgement (Kafka acks, publisher confirms, JetStream PubAck). */
  publishLatency: optionalLatency,
  /**
   * Published below 95 % of the offered rate: the producer (or the broker behind it) could not keep
   * up. The sweep's highest step that is not saturated is the broker's sustained rate.
   */
  saturated: z.boolean(),
  /** Where the tool's figures were checked against an independent count, what was compared. */
  checks: z.array(z.object({ what: z.string(), expected: z.number(), observed: z.number(), agrees: z.boolean() })).default([]),
  cost: z.record(z.string(), unitCostSchema).optional(),
});
export type MessagingStepResult = z.infer<typeof messagingStepResultSchema>;

/** The recovery run: one broker pod deleted mid-run, how long publishes failed, what was lost. */
export const recoveryResultSchema = z.object({
  /** The run the deletion happened in (scenario `recovery`). */
  run: messagingStepResultSchema,
  /** The pod the Job deleted, as recorded in its log. */
  deletedPod: z.string(),
  deletedAt: z.string().datetime({ offset: true }),
  /** From the deletion to the first second with successful publishes again; null if never. */
  secondsToRecover: z.number().nonnegative().nullable().describe("s"),
  /** Acknowledged publishes that no consumer received (acknowledged - consumed, ≥ 0). */
  lostAcknowledged: z.number().int().nonnegative().describe("messages"),
  /** Deliveries beyond the acknowledged publishes (redeliveries after the failover). */
  duplicates: z.number().int().nonnegative().describe("messages"),
});
export type RecoveryResult = z.infer<typeof recoveryResultSchema>;
