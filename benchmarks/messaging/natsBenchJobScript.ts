import { markers } from "../job/logMarkers";
import { cloudEventMinimumBytes, cloudEventOfBytes } from "./cloudEvent";
import type { MessagingStep } from "./definitions";
import {
  natsConsumeArgs,
  natsConsumerAddArgs,
  natsConsumerNames,
  natsMessageCount,
  natsPubArgs,
  natsSleepMicros,
  type NatsPubOptions,
  natsStepSubject,
  natsWarmupSubject,
} from "./natsBenchInvocation";

/**
 * The cluster Job's `tool.sh` for one `nats bench` step (POSIX sh: busybox in nats-box, dash
 * locally); the local bench runs the very same text with `NATS_CMD` pointing at the local build.
 * NATS_URL comes from the environment. Every tool call is bounded with `timeout`.
 *
 * The log it writes (benchmarks/messaging/natsBenchOutput.ts reads it):
 *   LAB_STEP <scenario> <rate>
 *   LAB_TOOL_VERSION natscli <nats --version>
 *   LAB_NATS_SUBJECT <subject>
 *   LAB_BEGIN nats-warmup ... LAB_END nats-warmup          (another subject; absent when warmupSeconds = 0)
 *   LAB_NATS_SLEEP <µs>                                   (the --sleep after each publish)
 *   LAB_BEGIN nats-stream-before / {stream info json} / LAB_END
 *   throughput, fan-out:
 *     LAB_BEGIN nats-pub started=<RFC 3339> ... LAB_END, LAB_EXIT nats-pub <code>, LAB_BEGIN nats-pub-csv ...
 *   recovery (nats bench aborts on an ack timeout, so the run is 1 s chunks, each its own process):
 *     LAB_NATS_CHUNK <n> start=<RFC 3339> end=<RFC 3339> rc=<code> msgs=<count>
 *   per consumer (durable): LAB_BEGIN nats-consume consumer=<name> ... LAB_END, LAB_EXIT nats-consume-<i> <code>
 *     (recovery: LAB_NATS_CONSUME_RC <i> <code>, the consumer is stopped once drained),
 *     LAB_BEGIN nats-consume-csv consumer=<name>, LAB_BEGIN nats-consumer-info consumer=<name> {json}
 *   LAB_BEGIN nats-stream-after / {json} / LAB_END
 * The stream's and consumers' own state (last sequence, delivered, acked, redelivered, pending)
 * are the independent counts the tool's figures are checked against.
 */

export const natsMarkers = {
  step: "LAB_STEP",
  subject: "LAB_NATS_SUBJECT",
  chunk: "LAB_NATS_CHUNK",
  /** `LAB_NATS_SLEEP <µs>`: the --sleep of the measured run. */
  sleep: "LAB_NATS_SLEEP",
  consumeRc: "LAB_NATS_CONSUME_RC",
  warmup: "nats-warmup",
  streamBefore: "nats-stream-before",
  streamAfter: "nats-stream-after",
  pub: "nats-pub",
  pubCsv: "nats-pub-csv",
  consume: "nats-consume",
  consumeCsv: "nats-consume-csv",
  consumerInfo: "nats-consumer-info",
} as const;

export interface NatsJobScriptOptions {
  /** Directory for the payload, CSV files and logs (the Job's emptyDir). */
  readonly workDir?: string;
  /** Seconds the recovery run waits for its consumers to drain after publishing (default 30). */
  readonly drainSeconds?: number;
}

const shQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const argv = (args: readonly string[]) => args.map(shQuote).join(" ");

/** The envelope with an empty pad, split where the pad goes: `…"pad":"` and `"}}`. */
function cloudEventParts(): [string, string] {
  const empty = cloudEventOfBytes(cloudEventMinimumBytes);
  const at = empty.lastIndexOf('""}}');
  if (at < 0) throw new Error(`cloudEvent envelope: expected it to end with the empty pad '""}}', got ...${empty.slice(-20)}`);
  return [empty.slice(0, at + 1), empty.slice(at + 1)];
}

const now = "$(date -u +%Y-%m-%dT%H:%M:%SZ)";

