import type { MessagingBroker, MessagingStepResult, RecoveryResult } from "../../lib/messagingResult";
import { compareFigures, type ComparisonRow, type Figure } from "../figureComparison";

/**
 * phase-08's side-by-side view: every broker ran the same steps (one definition), so each
 * throughput step's figures line up by offered rate, then the fan-out, the recovery and the cost.
 * A broker's "sustained rate" is the highest step it published at without saturating (≥ 95 % of
 * the offered rate) and with every count check agreeing; its cost per million messages is taken at
 * that step, where it is doing the most useful work. Retention storage is in each step's cost, not
 * here: it grows with the rate published, so a broker that published less would "win" it. The stack's `comparison` output and the local
 * table (`lab bench --local messaging`) are this shape.
 */
export interface BrokerRun {
  readonly broker: MessagingBroker;
  /** Throughput steps, in rate order. */
  readonly throughput: readonly MessagingStepResult[];
  readonly fanOut?: MessagingStepResult;
  readonly recovery?: RecoveryResult;
}

/** The highest throughput step that kept up and whose counts agree; undefined if none did. */
export function sustainedStep(run: BrokerRun): MessagingStepResult | undefined {
  return [...run.throughput].reverse().find((s) => !s.saturated && s.checks.every((c) => c.agrees));
}

const atRate = (run: BrokerRun, rate: number) => run.throughput.find((s) => s.offeredRate === rate);

export function messagingFigures(rates: readonly number[]): Figure<BrokerRun>[] {
  const perRate = rates.flatMap((rate): Figure<BrokerRun>[] => [
    { figure: `published @ ${rate} msg/s`, unit: "msg/s", better: "higher", read: (r) => atRate(r, rate)?.publishedPerSecond },
    { figure: `consumed @ ${rate} msg/s`, unit: "msg/s", better: "higher", read: (r) => atRate(r, rate)?.consumedPerSecond },
    { figure: `end-to-end p50 @ ${rate} msg/s`, unit: "ms", better: "lower", read: (r) => atRate(r, rate)?.endToEndLatency.value?.p50 },
    { figure: `end-to-end p99 @ ${rate} msg/s`, unit: "ms", better: "lower", read: (r) => atRate(r, rate)?.endToEndLatency.value?.p99 },
    { figure: `publish p99 @ ${rate} msg/s`, unit: "ms", better: "lower", read: (r) => atRate(r, rate)?.publishLatency.value?.p99 },
  ]);
  return [
    { figure: "sustained rate", unit: "msg/s published (highest step not saturated, counts agreeing)", better: "higher", read: (r) => sustainedStep(r)?.publishedPerSecond },
    ...perRate,
    { figure: "fan-out delivered", unit: "messages over all consumers", better: "higher", read: (r) => r.fanOut?.consumed },
    { figure: "fan-out end-to-end p99", unit: "ms", better: "lower", read: (r) => r.fanOut?.endToEndLatency.value?.p99 },
    { figure: "recovery: time to publish again", unit: "s after the pod deletion", better: "lower", read: (r) => r.recovery?.secondsToRecover },
    { figure: "recovery: acknowledged, never consumed", unit: "messages", better: "lower", read: (r) => r.recovery?.lostAcknowledged },
    { figure: "recovery: duplicates", unit: "messages", better: "lower", read: (r) => r.recovery?.duplicates },
    {
      figure: "USD / M messages (sustained step)",
      unit: "USD",
      better: "lower",
      read: (r) => sustainedStep(r)?.cost?.perMillionMessages?.value,
      unitOf: (r) => sustainedStep(r)?.cost?.perMillionMessages?.unit,
    },
  ];
}

export function compareBrokers(runs: readonly BrokerRun[], rates: readonly number[]): ComparisonRow[] {
  return compareFigures(runs, (r) => r.broker, messagingFigures(rates));
}
