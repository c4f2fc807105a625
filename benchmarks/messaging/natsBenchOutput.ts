import { z } from "zod";
import { markers, readExits, readSections, type LogSection } from "../job/logMarkers";
import { messagingStepResultSchema, recoveryResultSchema, type MessagingStepResult, type RecoveryResult } from "../../lib/messagingResult";
import type { PodDeletion } from "./brokerTool";
import type { MessagingStep } from "./definitions";
import { natsCliVersion, natsConsumerNames, natsStepSubject } from "./natsBenchInvocation";
import { natsMarkers } from "./natsBenchJobScript";

/**
 * Reads a `nats bench` step's Job log (natsBenchJobScript.ts) into the phase-08 result. What
 * natscli v0.3.0 prints (internal/bench/stats.go), as captured in test/fixtures/messaging/nats:
 *
 *   NATS JetStream asynchronous publisher stats: 753 msgs/sec ~ 753 KiB/sec ~ 1327.72us
 *   NATS JetStream durable consumer (callback) aggregated stats: 1,430 msgs/sec ~ 715 KiB/sec
 *     [1] 715 msgs/sec ~ 358 KiB/sec ~ 1398.15us (1,500 msgs)
 *   #RunID,ClientID,MsgCount,MsgBytes,MsgsPerSec,BytesPerSec,DurationSecs,AvgLatencyMicroSecs   (--csv)
 *
 * The rates are messages of the job / the client's duration; "us" is duration / messages (the
 * inverse rate), not a message latency, and CSV MsgCount is the connection's in+out messages
 * (acks included), so the job's messages are MsgBytes / --size. nats bench measures no latency.
 * Counts are the stream's and the durables' own state (`nats stream info`, `nats consumer info`).
 */

/**
 * Why both latencies are null. A natscli-only probe was tried (2026-12-07, v0.3.0 on nats-server
 * 2.9.10): `nats pub <subject> --jetstream "{{UnixNano}}"` puts the publish time in the body, but
 * `nats sub --stream ... -t` stamps a JetStream message with its stored time (meta.Timestamp in
 * cli/sub_command.go), not its receive time, so body vs stamp is publish → stored (server clock
 * against the client's), not publish → consume; `--translate` could stamp receipt only by
 * starting a process per message, whose start-up would be most of what it measured; and `nats pub
 * --jetstream` prints its PubAck at 1 s resolution. None of these is a latency the lab can report.
 */
const noLatency = {
  endToEnd: `not measured: nats bench v${natsCliVersion} puts no timestamp in its messages and its "us" figure is run duration / messages (inverse throughput); natscli has no consumer that prints receive times of JetStream messages (nats sub -t shows the stored time), so no probe ran beside it`,
  publish: `not measured: nats bench v${natsCliVersion} does not time PubAcks (js pub async waits for a batch's acks untimed); nats pub --jetstream prints its ack at 1 s resolution`,
};

const streamInfoSchema = z.object({
  config: z.object({ name: z.string(), num_replicas: z.number().int() }).passthrough(),
  state: z.object({ messages: z.number().int().nonnegative(), last_seq: z.number().int().nonnegative() }).passthrough(),
});
type StreamInfo = z.infer<typeof streamInfoSchema>;

const sequenceSchema = z.object({ consumer_seq: z.number().int().nonnegative(), stream_seq: z.number().int().nonnegative() }).passthrough();
const consumerInfoSchema = z.object({
  name: z.string(),
  config: z.object({ filter_subject: z.string().optional(), ack_policy: z.string() }).passthrough(),
  delivered: sequenceSchema,
  ack_floor: sequenceSchema,
  num_ack_pending: z.number().int().nonnegative(),
  num_redelivered: z.number().int().nonnegative(),
  num_pending: z.number().int().nonnegative(),
});
type ConsumerInfo = z.infer<typeof consumerInfoSchema>;

