import { markers, readExits, readSections } from "../job/logMarkers";
import { messagingStepResultSchema, recoveryResultSchema, type MessageLatencyMs, type MessagingStepResult, type RecoveryResult } from "../../lib/messagingResult";
import type { PodDeletion } from "./brokerTool";
import type { MessagingStep } from "./definitions";
import { perfTestTopology, perfTestVersion } from "./perfTestInvocation";
import { perfTestMarkers } from "./perfTestJobScript";

/**
 * Reads a PerfTest step's log (perfTestJobScript.ts) into the phase-08 result. PerfTest 2.22.1's
 * compact metrics format, as its CompactPrintStreamMetricsFormatter and BaseMetricsFormatter print it:
 *
 *   time               sent    confirmed       nacked     received       consumer latency        confirm latency
 *   1.000s        501 msg/s    501 msg/s      0 msg/s    501 msg/s 619/13850/19114/23404/25879 µs 688/5457/...
 *   test stopped (Reached time limit)
 *   sending rate avg: 685 msg/s
 *   receiving rate avg: 685 msg/s
 *   consumer latency min/median/75th/95th/99th 509/882/6729/21237/23448 µs
 *   confirm latency min/median/75th/95th/99th 491/778/3438/9121/14435 µs
 *
 * Rates are msg/s over the last interval (integers from 10 msg/s up); latencies are µs (ms with
 * --use-millis) as min/median/75th/95th/99th; no max is printed, so `max` is null. A second with no
 * activity at all prints no line. The summary's percentiles come from a Dropwizard exponentially
 * decaying reservoir over the run. Message counts are the broker's (LAB_QUEUE_STATS lines).
 */

export interface PerfTestLatencyUs {
  readonly min: number;
  readonly median: number;
  readonly p75: number;
  readonly p95: number;
  readonly p99: number;
}

export interface PerfTestSecond {
  /** UTC time the line was written (the job script's stamp), or null where the line had none. */
  readonly at: string | null;
  /** PerfTest's own time since its start, s. */
  readonly elapsedSeconds: number;
  readonly sent: number;
  readonly confirmed: number;
  readonly nacked: number;
  readonly received: number;
  readonly consumerLatencyUs: PerfTestLatencyUs;
  readonly confirmLatencyUs: PerfTestLatencyUs;
  /** 1-based line in the parsed text. */
  readonly line: number;
}

export interface PerfTestRun {
  readonly seconds: PerfTestSecond[];
  readonly stopReason: string | null;
  readonly sendingRateAvg: number;
  readonly receivingRateAvg: number;
  readonly consumerLatencyUs: PerfTestLatencyUs;
  readonly confirmLatencyUs: PerfTestLatencyUs;
}

const stampPattern = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z) (.*)$/;
const latencyPattern = /^(\d+)\/(\d+)\/(\d+)\/(\d+)\/(\d+)$/;
const headerWords = ["time", "sent", "confirmed", "nacked", "received", "consumer", "latency", "confirm", "latency"];

function fail(where: string, line: number, text: string, expected: string): never {
  throw new Error(`${where} line ${line}: expected ${expected}, got ${JSON.stringify(text.slice(0, 200))}`);
}

/** µs, from a value and its unit (`µs`, or `ms` with --use-millis). */
function latencyUs(value: string, unit: string, where: string, line: number, text: string): PerfTestLatencyUs {
  const m = latencyPattern.exec(value);
  if (!m) fail(where, line, text, "a latency min/median/75th/95th/99th like 509/882/6729/21237/23448");
  const factor = unit === "µs" ? 1 : unit === "ms" ? 1000 : fail(where, line, text, "a latency unit µs or ms");
  const [min, median, p75, p95, p99] = m.slice(1).map((v) => Number(v) * factor);
  return { min, median, p75, p95, p99 };
}

function rate(value: string, unit: string, where: string, line: number, text: string): number {
  if (unit !== "msg/s" || !/^\d+(\.\d+)?$/.test(value)) fail(where, line, text, "a rate like '501 msg/s'");
  return Number(value);
}

