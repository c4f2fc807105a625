import { compareBrokers, type BrokerRun } from "../messaging/comparison";
import { messagingSteps, type MessagingDefinition, type MessagingStep } from "../messaging/definitions";
import { formatComparison, type ComparisonRow } from "../figureComparison";
import { localBrokerAdapters, type LocalBrokerAdapter } from "./localBrokerAdapters";
import { formatMessagingTable, type LocalBrokerOutcome } from "./messagingTable";

/**
 * `lab bench --local messaging`: the definition's steps (messagingSteps, the same list for every
 * broker) run against each broker of the definition on loopback, one broker after another so
 * that no two share the CPU, each through its local adapter (localBrokerAdapters.ts: the cluster
 * Job's script and parser). A broker without an adapter or whose tools are missing is a skip with
 * its reason; a broker whose run throws is a failure with the error, and the next broker still
 * runs. Each adapter's runner stops what it started in its own finally.
 */
export interface LocalMessagingOptions {
  /** The adapters to use; every broker with a local runner by default (tests pass their own). */
  readonly brokers?: readonly LocalBrokerAdapter[];
  readonly onStep?: (line: string) => void;
}

export interface LocalMessagingRun {
  readonly steps: MessagingStep[];
  readonly outcomes: LocalBrokerOutcome[];
  /** The brokers that ran, figure by figure, in the shape of the stack's `comparison` rows (no cost: a local process requests nothing). */
  readonly comparison: ComparisonRow[];
  readonly table: string;
}

/** The outcomes as the comparison reads them: the throughput steps in rate order, the fan-out, the recovery. */
export function brokerRunsOf(outcomes: readonly LocalBrokerOutcome[]): BrokerRun[] {
  return outcomes
    .filter((o) => o.status === "ran")
    .map((o) => ({
      broker: o.broker,
      throughput: o.results.filter((r) => r.scenario === "throughput"),
      fanOut: o.results.find((r) => r.scenario === "fan-out"),
      recovery: o.recovery ?? undefined,
    }));
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function runLocalMessaging(definition: MessagingDefinition, options: LocalMessagingOptions = {}): Promise<LocalMessagingRun> {
  const adapters = options.brokers ?? localBrokerAdapters;
  const steps = messagingSteps(definition);
  const outcomes: LocalBrokerOutcome[] = [];
  const none = { results: [], recovery: null, skippedSteps: [] };
  for (const broker of definition.brokers) {
    const adapter = adapters.find((a) => a.broker === broker);
    if (!adapter) {
      outcomes.push({ broker, status: "skipped", reason: `no local runner for ${broker} yet (local runners: ${adapters.map((a) => a.broker).join(", ")})`, ...none });
      options.onStep?.(`${broker}: skipped, no local runner`);
      continue;
    }
    const missing = adapter.missing();
    if (missing) {
      outcomes.push({ broker, status: "skipped", reason: missing, ...none });
      options.onStep?.(`${broker}: skipped, ${missing}`);
      continue;
    }
    options.onStep?.(`${broker}: ${steps.length} step(s): ${steps.map((s) => `${s.scenario} ${s.rate} msg/s`).join(", ")}`);
    try {
      const run = await adapter.run(steps, { onStep: options.onStep, deleteAfterSeconds: definition.recovery.deleteAfterSeconds });
      outcomes.push({ broker, status: "ran", reason: null, results: run.results, recovery: run.recovery ?? null, skippedSteps: run.skipped });
    } catch (e) {
      outcomes.push({ broker, status: "failed", reason: errorText(e), ...none });
      options.onStep?.(`${broker}: failed: ${errorText(e)}`);
    }
  }
  const runs = brokerRunsOf(outcomes);
  const comparison = runs.length > 0 ? compareBrokers(runs, definition.rates) : [];
  const table = comparison.length > 0 ? `${formatMessagingTable(outcomes)}\n\ncomparison (the stack's \`comparison\` rows):\n${formatComparison(comparison, runs.map((r) => r.broker))}` : formatMessagingTable(outcomes);
  return { steps, outcomes, comparison, table };
}