export function natsBenchJobScript(step: MessagingStep, stream: string, options: NatsJobScriptOptions = {}): string {
  if (!/^[A-Za-z0-9_-]+$/.test(stream)) throw new Error(`stream name: expected [A-Za-z0-9_-]+ (a NATS stream name), got ${JSON.stringify(stream)}`);
  const dir = options.workDir ?? "/lab/work/nats";
  const payload = `${dir}/cloudevent.json`;
  const subject = natsStepSubject(stream, step);
  const warmupSubject = natsWarmupSubject(stream, step);
  const consumers = natsConsumerNames(step);
  const total = natsMessageCount(step, step.durationSeconds);
  const [head, tail] = cloudEventParts();
  const q = (p: string) => shQuote(`${dir}/${p}`);
  // Each durable's clients and messages: fan-out one client per durable, each gets every message.
  const perDurable = step.scenario === "fan-out" ? 1 : step.consumers;
  const consumeCmd = (name: string, i: number) =>
    `$NATS ${argv(natsConsumeArgs(step, { stream, consumer: name, clients: perDurable, messages: total, csvFile: `${dir}/consume-${i}.csv` }))}`;
  // Bounds: the publisher may run slower than offered (the sleep loop), the consumers wait for it.
  const pubLimit = step.durationSeconds + 90;
  const consumeLimit = step.durationSeconds + 120;
  const nominalSleep = natsSleepMicros(step);
  const pubCmd = (o: NatsPubOptions) => `$NATS ${argv(natsPubArgs(step, o))}`;
  const section = (kind: string, attrs: string, body: string) => [`echo "${markers.begin} ${kind}${attrs}"`, body, `echo "${markers.end} ${kind}"`];
  const cleanup = [
    ...consumers.map((c) => `$NATS consumer rm ${shQuote(stream)} ${shQuote(c)} -f >/dev/null 2>&1`),
    `$NATS stream purge ${shQuote(stream)} --subject ${shQuote(subject)} -f >/dev/null 2>&1`,
    `$NATS stream purge ${shQuote(stream)} --subject ${shQuote(warmupSubject)} -f >/dev/null 2>&1`,
  ];
  const startConsumers = consumers.map((c, i) => `{ timeout ${consumeLimit} ${consumeCmd(c, i + 1)} > ${q(`consume-${i + 1}.log`)} 2>&1 & echo $! > ${q(`consume-${i + 1}.pid`)}; wait $!; echo $? > ${q(`consume-${i + 1}.rc`)}; } &`);
  const publish =
    step.scenario === "recovery"
      ? [
          // One chunk a second, each a fresh nats bench at the step's rate: a chunk that cannot get
          // its acks (the deleted pod's leader gone) fails alone, and the next one shows when
          // publishes succeed again. The acks' --timeout is short so a failed chunk ends quickly.
          `LAB_RUN_END=$(( $(date +%s) + ${step.durationSeconds} ))`,
          "n=0",
          `while [ "$(date +%s)" -lt "$LAB_RUN_END" ]; do`,
          "  n=$((n + 1))",
          `  s=${now}`,
          `  timeout 10 ${pubCmd({ stream, subject, payloadFile: payload, csvFile: `${dir}/chunk.csv`, messages: natsMessageCount(step, 1) }).replace("$NATS ", "$NATS --timeout 2s ")} > ${q("chunk.log")} 2>&1`,
          "  rc=$?",
          `  echo "${natsMarkers.chunk} $n start=$s end=${now} rc=$rc msgs=${natsMessageCount(step, 1)}"`,
          `  if [ "$rc" -ne 0 ]; then tail -n 2 ${q("chunk.log")}; sleep 1; fi`,
          "done",
          // Drained: no message pending or unacked on any durable, bounded.
          `i=0; while [ "$i" -lt ${options.drainSeconds ?? 30} ]; do`,
          `  left=0; for c in ${consumers.map(shQuote).join(" ")}; do $NATS consumer info ${shQuote(stream)} "$c" --json 2>/dev/null | grep -q '"num_pending": 0' || left=1; $NATS consumer info ${shQuote(stream)} "$c" --json 2>/dev/null | grep -q '"num_ack_pending": 0' || left=1; done`,
          `  [ "$left" -eq 0 ] && break; i=$((i + 1)); sleep 1`,
          "done",
          // The consumers wait for rate × duration messages, more than a run with an outage stored.
          `for p in ${consumers.map((_, i) => q(`consume-${i + 1}.pid`)).join(" ")}; do kill "$(cat "$p")" 2>/dev/null; done`,
        ]
      : [
          ...section(
            natsMarkers.pub,
            ` started=${now}`,
            `timeout ${pubLimit} ${pubCmd({ stream, subject, payloadFile: payload, csvFile: `${dir}/pub.csv`, messages: total })} 2>&1; echo $? > ${q("pub.rc")}`,
          ),
          `echo "${markers.exit} ${natsMarkers.pub} $(cat ${q("pub.rc")})"`,
          ...section(natsMarkers.pubCsv, "", `cat ${q("pub.csv")} 2>/dev/null`),
        ];
  return [
    "set -u",
    `mkdir -p ${shQuote(dir)}`,
    `NATS="\${NATS_CMD:-nats}"`,
    // The CloudEvents body (cloudEventOfBytes), no trailing newline; the pad written by the shell.
    `{ printf '%s' ${shQuote(head)}; head -c ${step.messageBytes - cloudEventMinimumBytes} /dev/zero | tr '\\0' x; printf '%s' ${shQuote(tail)}; } > ${shQuote(payload)}`,
    `echo "${natsMarkers.step} ${step.scenario} ${step.rate}"`,
    `echo "${markers.toolVersion} natscli $($NATS --version 2>&1 | head -n 1)"`,
    `echo "${natsMarkers.subject} ${subject}"`,
    // Fresh state: a rerun of this step starts from an empty subject and new durables.
    ...cleanup,
    ...consumers.map((c) => `$NATS ${argv(natsConsumerAddArgs(stream, c, subject))} >/dev/null || { echo "nats job: could not create consumer ${c}"; echo "${markers.exit} nats-consumer-add 1"; exit 0; }`),
    ...(step.warmupSeconds > 0
      ? section(
          natsMarkers.warmup,
          ` seconds=${step.warmupSeconds}`,
          `timeout ${step.warmupSeconds + 60} $NATS ${argv(natsPubArgs(step, { stream, subject: warmupSubject, payloadFile: payload, csvFile: `${dir}/warmup.csv`, messages: natsMessageCount(step, step.warmupSeconds) }))} 2>&1 | tail -n 3`,
        )
      : []),
    // No --rate in nats bench: a fixed sleep per publish (natsSleepMicros), logged with the run.
    `echo "${natsMarkers.sleep} ${nominalSleep}"`,
    ...section(natsMarkers.streamBefore, "", `$NATS stream info ${shQuote(stream)} --json`),
    ...startConsumers,
    // The consumers' pull subscriptions are up before the first publish.
    "sleep 1",
    ...publish,
    "wait",
    ...consumers.flatMap((c, i) => [
      ...section(natsMarkers.consume, ` consumer=${c}`, `cat ${q(`consume-${i + 1}.log`)}`),
      step.scenario === "recovery"
        ? `echo "${natsMarkers.consumeRc} ${i + 1} $(cat ${q(`consume-${i + 1}.rc`)} 2>/dev/null || echo killed)"`
        : `echo "${markers.exit} ${natsMarkers.consume}-${i + 1} $(cat ${q(`consume-${i + 1}.rc`)})"`,
      ...section(natsMarkers.consumeCsv, ` consumer=${c}`, `cat ${q(`consume-${i + 1}.csv`)} 2>/dev/null`),
      ...section(natsMarkers.consumerInfo, ` consumer=${c}`, `$NATS consumer info ${shQuote(stream)} ${shQuote(c)} --json`),
    ]),
    ...section(natsMarkers.streamAfter, "", `$NATS stream info ${shQuote(stream)} --json`),
    ...cleanup,
    "",
  ].join("\n");
}