/** PerfTest's own output of one run (compact metrics format), optionally with the job script's time stamps. */
export function parsePerfTestRun(text: string, where = "PerfTest output", firstLine = 1): PerfTestRun {
  const seconds: PerfTestSecond[] = [];
  let header = false;
  let stopReason: string | null = null;
  const summary: { sendingRateAvg?: number; receivingRateAvg?: number; consumerLatencyUs?: PerfTestLatencyUs; confirmLatencyUs?: PerfTestLatencyUs } = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = firstLine + index;
    const stamped = stampPattern.exec(raw);
    const at = stamped ? stamped[1] : null;
    const body = (stamped ? stamped[2] : raw).trim();
    const words = body.split(/\s+/);
    if (body === "") return;
    if (words[0] === "time") {
      if (words.join(" ") !== headerWords.join(" ")) fail(where, line, body, `the compact header '${headerWords.join(" ")}' (run with --confirm and consumers)`);
      header = true;
      return;
    }
    if (/^\d+\.\d{3}s$/.test(words[0])) {
      if (!header) fail(where, line, body, "the compact header line before the per-second lines");
      if (words.length !== 13) fail(where, line, body, "time, 4 rates 'N msg/s' and 2 latencies 'a/b/c/d/e µs' (13 words)");
      seconds.push({
        at,
        elapsedSeconds: Number(words[0].slice(0, -1)),
        sent: rate(words[1], words[2], where, line, body),
        confirmed: rate(words[3], words[4], where, line, body),
        nacked: rate(words[5], words[6], where, line, body),
        received: rate(words[7], words[8], where, line, body),
        consumerLatencyUs: latencyUs(words[9], words[10], where, line, body),
        confirmLatencyUs: latencyUs(words[11], words[12], where, line, body),
        line,
      });
      return;
    }
    const stopped = /^test stopped \((.*)\)$/.exec(body);
    if (stopped) return void (stopReason = stopped[1]);
    const avg = /^(sending|receiving) rate avg: (\S+) (\S+)$/.exec(body);
    if (avg) {
      summary[avg[1] === "sending" ? "sendingRateAvg" : "receivingRateAvg"] = rate(avg[2], avg[3], where, line, body);
      return;
    }
    const latency = /^(consumer|confirm) latency min\/median\/75th\/95th\/99th (\S+) (\S+)$/.exec(body);
    if (latency) {
      summary[latency[1] === "consumer" ? "consumerLatencyUs" : "confirmLatencyUs"] = latencyUs(latency[2], latency[3], where, line, body);
      return;
    }
    // Anything else PerfTest prints (starting consumer #0, connection recovery warnings) is context.
  });
  const missing = (["sendingRateAvg", "receivingRateAvg", "consumerLatencyUs", "confirmLatencyUs"] as const).filter((k) => summary[k] === undefined);
  if (missing.length > 0) {
    const names = { sendingRateAvg: "sending rate avg", receivingRateAvg: "receiving rate avg", consumerLatencyUs: "consumer latency min/median/75th/95th/99th", confirmLatencyUs: "confirm latency min/median/75th/95th/99th" };
    throw new Error(`${where}: no summary line '${missing.map((k) => names[k]).join("', '")}' (PerfTest did not finish its run?)`);
  }
  if (seconds.length === 0) throw new Error(`${where}: no per-second line (expected lines like '1.000s  501 msg/s ...' after the header)`);
  return { seconds, stopReason, ...(summary as Required<typeof summary>) };
}

export interface BrokerCounters {
  readonly publish: number;
  readonly confirm: number;
  readonly ack: number;
  readonly deliver_get: number;
  readonly redeliver: number;
}
export interface QueueCounters {
  readonly exists: boolean;
  readonly type?: string;
  readonly messages: number;
  readonly publish: number;
  readonly ack: number;
  readonly deliver_get: number;
  readonly redeliver: number;
}
export interface QueueStats {
  readonly phase: "before" | "after";
  readonly settled: boolean;
  readonly waitedSeconds: number;
  readonly overview: BrokerCounters;
  readonly queues: Record<string, QueueCounters>;
}

