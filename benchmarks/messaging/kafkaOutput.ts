import { messagingStepResultSchema, recoveryResultSchema, type MessageLatencyMs, type MessagingStepResult, type RecoveryResult } from "../../lib/messagingResult";
import type { PodDeletion } from "./brokerTool";
import type { MessagingStep } from "./definitions";
import { kafkaReportingIntervalMs } from "./kafkaInvocation";
import { kafkaLinePattern, kafkaToolsVersion } from "./kafkaJobScript";

/**
 * One Kafka step's Job log (kafkaJobScript's tagged lines) → the phase-08 result. What each tool
 * prints and means (Kafka 4.3.1's sources, tools/src/main/java/org/apache/kafka/tools):
 *
 * - kafka-producer-perf-test's summary `N records sent, R records/sec (M MB/sec), A ms avg latency,
 *   X ms max latency, P ms 50th, P ms 95th, P ms 99th, P ms 99.9th.` counts the records whose send
 *   callback succeeded; latency is send() to that callback (the broker's acks=all response), whole
 *   ms; "MB" is 2^20 bytes. With --warmup-records it prints a second `N steady state records sent,
 *   ...` line without the warm-up: the rates, the latency and the duration come from it.
 * - kafka-consumer-perf-test's line `start, end, MB, MB.sec, nMsg, nMsg.sec, rebalance.time.ms,
 *   fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec`: records and MiB received by its group; its rates
 *   are over its whole run (it starts before the producers, group join included).
 * - kafka-e2e-latency `Avg latency: A ms` and `Percentiles: 50th = P, 99th = P, 99.9th = P` (whole
 *   ms) over its closed loop: one record sent, polled back, then the next.
 *
 * Counts (published, consumed) include the warm-up on both sides, so they compare: every consumer
 * group must have received exactly what the producers had acknowledged.
 */

export interface KafkaLogOptions {
  /** As the image is pinned; the tools print no version of their own. */
  readonly toolVersion?: string;
}

interface Tagged {
  who: string;
  time: string;
  text: string;
  lineNo: number;
}

const num = "(\\d+(?:\\.\\d+)?)";
const windowPattern = new RegExp(`^(\\d+) records sent, ${num} records/sec \\(${num} MB/sec\\), ${num} ms avg latency, ${num} ms max latency\\.$`);
const summaryPattern = new RegExp(
  `^(\\d+)( steady state)? records sent, ${num} records/sec \\(${num} MB/sec\\), ${num} ms avg latency, ${num} ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th, (\\d+) ms 99\\.9th\\.$`,
);
const consumerPattern = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d:\d{3}), (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d:\d{3}), (\d+\.\d+), (\d+\.\d+|NaN|Infinity), (\d+), (\d+\.\d+|NaN|Infinity), (\d+), (-?\d+), /;
const consumerHeader = "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec";
const mebibyte = 1024 * 1024;

export interface ProducerSummary {
  records: number;
  recordsPerSecond: number;
  avgMs: number;
  maxMs: number;
  p50: number;
  p95: number;
  p99: number;
  p999: number;
}

export interface ProducerWindow {
  /** When the tool printed it (the end of its window), UTC, s. */
  time: string;
  records: number;
  recordsPerSecond: number;
  avgMs: number;
  maxMs: number;
}

export interface KafkaProducerRun {
  who: string;
  total: ProducerSummary;
  steadyState: ProducerSummary | null;
  windows: ProducerWindow[];
  exitTime: string;
}

export interface KafkaConsumerRun {
  who: string;
  records: number;
  mebibytes: number;
  mebibytesPerSecond: number;
  recordsPerSecond: number;
}

export interface KafkaE2eRun {
  avgMs: number;
  p50: number;
  p99: number;
  p999: number;
  firstProbeTime: string | null;
  endTime: string;
}

export interface KafkaStepLog {
  scenario: string;
  rate: number;
  asked: Record<string, string>;
  startTime: string;
  producers: KafkaProducerRun[];
  consumers: KafkaConsumerRun[];
  e2e: KafkaE2eRun | null;
}

function fail(lineNo: number | null, message: string): never {
  throw new Error(`kafka step log${lineNo === null ? "" : ` line ${lineNo}`}: ${message}`);
}

function summaryOf(m: RegExpMatchArray): ProducerSummary {
  return { records: Number(m[1]), recordsPerSecond: Number(m[3]), avgMs: Number(m[5]), maxMs: Number(m[6]), p50: Number(m[7]), p95: Number(m[8]), p99: Number(m[9]), p999: Number(m[10]) };
}

