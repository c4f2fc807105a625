import type { MessagingBroker, MessagingStepResult, RecoveryResult } from "../../lib/messagingResult";
import type { MessagingStep } from "../messaging/definitions";

/**
 * The side-by-side table of `lab bench --local messaging`: one row per broker × step, then one
 * recovery line per broker. Every figure is read from a parsed MessagingStepResult or
 * RecoveryResult (nothing is derived here but the count of agreeing checks), so the table says
 * no more than the parsers did; a figure a tool does not measure is "—", its reason in the JSON.
 */

/** What one broker did in the run: ran its steps, was skipped before starting (and why), or failed. */
export interface LocalBrokerOutcome {
  readonly broker: MessagingBroker;
  readonly status: "ran" | "skipped" | "failed";
  /** Why it was skipped or failed; null when it ran. */
  readonly reason: string | null;
  readonly results: MessagingStepResult[];
  readonly recovery: RecoveryResult | null;
  /** Steps the broker's runner left out, with its reason. */
  readonly skippedSteps: Array<{ step: MessagingStep; reason: string }>;
}

export const notMeasured = "—";

/** msg/s as whole messages. */
export const formatRate = (v: number): string => v.toFixed(0);
/** MB/s (10^6 bytes) to 10 kB/s. */
export const formatMB = (v: number): string => v.toFixed(2);
/**
 * ms with the precision a latency of that size deserves (0.42, 3.50, 12.3, 507), and whole ms as
 * whole ms: Kafka's tools print whole ms, and "5.00" would claim a precision they do not have.
 */
export const formatMs = (v: number | null | undefined): string =>
  v === null || v === undefined ? notMeasured : Number.isInteger(v) || v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
export const formatSeconds = (v: number): string => v.toFixed(1);

export const messagingTableHeader = [
  "broker",
  "scenario",
  "offered msg/s",
  "published msg/s",
  "consumed msg/s",
  "published MB/s",
  "consumed MB/s",
  "e2e p50 ms",
  "e2e p99 ms",
  "publish p50 ms",
  "publish p99 ms",
  "saturated",
  "checks agree",
] as const;

/** One table row of a step's result, in messagingTableHeader's order. */
export function messagingRow(r: MessagingStepResult): string[] {
  const scenario = r.scenario === "fan-out" ? `fan-out ×${r.consumers}` : r.scenario;
  return [
    r.broker,
    scenario,
    formatRate(r.offeredRate),
    formatRate(r.publishedPerSecond),
    formatRate(r.consumedPerSecond),
    formatMB(r.publishedMBPerSecond),
    formatMB(r.consumedMBPerSecond),
    formatMs(r.endToEndLatency.value?.p50),
    formatMs(r.endToEndLatency.value?.p99),
    formatMs(r.publishLatency.value?.p50),
    formatMs(r.publishLatency.value?.p99),
    r.saturated ? "yes" : "no",
    `${r.checks.filter((c) => c.agrees).length}/${r.checks.length}`,
  ];
}

/** The recovery line of one broker: its figures, or why there are none. */
export function recoveryLine(o: LocalBrokerOutcome): string {
  if (o.status !== "ran") return `${o.broker}: ${o.status} (above)`;
  const r = o.recovery;
  if (r) {
    const recovered = r.secondsToRecover === null ? "never recovered" : `${formatSeconds(r.secondsToRecover)} s to recover`;
    return `${o.broker}: ${r.deletedPod} killed at ${r.deletedAt}: ${recovered}, ${r.lostAcknowledged} acknowledged messages lost, ${r.duplicates} duplicates (published ${r.run.published}, consumed ${r.run.consumed})`;
  }
  const skipped = o.skippedSteps.find((s) => s.step.scenario === "recovery");
  return `${o.broker}: ${skipped ? `skipped: ${skipped.reason}` : "not run (recovery disabled in the definition)"}`;
}

function columns(rows: readonly string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  // Text left, figures right, so the digits line up.
  return rows.map((row) => row.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd()).join("\n");
}

/** The table, the recovery lines, the tools and where each latency came from. */
export function formatMessagingTable(outcomes: readonly LocalBrokerOutcome[]): string {
  const results = outcomes.flatMap((o) => o.results);
  // What each broker was measured with, or why it was not: a broker left out is never silent.
  const brokers = outcomes.map((o) => {
    const first = o.results[0];
    const ran = first ? `${first.tool} ${first.toolVersion} at ${first.target.split(" ")[0]}` : "no step result";
    return `${o.broker}: ${o.status === "ran" ? ran : `${o.status}: ${o.reason}`}`;
  });
  // The first step's words for each latency: the later steps' differ only in their times and counts.
  const sources = outcomes.flatMap((o) => {
    const first = o.results[0];
    if (!first) return [];
    return [`${o.broker}: e2e = ${first.endToEndLatency.value?.source ?? notMeasured}; publish = ${first.publishLatency.value?.source ?? notMeasured}`];
  });
  return [
    ...brokers,
    "",
    results.length ? columns([[...messagingTableHeader], ...results.map(messagingRow)]) : "(no broker ran)",
    `MB/s = 10^6 bytes/s; e2e = publish to consume; publish = publish to the broker's acknowledgement; saturated = published < 95 % of offered; ${notMeasured} = not measured by the tool (the reason is the result's note in --json)`,
    "",
    "recovery:",
    ...outcomes.map((o) => `  ${recoveryLine(o)}`),
    "",
    "latency sources (first step; every result has its own in --json):",
    ...sources.map((s) => `  ${s}`),
  ].join("\n");
}