function readQueueStats(json: string, line: number, phase: string): QueueStats {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch (e) {
    throw new Error(`job log line ${line}: ${perfTestMarkers.queueStats} ${phase}: expected JSON from the management API helper, got ${JSON.stringify(json.slice(0, 200))}`);
  }
  const s = v as QueueStats;
  const counters = (o: unknown, keys: readonly string[], what: string) => {
    for (const k of keys) {
      const n = (o as Record<string, unknown> | undefined)?.[k];
      if (!Number.isInteger(n) || (n as number) < 0) throw new Error(`job log line ${line}: ${perfTestMarkers.queueStats} ${phase} ${what}.${k}: expected a count ≥ 0, got ${JSON.stringify(n)}`);
    }
  };
  counters(s?.overview, ["publish", "confirm", "ack", "deliver_get", "redeliver"], "overview");
  if (typeof s.queues !== "object" || s.queues === null) throw new Error(`job log line ${line}: ${perfTestMarkers.queueStats} ${phase}: expected a queues object`);
  for (const [name, q] of Object.entries(s.queues)) counters(q, ["messages", "publish", "ack", "deliver_get", "redeliver"], `queues.${name}`);
  if (s.phase !== phase) throw new Error(`job log line ${line}: ${perfTestMarkers.queueStats}: expected phase ${phase}, got ${JSON.stringify(s.phase)}`);
  return s;
}

export interface PerfTestStepContext {
  readonly step: MessagingStep;
  /** host:port and vhost (no credentials). */
  readonly target: string;
}

export interface PerfTestStepLog {
  readonly scenario: string;
  readonly rate: number;
  readonly toolVersion: string;
  readonly run: PerfTestRun;
  readonly exitCode: number;
  readonly before: QueueStats;
  readonly after: QueueStats;
}

/** The marked parts of one step's Job log. */
export function readPerfTestStepLog(log: string): PerfTestStepLog {
  const lines = log.split(/\r?\n/);
  const find = (prefix: string) => lines.map((text, i) => ({ text: text.trim(), line: i + 1 })).filter((l) => l.text.startsWith(`${prefix} `));
  const step = find(perfTestMarkers.step);
  if (step.length !== 1) throw new Error(`job log: expected one '${perfTestMarkers.step} <scenario> <rate>' line, found ${step.length}`);
  const [, scenario, rateText] = step[0].text.split(/\s+/);
  const version = find(markers.toolVersion);
  if (version.length !== 1) throw new Error(`job log: expected one '${markers.toolVersion} RabbitMQ Perf Test <version> (...)' line, found ${version.length}`);
  const v = /RabbitMQ Perf Test (\S+)/.exec(version[0].text);
  if (!v) throw new Error(`job log line ${version[0].line}: expected '${markers.toolVersion} RabbitMQ Perf Test <version>', got ${JSON.stringify(version[0].text)}`);
  const stats = find(perfTestMarkers.queueStats);
  const statsOf = (phase: "before" | "after") => {
    const l = stats.find((s) => s.text.split(/\s+/)[1] === phase);
    if (!l) throw new Error(`job log: no '${perfTestMarkers.queueStats} ${phase} {json}' line (the management API's counters ${phase} the measured run)`);
    return readQueueStats(l.text.slice(`${perfTestMarkers.queueStats} ${phase} `.length), l.line, phase);
  };
  const section = readSections(log).find((s) => s.kind === perfTestMarkers.runSection);
  if (!section) throw new Error(`job log: no '${markers.begin} ${perfTestMarkers.runSection}' section (the measured PerfTest run)`);
  const exit = readExits(log).find((e) => e.step === perfTestMarkers.exitStep);
  if (!exit) throw new Error(`job log: no '${markers.exit} ${perfTestMarkers.exitStep} <code>' line`);
  if (exit.code !== 0) throw new Error(`job log line ${exit.line}: PerfTest exited ${exit.code}, expected 0\n${section.body.slice(-1500)}`);
  const run = parsePerfTestRun(section.body, "job log", section.line + 1);
  return { scenario, rate: Number(rateText), toolVersion: v[1], run, exitCode: exit.code, before: statsOf("before"), after: statsOf("after") };
}

