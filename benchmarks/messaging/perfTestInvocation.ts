import { cloudEventContentType } from "./cloudEvent";
import type { MessagingStep } from "./definitions";

/**
 * RabbitMQ PerfTest (com.rabbitmq:perf-test) for one phase-08 step: the arguments are the same
 * locally (Maven Central classpath, scripts/install-perf-test.sh) and in the cluster Job (the
 * pivotalrabbitmq/perf-test image of the same version); only the command in front differs.
 *
 * What PerfTest 2.22.1 measures, read from its source (tag v2.22.1):
 * - with `--body`, the producer puts `System.nanoTime()` in a `timestamp` header of every message and
 *   the consumer subtracts it on delivery: consumer latency is publish → consume, valid because the
 *   producers and consumers run in one JVM (no `--use-millis` needed), printed in µs;
 * - with `--confirm N` the producer keeps at most N unconfirmed publishes and times each from
 *   publish to the broker's confirm (basic.ack): the confirm latency, µs;
 * - `--metrics-format compact` prints one line a second (rates in msg/s, min/median/75th/95th/99th
 *   of each latency over that second) and a summary: rate averages and the percentiles over the run.
 * It prints no message counts: those come from the management API (perfTestJobScript.ts).
 */

export const perfTestVersion = "2.22.1";
export const perfTestMainClass = "com.rabbitmq.perf.PerfTest";

/**
 * Max unconfirmed publishes per producer. In flight ≈ rate × confirm latency: 1000 leaves room
 * for 20 000 msg/s at 50 ms before the window, not the broker, limits the rate.
 */
export const perfTestConfirmWindow = 1000;
/** Consumer prefetch: bounded (a quorum queue with unlimited prefetch pushes its whole backlog at a consumer). */
export const perfTestPrefetch = 500;
/** Seconds between the client's reconnection attempts after a broker node goes (PerfTest's default is 5). */
export const perfTestRecoveryIntervalSeconds = 1;

/** Where PerfTest connects; credentials only as the names of the env vars holding them. */
export interface PerfTestConnection {
  /** Host of the AMQP listener (the RabbitmqCluster's client Service in the cluster). */
  readonly host: string;
  readonly amqpPort: number;
  /** The management API (HTTP), read for the broker's message counters. */
  readonly managementPort: number;
  readonly vhost?: string;
  readonly userEnv: string;
  readonly passwordEnv: string;
}

/** The queues and exchange of a step: every queue a quorum queue. */
export interface PerfTestTopology {
  readonly exchange: string;
  readonly exchangeType: "direct" | "fanout";
  /** Every queue the step's messages land in (fan-out: one per consumer, each gets every message). */
  readonly queues: readonly string[];
}

const stepQueueBase = (step: MessagingStep) => `lab-perftest-${step.scenario}-${step.rate}`;

/**
 * Throughput and recovery: one quorum queue behind a direct exchange, the consumers competing on
 * it. Fan-out: a fanout exchange and one quorum queue per consumer, so every consumer receives every
 * message — the RabbitMQ way (many consumers on one queue compete, they do not each get a copy).
 */
export function perfTestTopology(step: MessagingStep): PerfTestTopology {
  const base = stepQueueBase(step);
  if (step.scenario === "fan-out") {
    return { exchange: `${base}-fanout`, exchangeType: "fanout", queues: Array.from({ length: step.consumers }, (_, i) => `${base}-${i + 1}`) };
  }
  return { exchange: `${base}-direct`, exchangeType: "direct", queues: [base] };
}

/** PerfTest's `--rate` is per producer; the step's rate is over all producers. */
export function perProducerRate(step: MessagingStep): number {
  return step.rate / step.producers;
}

export interface PerfTestRunOptions {
  /** Path of the CloudEvents body file (written by the job script). */
  readonly bodyFile: string;
  /** Seconds this invocation publishes: the warm-up run or the measured run. */
  readonly seconds: number;
}

/**
 * PerfTest's arguments for a step. No `--uri`: the job script exports `URI` (PerfTest reads every
 * option from an env var of its long name), built from the credential env vars, so no password is
 * ever in an argv or a log.
 */
export function perfTestArgs(step: MessagingStep, options: PerfTestRunOptions): string[] {
  if (!Number.isInteger(options.seconds) || options.seconds < 1) throw new Error(`PerfTest --time: expected whole seconds ≥ 1, got ${options.seconds}`);
  const topology = perfTestTopology(step);
  const queueArgs =
    topology.exchangeType === "fanout"
      ? ["--queue-pattern", `${stepQueueBase(step)}-%d`, "--queue-pattern-from", "1", "--queue-pattern-to", String(topology.queues.length)]
      : ["--queue", topology.queues[0]];
  return [
    "--quorum-queue",
    ...queueArgs,
    "--exchange",
    topology.exchange,
    "--type",
    topology.exchangeType,
    // Kept between the warm-up and the measured run (the queue is warm); the job script deletes it.
    "--auto-delete",
    "false",
    "--producers",
    String(step.producers),
    "--consumers",
    String(step.consumers),
    "--rate",
    String(perProducerRate(step)),
    "--body",
    options.bodyFile,
    "--body-content-type",
    cloudEventContentType,
    "--flag",
    "persistent",
    "--confirm",
    String(perfTestConfirmWindow),
    "--qos",
    String(perfTestPrefetch),
    "--connection-recovery-interval",
    String(perfTestRecoveryIntervalSeconds),
    "--time",
    String(options.seconds),
    "--interval",
    "1",
    "--metrics-format",
    "compact",
  ];
}