/** One client's row of nats bench's --csv. */
export interface NatsCsvRow {
  readonly clientId: string;
  /** Messages of the client's job: MsgBytes / --size. */
  readonly messages: number;
  readonly msgsPerSec: number;
  readonly durationSeconds: number;
}

const csvHeader = "#RunID,ClientID,MsgCount,MsgBytes,MsgsPerSec,BytesPerSec,DurationSecs,AvgLatencyMicroSecs";

/** nats bench's --csv file (a section's body); `firstLine` is the body's first line in the log. */
export function parseNatsCsv(body: string, messageBytes: number, firstLine: number, what: string): NatsCsvRow[] {
  const lines = body.split(/\r?\n/).map((text, i) => ({ text: text.trim(), line: firstLine + i })).filter((l) => l.text !== "");
  if (lines.length === 0) throw new Error(`job log line ${firstLine - 1}: ${what}: empty, expected nats bench's --csv ('${csvHeader}' and a row per client)`);
  if (lines[0].text !== csvHeader) throw new Error(`job log line ${lines[0].line}: ${what}: expected the header '${csvHeader}', got ${JSON.stringify(lines[0].text.slice(0, 200))}`);
  const rows = lines.slice(1).map(({ text, line }) => {
    const f = text.split(",");
    const n = f.slice(2).map(Number);
    if (f.length !== 8 || n.some((v) => !Number.isFinite(v))) throw new Error(`job log line ${line}: ${what}: expected 8 comma-separated fields (RunID, ClientID and 6 numbers), got ${JSON.stringify(text.slice(0, 200))}`);
    const [, msgBytes, msgsPerSec, , durationSeconds] = n;
    const messages = msgBytes / messageBytes;
    if (!Number.isInteger(messages)) throw new Error(`job log line ${line}: ${what}: MsgBytes ${msgBytes} is not a multiple of the step's ${messageBytes}-byte messages (was --size the payload's length?)`);
    if (!(durationSeconds > 0)) throw new Error(`job log line ${line}: ${what}: expected DurationSecs > 0, got ${durationSeconds}`);
    return { clientId: f[1], messages, msgsPerSec, durationSeconds };
  });
  if (rows.length === 0) throw new Error(`job log line ${lines[0].line}: ${what}: a header but no client row`);
  return rows;
}

/** nats bench's summary: the rate of a single client's `stats:` line or of the `aggregated stats:` line. */
export function parseNatsSummary(body: string, firstLine: number, what: string): { label: string; msgsPerSec: number; line: number } {
  const found = body
    .split(/\r?\n/)
    .map((text, i) => ({ m: /^NATS (.+?) (?:aggregated )?stats: ([\d,]+) msgs\/sec ~ /.exec(text.trim()), line: firstLine + i }))
    .filter((l) => l.m);
  if (found.length !== 1) {
    throw new Error(`job log line ${firstLine - 1}: ${what}: expected one 'NATS <benchmark> stats: N msgs/sec ~ ...' line, found ${found.length} (did nats bench finish?)\n${body.split("\n").slice(-5).join("\n")}`);
  }
  const { m, line } = found[0];
  return { label: m![1], msgsPerSec: Number(m![2].replace(/,/g, "")), line };
}