const latencyMs = (us: PerfTestLatencyUs, source: string): MessageLatencyMs => ({ p50: us.median / 1000, p95: us.p95 / 1000, p99: us.p99 / 1000, max: null, source });

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** One step's Job log → the phase-08 result, validated with its schema. */
export function parsePerfTestStepLog(log: string, context: PerfTestStepContext): MessagingStepResult {
  const { step } = context;
  const parsed = readPerfTestStepLog(log);
  if (parsed.scenario !== step.scenario || parsed.rate !== step.rate) {
    throw new Error(`job log: ${perfTestMarkers.step} says ${parsed.scenario} ${parsed.rate}, expected ${step.scenario} ${step.rate} (another step's log?)`);
  }
  if (parsed.toolVersion !== perfTestVersion) throw new Error(`job log: PerfTest ${parsed.toolVersion}, expected the pinned ${perfTestVersion}`);
  const { run, before, after } = parsed;
  const queues = perfTestTopology(step).queues;
  for (const q of queues) {
    if (!after.queues[q]?.exists) throw new Error(`job log: ${perfTestMarkers.queueStats} after has no queue ${q} (expected the step's quorum queue)`);
    if (after.queues[q].type !== "quorum") throw new Error(`job log: queue ${q} is ${after.queues[q].type}, expected quorum`);
  }
  // A node that restarts (the recovery run's deleted pod) loses its management counters: a
  // counter can go backwards. Counted as 0 and reported as a failed check, never a negative count.
  const backwards: string[] = [];
  const delta = (what: string, a: number, b: number) => (b - a < 0 ? (backwards.push(`${what} ${a} → ${b}`), 0) : b - a);
  const d = (k: keyof BrokerCounters) => delta(`overview.${k}`, before.overview[k], after.overview[k]);
  const dq = (k: "publish" | "ack" | "redeliver" | "messages") =>
    sum(queues.map((q) => (k === "messages" ? after.queues[q][k] - (before.queues[q]?.[k] ?? 0) : delta(`${q}.${k}`, before.queues[q]?.[k] ?? 0, after.queues[q][k]))));
  const confirmed = d("confirm");
  const received = d("publish");
  const consumed = dq("ack");
  const last = run.seconds[run.seconds.length - 1];
  const durationSeconds = last.elapsedSeconds;
  const publishedPerSecond = confirmed / durationSeconds;
  const consumedPerSecond = consumed / durationSeconds;
  const perSecondConfirmed = sum(run.seconds.map((s) => s.confirmed));
  // Each per-second line is a rate over ~1 s, integer below 10 msg/s only; their sum misses the
  // part of the run after the last line. One second at the offered rate plus 1 % bounds that.
  const tolerance = step.rate + confirmed * 0.01;
  const checks = [
    {
      what: "messages routed into the step's queues = acknowledged by consumers + left in the queues (broker counters, measured run)",
      expected: dq("publish"),
      observed: consumed + dq("messages"),
      agrees: dq("publish") === consumed + dq("messages"),
    },
    {
      what: `copies routed (queue publish counters) = confirmed publishes × ${queues.length} queue(s)`,
      expected: confirmed * queues.length,
      observed: dq("publish"),
      agrees: confirmed * queues.length === dq("publish"),
    },
    {
      what: `PerfTest's per-second confirmed rates summed (${run.seconds.length} lines of ~1 s) vs the broker's confirm counter, within one second at the offered rate + 1 %`,
      expected: confirmed,
      observed: perSecondConfirmed,
      agrees: Math.abs(perSecondConfirmed - confirmed) <= tolerance,
    },
    ...(backwards.length === 0 ? [] : [{ what: `broker counters only grow (went backwards: ${backwards.join(", ")}; a restarted node loses its management counters)`, expected: 0, observed: backwards.length, agrees: false }]),
    ...(before.settled && after.settled ? [] : [{ what: "management counters settled before they were read (unchanged for the settle window)", expected: 1, observed: 0, agrees: false }]),
  ];
  const startTime = run.seconds[0].at ? new Date(Date.parse(run.seconds[0].at) - run.seconds[0].elapsedSeconds * 1000).toISOString() : null;
  return messagingStepResultSchema.parse({
    broker: "rabbitmq",
    tool: "perf-test",
    toolVersion: parsed.toolVersion,
    target: context.target,
    scenario: step.scenario,
    startTime,
    durationSeconds,
    offeredRate: step.rate,
    messageBytes: step.messageBytes,
    producers: step.producers,
    consumers: step.consumers,
    published: confirmed,
    publishErrors: Math.max(0, received - confirmed),
    consumed,
    publishedPerSecond,
    consumedPerSecond,
    publishedMBPerSecond: (publishedPerSecond * step.messageBytes) / 1e6,
    consumedMBPerSecond: (consumedPerSecond * step.messageBytes) / 1e6,
    endToEndLatency: { value: latencyMs(run.consumerLatencyUs, "PerfTest consumer latency: publish → delivery, nanoTime timestamp header from the producer in the same JVM; summary over the measured run (exponentially decaying reservoir); no max printed") },
    publishLatency: { value: latencyMs(run.confirmLatencyUs, `PerfTest confirm latency: publish → publisher confirm (basic.ack), --confirm window; summary over the measured run; no max printed`) },
    saturated: publishedPerSecond < 0.95 * step.rate,
    checks,
  });
}