function exitOf(lines: Tagged[], who: string): Tagged {
  const exit = lines.find((l) => l.text.startsWith("LAB_EXIT "));
  if (!exit) fail(null, `${who}: expected its last line "LAB_EXIT <code>", found none (the tool did not finish)`);
  const code = Number(exit.text.slice("LAB_EXIT ".length));
  if (code !== 0) {
    const said = lines.filter((l) => l !== exit).slice(-5).map((l) => l.text).join(" / ");
    fail(exit.lineNo, `${who} exited ${exit.text.slice(9)}, expected 0; its last lines: ${said}`);
  }
  return exit;
}

/** The log taken apart: markers and each tool's lines, every required line checked. */
export function readKafkaStepLog(log: string, step: MessagingStep): KafkaStepLog {
  const lines = log.split(/\r?\n/);
  const tagged = new Map<string, Tagged[]>();
  let stepLine: number | null = null;
  let asked: Record<string, string> | null = null;
  let startTime: string | null = null;
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    if (raw.startsWith("LAB_STEP ")) {
      const [scenario, rate] = raw.slice(9).trim().split(/\s+/);
      if (scenario !== step.scenario || Number(rate) !== step.rate) fail(lineNo, `expected "LAB_STEP ${step.scenario} ${step.rate}", got "${raw}"`);
      stepLine = lineNo;
    } else if (raw.startsWith("LAB_KAFKA ")) {
      asked = Object.fromEntries(raw.slice(10).trim().split(/\s+/).map((kv) => kv.split("=", 2) as [string, string]));
    } else if (raw.startsWith("LAB_START ")) {
      startTime = raw.slice(10).trim();
      if (Number.isNaN(Date.parse(startTime))) fail(lineNo, `LAB_START: expected an RFC 3339 time, got "${startTime}"`);
    } else {
      const m = kafkaLinePattern.exec(raw);
      if (m) {
        const list = tagged.get(m[1]) ?? [];
        list.push({ who: m[1], time: m[2], text: m[3], lineNo });
        tagged.set(m[1], list);
      }
    }
  });
  if (stepLine === null) fail(null, `expected a line "LAB_STEP ${step.scenario} ${step.rate}", found none`);
  if (asked === null) fail(null, `expected a line "LAB_KAFKA topic=... records_per_producer=..." (what the script asked), found none`);
  if (startTime === null) fail(null, `expected a line "LAB_START <time>" (when the producers started), found none`);
  const ask = asked as Record<string, string>;
  for (const key of ["topic", "bootstrap", "producers", "consumers", "records_per_producer", "warmup_records_per_producer", "message_bytes", "e2e_probes"]) {
    if (ask[key] === undefined) fail(null, `LAB_KAFKA: expected key ${key}=`);
  }
  if (Number(ask.producers) !== step.producers || Number(ask.consumers) !== step.consumers || Number(ask.message_bytes) !== step.messageBytes) {
    fail(null, `LAB_KAFKA: producers=${ask.producers} consumers=${ask.consumers} message_bytes=${ask.message_bytes}, expected the step's ${step.producers}, ${step.consumers}, ${step.messageBytes}`);
  }

  const topics = tagged.get("topics") ?? [];
  for (const t of topics) if (t.text.startsWith("LAB_EXIT ") && t.text !== "LAB_EXIT 0") fail(t.lineNo, `kafka-topics --create exited ${t.text.slice(9)}, expected 0: ${topics.map((l) => l.text).join(" / ")}`);

  const producers: KafkaProducerRun[] = [];
  for (let i = 0; i < step.producers; i++) {
    const who = `producer-${i}`;
    const own = tagged.get(who) ?? [];
    const exit = exitOf(own, who);
    let total: ProducerSummary | null = null;
    let steadyState: ProducerSummary | null = null;
    const windows: ProducerWindow[] = [];
    for (const l of own) {
      const s = summaryPattern.exec(l.text);
      if (s) {
        if (s[2]) steadyState = summaryOf(s);
        else total = summaryOf(s);
        continue;
      }
      const w = windowPattern.exec(l.text);
      if (w) windows.push({ time: l.time, records: Number(w[1]), recordsPerSecond: Number(w[2]), avgMs: Number(w[4]), maxMs: Number(w[5]) });
    }
    if (!total) fail(exit.lineNo, `${who}: expected its summary "N records sent, R records/sec (M MB/sec), ... ms 50th, ... ms 95th, ... ms 99th, ... ms 99.9th." before LAB_EXIT, found none`);
    if (Number(ask.warmup_records_per_producer) > 0 && !steadyState) fail(exit.lineNo, `${who}: warm-up of ${ask.warmup_records_per_producer} records asked, expected a "N steady state records sent, ..." summary, found none`);
    producers.push({ who, total, steadyState, windows, exitTime: exit.time });
  }

  const consumers: KafkaConsumerRun[] = [];
  for (let i = 0; i < step.consumers; i++) {
    const who = `consumer-${i}`;
    const own = tagged.get(who) ?? [];
    const exit = exitOf(own, who);
    const header = own.findIndex((l) => l.text === consumerHeader);
    if (header < 0) fail(exit.lineNo, `${who}: expected the header "${consumerHeader}", found none`);
    const data = own.slice(header + 1).find((l) => consumerPattern.test(l.text));
    if (!data) fail(own[header].lineNo, `${who}: expected a line "start, end, MB, MB.sec, nMsg, nMsg.sec, ..." after the header, found none`);
    const m = consumerPattern.exec(data.text)!;
    const finite = (s: string) => (Number.isFinite(Number(s)) ? Number(s) : 0);
    consumers.push({ who, mebibytes: Number(m[3]), mebibytesPerSecond: finite(m[4]), records: Number(m[5]), recordsPerSecond: finite(m[6]) });
  }

  let e2e: KafkaE2eRun | null = null;
  if (Number(ask.e2e_probes) > 0) {
    const own = tagged.get("e2e") ?? [];
    const exit = exitOf(own, "e2e");
    const avg = own.map((l) => /^Avg latency: (\d+(?:\.\d+)?) ms$/.exec(l.text)).find(Boolean);
    const pct = own.map((l) => /^Percentiles: 50th = (\d+), 99th = (\d+), 99\.9th = (\d+)$/.exec(l.text)).find(Boolean);
    if (!avg || !pct) fail(exit.lineNo, `e2e: expected "Avg latency: A ms" and "Percentiles: 50th = P, 99th = P, 99.9th = P" before LAB_EXIT, found ${avg ? "no Percentiles" : "no Avg latency"} line`);
    const first = own.find((l) => /^0\t\d/.test(l.text));
    e2e = { avgMs: Number(avg[1]), p50: Number(pct[1]), p99: Number(pct[2]), p999: Number(pct[3]), firstProbeTime: first?.time ?? null, endTime: exit.time };
  }
  return { scenario: step.scenario, rate: step.rate, asked: ask, startTime: startTime as string, producers, consumers, e2e };
}