function parseJsonSection<T>(section: LogSection, schema: z.ZodType<T>, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(section.body);
  } catch {
    throw new Error(`job log line ${section.line}: ${what}: expected the JSON of 'nats ... --json', got ${JSON.stringify(section.body.trim().slice(0, 200))}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`job log line ${section.line}: ${what}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return parsed.data;
}

export interface NatsConsumerLog {
  readonly name: string;
  readonly info: ConsumerInfo;
  /** nats bench consume's rows; null when it did not finish (recovery: stopped once drained). */
  readonly csv: NatsCsvRow[] | null;
}

export interface NatsStepLog {
  readonly scenario: string;
  readonly rate: number;
  readonly toolVersion: string;
  readonly subject: string;
  readonly sleepMicros: number;
  readonly before: StreamInfo;
  readonly after: StreamInfo;
  readonly consumers: NatsConsumerLog[];
  /** Throughput and fan-out: the one publisher run. */
  readonly pub: { readonly startedAt: string; readonly rows: NatsCsvRow[]; readonly summaryMsgsPerSec: number; readonly ackErrors: number } | null;
  /** Recovery: the 1 s publish chunks. */
  readonly chunks: NatsChunk[];
}

export interface NatsChunk {
  readonly n: number;
  readonly start: string;
  readonly end: string;
  readonly rc: number;
  readonly msgs: number;
  readonly line: number;
}

function markedLines(log: string, prefix: string) {
  return log
    .split(/\r?\n/)
    .map((text, i) => ({ text: text.trim(), line: i + 1 }))
    .filter((l) => l.text.startsWith(`${prefix} `));
}

function one(log: string, prefix: string, expected: string) {
  const found = markedLines(log, prefix);
  if (found.length !== 1) throw new Error(`job log: expected one '${prefix} ${expected}' line, found ${found.length}`);
  return found[0];
}

/** The marked parts of one step's log (natsBenchJobScript.ts), each validated. */
export function readNatsStepLog(log: string, step: MessagingStep): NatsStepLog {
  const stepLine = one(log, natsMarkers.step, "<scenario> <rate>");
  const [, scenario, rateText] = stepLine.text.split(/\s+/);
  // Before anything named after the step (subject, durables) is looked for.
  if (scenario !== step.scenario || Number(rateText) !== step.rate) {
    throw new Error(`job log line ${stepLine.line}: ${natsMarkers.step} says ${scenario} ${rateText}, expected ${step.scenario} ${step.rate} (another step's log?)`);
  }
  const versionLine = one(log, markers.toolVersion, "natscli <version>");
  const v = /^LAB_TOOL_VERSION natscli v?(\d+\.\d+\.\d+)\b/.exec(versionLine.text);
  if (!v) throw new Error(`job log line ${versionLine.line}: expected '${markers.toolVersion} natscli <version>' (nats --version), got ${JSON.stringify(versionLine.text)}`);
  const subject = one(log, natsMarkers.subject, "<subject>").text.split(/\s+/)[1];
  const sleepLine = one(log, natsMarkers.sleep, "<µs>");
  const sleepMicros = Number(sleepLine.text.split(/\s+/)[1]);
  if (!Number.isInteger(sleepMicros)) throw new Error(`job log line ${sleepLine.line}: expected '${natsMarkers.sleep} <whole µs>', got ${JSON.stringify(sleepLine.text)}`);
  const sections = readSections(log);
  const sectionOf = (kind: string, consumer?: string) => {
    const s = sections.find((x) => x.kind === kind && (consumer === undefined || x.attributes.consumer === consumer));
    if (!s) throw new Error(`job log: no '${markers.begin} ${kind}${consumer ? ` consumer=${consumer}` : ""}' section`);
    return s;
  };
  const exits = readExits(log);
  const before = parseJsonSection(sectionOf(natsMarkers.streamBefore), streamInfoSchema, "stream info before the run");
  const after = parseJsonSection(sectionOf(natsMarkers.streamAfter), streamInfoSchema, "stream info after the run");
  const consumers = natsConsumerNames(step).map((name, i): NatsConsumerLog => {
    const info = parseJsonSection(sectionOf(natsMarkers.consumerInfo, name), consumerInfoSchema, `consumer info of ${name}`);
    const csvSection = sectionOf(natsMarkers.consumeCsv, name);
    if (step.scenario !== "recovery") {
      const exit = exits.find((e) => e.step === `${natsMarkers.consume}-${i + 1}`);
      if (!exit) throw new Error(`job log: no '${markers.exit} ${natsMarkers.consume}-${i + 1} <code>' line (consumer ${name})`);
      if (exit.code !== 0) throw new Error(`job log line ${exit.line}: nats bench js consume (${name}) exited ${exit.code}, expected 0\n${sectionOf(natsMarkers.consume, name).body.slice(-1500)}`);
    }
    const csv = csvSection.body.trim() === "" && step.scenario === "recovery" ? null : parseNatsCsv(csvSection.body, step.messageBytes, csvSection.line + 1, `consume CSV of ${name}`);
    return { name, info, csv };
  });
  let pub: NatsStepLog["pub"] = null;
  const chunks: NatsChunk[] = [];
  if (step.scenario === "recovery") {
    for (const { text, line } of markedLines(log, natsMarkers.chunk)) {
      const m = /^LAB_NATS_CHUNK (\d+) start=(\S+) end=(\S+) rc=(\d+) msgs=(\d+)$/.exec(text);
      if (!m || Number.isNaN(Date.parse(m[2])) || Number.isNaN(Date.parse(m[3]))) {
        throw new Error(`job log line ${line}: expected '${natsMarkers.chunk} <n> start=<RFC 3339> end=<RFC 3339> rc=<code> msgs=<count>', got ${JSON.stringify(text)}`);
      }
      chunks.push({ n: Number(m[1]), start: m[2], end: m[3], rc: Number(m[4]), msgs: Number(m[5]), line });
    }
    if (chunks.length === 0) throw new Error(`job log: no '${natsMarkers.chunk}' line (the recovery run publishes in 1 s chunks)`);
  } else {
    const section = sectionOf(natsMarkers.pub);
    const exit = exits.find((e) => e.step === natsMarkers.pub);
    if (!exit) throw new Error(`job log: no '${markers.exit} ${natsMarkers.pub} <code>' line`);
    if (exit.code !== 0) throw new Error(`job log line ${exit.line}: nats bench js pub exited ${exit.code}, expected 0\n${section.body.slice(-1500)}`);
    const startedAt = section.attributes.started;
    if (!startedAt || Number.isNaN(Date.parse(startedAt))) throw new Error(`job log line ${section.line}: expected '${markers.begin} ${natsMarkers.pub} started=<RFC 3339>', got started=${JSON.stringify(startedAt)}`);
    const summary = parseNatsSummary(section.body, section.line + 1, "nats bench js pub");
    const csvSection = sectionOf(natsMarkers.pubCsv);
    pub = {
      startedAt,
      rows: parseNatsCsv(csvSection.body, step.messageBytes, csvSection.line + 1, "publisher CSV"),
      summaryMsgsPerSec: summary.msgsPerSec,
      // Printed by js pub async for a negative PubAck; the message is published again.
      ackErrors: section.body.split("\n").filter((l) => l.includes("publish acknowledgement is an error")).length,
    };
  }
  return { scenario, rate: Number(rateText), toolVersion: v[1], subject, sleepMicros, before, after, consumers, pub, chunks };
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

function checkedLog(log: string, step: MessagingStep, target: string): NatsStepLog {
  const parsed = readNatsStepLog(log, step);
  if (parsed.toolVersion !== natsCliVersion) throw new Error(`job log: natscli ${parsed.toolVersion}, expected the pinned ${natsCliVersion}`);
  const stream = parsed.after.config.name;
  if (parsed.subject !== natsStepSubject(stream, step)) throw new Error(`job log: subject ${parsed.subject}, expected ${natsStepSubject(stream, step)} for ${target}`);
  for (const c of parsed.consumers) {
    if (c.info.config.filter_subject !== parsed.subject) throw new Error(`job log: consumer ${c.name} filters ${c.info.config.filter_subject}, expected the step's subject ${parsed.subject}`);
  }
  return parsed;
}

/** What the durables say, and the checks every scenario shares. */
function consumerFigures(parsed: NatsStepLog, stored: number, step: MessagingStep) {
  const deliveries = sum(parsed.consumers.map((c) => c.info.delivered.consumer_seq));
  const redelivered = sum(parsed.consumers.map((c) => c.info.num_redelivered));
  const copies = step.scenario === "fan-out" ? parsed.consumers.length : 1;
  const checks = [
    {
      what: `first deliveries over the durables (delivered.consumer_seq − num_redelivered) = messages stored on the step's subject × ${copies} durable(s) (each durable delivers each message once)`,
      expected: stored * copies,
      observed: deliveries - redelivered,
      agrees: deliveries - redelivered === stored * copies,
    },
    ...parsed.consumers.map((c) => ({
      what: `durable ${c.name} reached the stream's last message (delivered.stream_seq = stream last_seq after the run)`,
      expected: parsed.after.state.last_seq,
      observed: c.info.delivered.stream_seq,
      agrees: c.info.delivered.stream_seq === parsed.after.state.last_seq,
    })),
    ...parsed.consumers.map((c) => ({
      what: `messages left pending or unacknowledged on durable ${c.name} (consumer info num_pending + num_ack_pending)`,
      expected: 0,
      observed: c.info.num_pending + c.info.num_ack_pending,
      agrees: c.info.num_pending + c.info.num_ack_pending === 0,
    })),
  ];
  return { deliveries, redelivered, checks };
}

/** The step's own figures, as every nats bench result repeats them. */
const stepFields = (step: MessagingStep) => ({ offeredRate: step.rate, messageBytes: step.messageBytes, producers: step.producers, consumers: step.consumers });

/** Rates, their MB/s, the latencies nats bench does not measure, and saturation against the offered rate. */
function rateFields(step: MessagingStep, publishedPerSecond: number, consumedPerSecond: number) {
  return {
    publishedPerSecond,
    consumedPerSecond,
    publishedMBPerSecond: (publishedPerSecond * step.messageBytes) / 1e6,
    consumedMBPerSecond: (consumedPerSecond * step.messageBytes) / 1e6,
    endToEndLatency: { value: null, note: noLatency.endToEnd },
    publishLatency: { value: null, note: noLatency.publish },
    saturated: publishedPerSecond < 0.95 * step.rate,
  };
}

/** A throughput or fan-out step's Job log → the phase-08 result, validated with its schema. */
export function parseNatsBenchStep(log: string, step: MessagingStep, target: string): MessagingStepResult {
  if (step.scenario === "recovery") throw new Error("nats bench: a recovery run is read by parseNatsBenchRecovery (it needs the pod deletion)");
  const parsed = checkedLog(log, step, target);
  const pub = parsed.pub!;
  // Only this step publishes while it runs, and only on its subject: the stream's growth is it.
  const stored = parsed.after.state.last_seq - parsed.before.state.last_seq;
  const toolPublished = sum(pub.rows.map((r) => r.messages));
  const durationSeconds = Math.max(...pub.rows.map((r) => r.durationSeconds));
  const { deliveries, checks } = consumerFigures(parsed, stored, step);
  const consumerRows = parsed.consumers.flatMap((c) => c.csv ?? []);
  const consumerSeconds = Math.max(...consumerRows.map((r) => r.durationSeconds));
  const publishedPerSecond = stored / durationSeconds;
  const consumedPerSecond = deliveries / consumerSeconds;
  return messagingStepResultSchema.parse({
    broker: "nats",
    tool: "nats bench",
    toolVersion: parsed.toolVersion,
    target,
    scenario: step.scenario,
    startTime: new Date(Date.parse(pub.startedAt)).toISOString(),
    durationSeconds,
    ...stepFields(step),
    published: stored,
    publishErrors: pub.ackErrors,
    consumed: deliveries,
    ...rateFields(step, publishedPerSecond, consumedPerSecond),
    checks: [
      {
        what: "messages stored in the stream during the run (stream info last_seq after − before) = publishes nats bench had acknowledged (its CSV, MsgBytes / message bytes)",
        expected: toolPublished,
        observed: stored,
        agrees: stored === toolPublished,
      },
      ...parsed.consumers.map((c) => {
        const received = c.csv ? sum(c.csv.map((r) => r.messages)) : 0;
        return {
          what: `deliveries the durable ${c.name} counted (consumer info delivered.consumer_seq) = messages nats bench js consume received (its CSV)`,
          expected: received,
          observed: c.info.delivered.consumer_seq,
          agrees: c.info.delivered.consumer_seq === received,
        };
      }),
      ...checks,
      {
        what: "nats bench's printed publisher rate (msgs/sec, truncated) vs its CSV's messages / longest client duration",
        expected: Math.floor(toolPublished / durationSeconds),
        observed: pub.summaryMsgsPerSec,
        // One client: the same division; several: the tool's window spans all clients, within 5 %.
        agrees: Math.abs(pub.summaryMsgsPerSec - toolPublished / durationSeconds) <= Math.max(1, 0.05 * pub.summaryMsgsPerSec),
      },
    ],
  });
}

/**
 * The recovery run: a broker pod deleted while 1 s publish chunks run. The outage is the first
 * chunk after the deletion that failed (no acks within --timeout, or a connection error);
 * publishes are back at the end of the first successful chunk after it (an upper bound at the
 * chunks' 1 s resolution); no failed chunk: 0 s; never back: null. Acknowledged = the messages
 * of successful chunks (a failed chunk's acked share is unknown, so it is a lower bound);
 * lost = acknowledged − first deliveries (deliveries − redeliveries) on the durable; publish
 * errors = the messages of failed chunks (an upper bound, for the same reason).
 */
export function parseNatsBenchRecovery(log: string, step: MessagingStep, target: string, deletion: PodDeletion): RecoveryResult {
  if (step.scenario !== "recovery") throw new Error(`nats bench: parseNatsBenchRecovery reads a recovery run, got ${step.scenario}`);
  const deletedMs = Date.parse(deletion.at);
  if (Number.isNaN(deletedMs)) throw new Error(`recovery: deletion time ${JSON.stringify(deletion.at)} is not RFC 3339`);
  const parsed = checkedLog(log, step, target);
  const { chunks } = parsed;
  const stored = parsed.after.state.last_seq - parsed.before.state.last_seq;
  const acknowledged = sum(chunks.filter((c) => c.rc === 0).map((c) => c.msgs));
  const failedMsgs = sum(chunks.filter((c) => c.rc !== 0).map((c) => c.msgs));
  const { deliveries, redelivered, checks } = consumerFigures(parsed, stored, step);
  const startMs = Date.parse(chunks[0].start);
  const durationSeconds = Math.max(1, (Date.parse(chunks[chunks.length - 1].end) - startMs) / 1000);
  const outage = chunks.findIndex((c) => c.rc !== 0 && Date.parse(c.end) >= deletedMs);
  let secondsToRecover: number | null = 0;
  if (outage >= 0) {
    const back = chunks.slice(outage).find((c) => c.rc === 0);
    secondsToRecover = back ? Math.max(0, (Date.parse(back.end) - deletedMs) / 1000) : null;
  }
  const publishedPerSecond = acknowledged / durationSeconds;
  const consumedPerSecond = deliveries / durationSeconds;
  const run = messagingStepResultSchema.parse({
    broker: "nats",
    tool: "nats bench",
    toolVersion: parsed.toolVersion,
    target,
    scenario: "recovery",
    startTime: new Date(startMs).toISOString(),
    durationSeconds,
    ...stepFields(step),
    published: acknowledged,
    publishErrors: failedMsgs,
    consumed: deliveries,
    ...rateFields(step, publishedPerSecond, consumedPerSecond),
    checks: [
      {
        what: "messages stored in the stream during the run (last_seq after − before) ≥ messages of the chunks nats bench completed (every ack received)",
        expected: acknowledged,
        observed: stored,
        agrees: stored >= acknowledged,
      },
      ...checks,
    ],
  });
  return recoveryResultSchema.parse({
    run,
    deletedPod: deletion.pod,
    deletedAt: deletion.at,
    secondsToRecover,
    lostAcknowledged: Math.max(0, acknowledged - (deliveries - redelivered)),
    duplicates: redelivered,
  });
}