/**
 * The recovery run: a broker pod deleted during it. PerfTest prints no line for a second with no
 * activity and a zero rate for a second with only consumer activity, so the outage is the first
 * gap (> 1.5 s between stamped lines) or zero-confirm line after the deletion; publishes are back
 * at the first line after it with confirms (an upper bound at 1 s resolution). No outage seen:
 * publishes never stopped for a whole second, 0 s. Never back: null.
 */
export function parsePerfTestRecovery(log: string, step: MessagingStep, deleted: PodDeletion, target = "rabbitmq"): RecoveryResult {
  if (Number.isNaN(Date.parse(deleted.at))) throw new Error(`recovery: deletion time ${JSON.stringify(deleted.at)} is not an RFC 3339 time`);
  const run = parsePerfTestStepLog(log, { step, target });
  const { run: perfTest, before, after } = readPerfTestStepLog(log);
  const deletedMs = Date.parse(deleted.at);
  const stamped = perfTest.seconds.filter((s): s is PerfTestSecond & { at: string } => s.at !== null);
  if (stamped.length !== perfTest.seconds.length) throw new Error(`recovery: per-second lines without a time stamp (line ${perfTest.seconds.find((s) => !s.at)!.line}); the job script stamps every line of the run`);
  const firstAfter = stamped.findIndex((s) => Date.parse(s.at) > deletedMs);
  let secondsToRecover: number | null;
  if (firstAfter < 0) {
    secondsToRecover = null;
  } else {
    let outage = -1;
    for (let i = firstAfter; i < stamped.length; i++) {
      const previousMs = i > 0 ? Date.parse(stamped[i - 1].at) : deletedMs;
      if (stamped[i].confirmed === 0 || Date.parse(stamped[i].at) - previousMs > 1500) {
        outage = i;
        break;
      }
    }
    if (outage < 0) secondsToRecover = 0;
    else {
      const back = stamped.slice(outage).find((s) => s.confirmed > 0);
      secondsToRecover = back ? Math.max(0, (Date.parse(back.at) - deletedMs) / 1000) : null;
    }
  }
  const queues = perfTestTopology(step).queues;
  const dq = (k: "ack" | "redeliver" | "messages") => sum(queues.map((q) => (after.queues[q]?.[k] ?? 0) - (before.queues[q]?.[k] ?? 0)));
  const redelivered = Math.max(0, dq("redeliver"));
  const firstDeliveries = run.consumed - redelivered;
  return recoveryResultSchema.parse({
    run,
    deletedPod: deleted.pod,
    deletedAt: deleted.at,
    secondsToRecover,
    lostAcknowledged: Math.max(0, run.published - firstDeliveries - dq("messages")),
    duplicates: redelivered,
  });
}