function publishLatencyOf(runs: KafkaProducerRun[]): MessageLatencyMs {
  const measured = runs.map((r) => r.steadyState ?? r.total);
  const warm = runs.some((r) => r.steadyState) ? ", steady state after --warmup-records" : "";
  const worst = (f: (s: ProducerSummary) => number) => Math.max(...measured.map(f));
  return {
    p50: worst((s) => s.p50),
    p95: worst((s) => s.p95),
    p99: worst((s) => s.p99),
    max: worst((s) => s.maxMs),
    source:
      runs.length === 1
        ? `kafka-producer-perf-test: send() to the acks=all callback, whole ms${warm}`
        : `kafka-producer-perf-test: send() to the acks=all callback, whole ms${warm}; the highest of ${runs.length} producers' own percentiles (the tool's samples are not merged)`,
  };
}

function e2eSource(e2e: KafkaE2eRun, parsed: KafkaStepLog): string {
  const loadEnd = parsed.producers.map((p) => p.exitTime).sort().pop();
  return (
    `kafka-e2e-latency (closed loop: one ${parsed.asked.message_bytes}-byte record of random bytes sent with acks=all and polled back before the next, ` +
    `${parsed.asked.e2e_probes} probes on its own topic beside the step's load, not at its rate; probes from ${e2e.firstProbeTime ?? "?"} to ${e2e.endTime}, producers from ${parsed.startTime} to ${loadEnd}), whole ms`
  );
}

