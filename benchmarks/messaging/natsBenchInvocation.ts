import type { MessagingStep } from "./definitions";

/**
 * `nats bench` (natscli v0.3.0) for one phase-08 step: the argv is the same locally
 * (~/.cache/platform-lab/bin/nats from scripts/install-go-tools.sh) and in the cluster Job (the
 * nats-box image that ships v0.3.0, natsBenchTool.ts); only the `nats` in front differs.
 *
 * What v0.3.0 does, read from its source (cli/bench_command.go, internal/bench/stats.go at tag v0.3.0):
 * - `bench js pub async <subject>`: each of `--clients` publishers sends its share of `--msgs`
 *   (msgsPerClient), `--batch` publishes at a time, then waits for all their PubAcks; a PubAck
 *   error is printed and the message retried; no ack within `--timeout` aborts the client.
 * - There is no `--rate`: `--sleep D` sleeps D after every publish in each client. The step's rate
 *   is approximated by sleeping producers/rate per publish, so the achieved rate is below the
 *   offered one by the publish call's own time and the sleep's overshoot. Measured on the lab's
 *   2-CPU host (nats-server 2.9.10, loopback, 1 KiB, one client): --sleep 100us → 1 596 msg/s,
 *   500us → 770, 1000us → 790, 2000us → 412; Go's sleeps below ~1 ms round up to the timer's
 *   resolution, so no sleep hits an arbitrary rate and a calibration from the warm-up cannot
 *   either (tried: 714us still gave 753 msg/s). This is a closed loop with a pause, not an open
 *   model: the result reports the rate the tool reached, and `saturated` says when it fell below
 *   95 % of the offered rate, which with this tool is the pacing as much as the broker.
 * - `bench js consume --consumer <durable>`: each of `--clients` pulls its share of `--msgs` from
 *   an existing durable consumer (only the default name `nats-bench` is created by the tool) and
 *   acks each message explicitly; a client ends when it has its share.
 * - `--payload <file>` sends the file's bytes, but the stats count `--size` bytes per message, so
 *   `--size` is set to the payload's length.
 * - Output: one line `NATS <type> stats: N msgs/sec ~ X KiB/sec ~ Yus` (one client) or
 *   `aggregated stats` plus a line per client; `--csv` writes per client
 *   MsgCount (the connection's in+out messages, acks included), MsgBytes (= size × messages of the
 *   job), MsgsPerSec, BytesPerSec, DurationSecs, AvgLatencyMicroSecs. That "latency" is
 *   duration / messages (the inverse of the rate), not a latency of any message: nats bench v0.3.0
 *   measures no publish or end-to-end latency (natsBenchOutput.ts reports both as null and why).
 */

export const natsCliVersion = "0.3.0";

/** The step's subject under the lab stream's `<stream>.>`: steps never read each other's messages. */
export function natsStepSubject(stream: string, step: MessagingStep): string {
  return `${stream}.bench.${step.scenario}-${step.rate}`;
}

/** The warm-up's subject: its messages are stored but no consumer of the measured run filters on it. */
export function natsWarmupSubject(stream: string, step: MessagingStep): string {
  return `${natsStepSubject(stream, step)}-warmup`;
}

/**
 * Durable consumers of a step. Throughput and recovery: one durable the consumers compete on (each
 * message delivered once). Fan-out: one durable per consumer on the same subject, so each consumer
 * receives every message (the JetStream way; consumers of one durable share its messages).
 */
export function natsConsumerNames(step: MessagingStep): string[] {
  const base = `lab-bench-${step.scenario}-${step.rate}`;
  return step.scenario === "fan-out" ? Array.from({ length: step.consumers }, (_, i) => `${base}-${i + 1}`) : [base];
}

/** Messages one invocation publishes over all producers: the rate for that many seconds. */
export function natsMessageCount(step: MessagingStep, seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 1) throw new Error(`nats bench --msgs: expected whole seconds ≥ 1, got ${seconds}`);
  return Math.round(step.rate * seconds);
}

/** `--sleep` per publish in each producer: producers / rate, in whole µs (Go's duration syntax). */
export function natsSleepMicros(step: MessagingStep): number {
  return Math.max(1, Math.floor((step.producers * 1e6) / step.rate));
}

/**
 * Async publishes in flight per producer before it waits for their acks: ~10 ms of its rate, so
 * the ack wait is a short pause at every rate (500, the tool's default, would be half a second at
 * 1000 msg/s), at least 1, at most the default.
 */
export function natsPublishBatch(step: MessagingStep): number {
  return Math.min(500, Math.max(1, Math.round(step.rate / step.producers / 100)));
}

/** Max messages each consume client buffers (the tool's default). */
export const natsConsumeBatch = 500;

export interface NatsPubOptions {
  readonly stream: string;
  readonly subject: string;
  readonly payloadFile: string;
  readonly csvFile: string;
  readonly messages: number;
}

/** `nats bench js pub async ...` for a step (no `nats`, no server: NATS_URL is in the environment). */
export function natsPubArgs(step: MessagingStep, options: NatsPubOptions): string[] {
  return [
    "bench",
    "js",
    "pub",
    "async",
    options.subject,
    "--stream",
    options.stream,
    "--clients",
    String(step.producers),
    "--msgs",
    String(options.messages),
    "--size",
    `${step.messageBytes}B`,
    "--payload",
    options.payloadFile,
    "--sleep",
    `${natsSleepMicros(step)}us`,
    "--batch",
    String(natsPublishBatch(step)),
    "--no-progress",
    "--csv",
    options.csvFile,
  ];
}

export interface NatsConsumeOptions {
  readonly stream: string;
  readonly consumer: string;
  readonly csvFile: string;
  readonly messages: number;
  /** Clients pulling from this durable (throughput: the step's consumers; fan-out: 1 per durable). */
  readonly clients: number;
}

/** `nats bench js consume ...` on one of the step's durables. */
export function natsConsumeArgs(step: MessagingStep, options: NatsConsumeOptions): string[] {
  return [
    "bench",
    "js",
    "consume",
    "--stream",
    options.stream,
    "--consumer",
    options.consumer,
    "--clients",
    String(options.clients),
    "--msgs",
    String(options.messages),
    "--size",
    `${step.messageBytes}B`,
    "--batch",
    String(natsConsumeBatch),
    "--acks",
    "explicit",
    "--no-progress",
    "--csv",
    options.csvFile,
  ];
}

/** `nats consumer add ...`: a pull durable on the step's subject from its first message, explicit acks. */
export function natsConsumerAddArgs(stream: string, consumer: string, subject: string): string[] {
  return ["consumer", "add", stream, consumer, "--filter", subject, "--pull", "--deliver", "all", "--ack", "explicit", "--replay", "instant", "--defaults"];
}