/** One step's result, validated with the phase-08 schema. */
export function parseKafkaStepLog(log: string, step: MessagingStep, options: KafkaLogOptions = {}): MessagingStepResult {
  const parsed = readKafkaStepLog(log, step);
  const { producers, consumers, asked } = parsed;
  const askedPerProducer = Number(asked.records_per_producer);
  const published = producers.reduce((n, p) => n + p.total.records, 0);
  const publishErrors = producers.reduce((n, p) => n + Math.max(0, askedPerProducer - p.total.records), 0);
  const measured = producers.map((p) => p.steadyState ?? p.total);
  const publishedPerSecond = measured.reduce((n, s) => n + s.recordsPerSecond, 0);
  // The tool prints no elapsed time: its count over its rate (six decimals) is it, to the ms.
  const durationSeconds = Math.round(Math.max(...measured.map((s) => s.records / s.recordsPerSecond)) * 1000) / 1000;
  const consumed = consumers.reduce((n, c) => n + c.records, 0);
  const result = {
    broker: "kafka" as const,
    tool: parsed.e2e ? "kafka-producer-perf-test + kafka-consumer-perf-test + kafka-e2e-latency" : "kafka-producer-perf-test + kafka-consumer-perf-test",
    toolVersion: options.toolVersion ?? kafkaToolsVersion,
    target: `${asked.bootstrap} ${asked.topic}`,
    scenario: step.scenario,
    startTime: parsed.startTime,
    durationSeconds,
    offeredRate: step.rate,
    messageBytes: step.messageBytes,
    producers: step.producers,
    consumers: step.consumers,
    published,
    publishErrors,
    consumed,
    publishedPerSecond,
    consumedPerSecond: consumers.reduce((n, c) => n + c.recordsPerSecond, 0),
    // The producer's MB/sec is MiB to two decimals; its records/sec (six decimals) × the body's bytes is exact.
    publishedMBPerSecond: Math.round(publishedPerSecond * step.messageBytes) / 1e6,
    consumedMBPerSecond: Math.round(consumers.reduce((n, c) => n + c.mebibytesPerSecond * mebibyte, 0)) / 1e6,
    endToEndLatency: parsed.e2e
      ? { value: { p50: parsed.e2e.p50, p95: null, p99: parsed.e2e.p99, max: null, source: e2eSource(parsed.e2e, parsed) }, note: `kafka-e2e-latency prints no p95 and no max; its avg ${parsed.e2e.avgMs} ms, p99.9 ${parsed.e2e.p999} ms` }
      : { value: null, note: "not measured in the recovery run: kafka-e2e-latency's synchronous send would wait out the outage and fail the run" },
    publishLatency: { value: publishLatencyOf(producers) },
    saturated: publishedPerSecond < 0.95 * step.rate,
    checks: consumers.map((c, i) => ({
      what: `${c.who} (group ${asked.topic}-consumer-${i}) received vs acknowledged by the producers, records (warm-up included)`,
      expected: published,
      observed: c.records,
      agrees: c.records === published,
    })),
  };
  return messagingStepResultSchema.parse(result);
}

/**
 * The recovery run: a broker pod deleted mid-run (`LAB_DELETED <pod> <RFC 3339 time>`, printed by
 * the lab's pod deleter, read by jobLog.readPodDeletion). The producers' one-second windows (printed from the send callback,
 * so a window that sees no acknowledgement is not printed at all) say when publishes were
 * acknowledged again: after a silence longer than two windows, the first window printed; after a
 * window below 95 % of the producer's share of the rate (some partitions stalled, others not), the
 * end of the first window back at ≥ 95 %. No dip after the deletion: 0 s. Resolution: the script's clock, 1 s.
 */
export function parseKafkaRecovery(log: string, step: MessagingStep, deletion: PodDeletion, options: KafkaLogOptions = {}): RecoveryResult {
  if (step.scenario !== "recovery") throw new Error(`kafka recovery: expected a recovery step, got ${step.scenario}`);
  const deletedMs = Date.parse(deletion.at);
  if (Number.isNaN(deletedMs)) throw new Error(`kafka recovery: deletion time "${deletion.at}" is not an RFC 3339 time`);
  const run = parseKafkaStepLog(log, step, options);
  const parsed = readKafkaStepLog(log, step);
  const share = step.rate / step.producers;
  const gapMs = 2 * kafkaReportingIntervalMs;
  const recoveredAt: (number | null)[] = parsed.producers.map((p) => {
    const before = p.windows.filter((w) => Date.parse(w.time) <= deletedMs);
    const after = p.windows.filter((w) => Date.parse(w.time) > deletedMs);
    let previous = before.length ? Date.parse(before[before.length - 1].time) : Date.parse(parsed.startTime);
    let dipped = false;
    for (const w of after) {
      const t = Date.parse(w.time);
      const silent = t - Math.max(previous, deletedMs) > gapMs;
      const low = w.recordsPerSecond < 0.95 * share;
      if (silent) return t; // the first acknowledgements after a silence
      if (dipped && !low) return t;
      if (low) dipped = true;
      previous = t;
    }
    if (!dipped) {
      const lastAt = Date.parse(p.exitTime);
      // Silence from the deletion to the tool's end, with no window at all: never recovered.
      return lastAt - Math.max(previous, deletedMs) > gapMs ? null : deletedMs;
    }
    return null;
  });
  const secondsToRecover = recoveredAt.some((t) => t === null) ? null : Math.max(...recoveredAt.map((t) => Math.max(0, (t! - deletedMs) / 1000)));
  const perConsumer = parsed.consumers.map((c) => c.records);
  return recoveryResultSchema.parse({
    run,
    deletedPod: deletion.pod,
    deletedAt: deletion.at,
    secondsToRecover,
    lostAcknowledged: Math.max(0, ...perConsumer.map((n) => run.published - n)),
    duplicates: Math.max(0, ...perConsumer.map((n) => n - run.published)),
  });
}
