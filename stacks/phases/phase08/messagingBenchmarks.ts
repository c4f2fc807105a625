import * as pulumi from "@pulumi/pulumi";
import type { BenchmarkOutcome } from "../../../benchmarks/job/outcome";
import { brokerToolFor } from "../../../benchmarks/messaging/brokerTools";
import { compareBrokers, type BrokerRun } from "../../../benchmarks/messaging/comparison";
import { messagingSteps, type MessagingDefinition, type MessagingStep } from "../../../benchmarks/messaging/definitions";
import { messagingDeadlineSeconds, MessagingBenchmarkJob } from "../../../benchmarks/messaging/MessagingBenchmarkJob";
import { PodUsageSampler } from "../../../benchmarks/usage/PodUsageSampler";
import type { PodUsage } from "../../../benchmarks/usage/podUsage";
import type { BrokerEndpoint, BrokerName } from "../../../components/messaging/brokerNames";
import type { ComparisonRow } from "../../../benchmarks/figureComparison";
import { withMessagingCost } from "../../../finops/messagingCost";
import type { UnitPrices } from "../../../finops/unitPrices";
import type { Footprint } from "../../../lib/footprint";

/** A deployed broker as the benchmarks need it: where it is, its pods, what they request. */
export interface BenchmarkedBroker {
  readonly endpoint: BrokerEndpoint;
  readonly podSelector: string;
  readonly brokerFootprint: Footprint;
}

/** One step's outcome with what the broker pods used meanwhile. */
export interface MessagingStepReport {
  readonly step: MessagingStep;
  readonly outcome: BenchmarkOutcome;
  readonly brokerUsage?: PodUsage;
}

export interface MessagingComparison {
  readonly rows: ComparisonRow[];
  /** Brokers or steps left out, each with its reason (a failed step, no figures). */
  readonly missing: string[];
}

export interface MessagingBenchmarksArgs {
  readonly phase: string;
  readonly namespace: pulumi.Input<string>;
  readonly kubeconfig: pulumi.Input<string>;
  readonly runId: string;
  readonly definition: MessagingDefinition;
  readonly brokers: readonly BenchmarkedBroker[];
  readonly retentionHours: number;
  readonly unitPrices: UnitPrices;
  /** The brokers and their destinations: the first Job waits for them. */
  readonly after: pulumi.Input<pulumi.Resource>[];
}

/** A step's Job name: broker, scenario and rate (the run id is appended by jobName). */
export const messagingJobName = (broker: BrokerName, step: MessagingStep) => `messaging-${broker}-${step.scenario}-${step.rate}`;

/**
 * Each broker's step outcomes joined to their cost and lined up; pure, so it is tested on outcomes
 * parsed from real logs without mocks. A step that lost acknowledged messages is `failed` in its
 * outcome and stays in `benchmarks` with its figures; it is never averaged into the comparison.
 */
export function joinMessagingBenchmarks(
  runs: readonly { broker: BenchmarkedBroker; steps: readonly MessagingStepReport[] }[],
  args: { definition: MessagingDefinition; retentionHours: number; unitPrices: UnitPrices },
): { benchmarks: Partial<Record<BrokerName, MessagingStepReport[]>>; comparison: MessagingComparison } {
  const benchmarks: Partial<Record<BrokerName, MessagingStepReport[]>> = {};
  const compared: BrokerRun[] = [];
  const missing: string[] = [];
  for (const { broker, steps } of runs) {
    const name = broker.endpoint.broker;
    const costed = steps.map((s): MessagingStepReport => {
      const cost = (result: NonNullable<BenchmarkOutcome["messaging"]>) =>
        withMessagingCost({ result, requested: broker.brokerFootprint, usage: s.brokerUsage, replicas: broker.endpoint.replicas, retentionHours: args.retentionHours, unitPrices: args.unitPrices });
      const messaging = s.outcome.messaging ? cost(s.outcome.messaging) : undefined;
      const recovery = s.outcome.recovery && messaging ? { ...s.outcome.recovery, run: messaging } : s.outcome.recovery;
      return { ...s, outcome: { ...s.outcome, ...(messaging ? { messaging } : {}), ...(recovery ? { recovery } : {}) } };
    });
    benchmarks[name] = costed;
    const passed = (scenario: MessagingStep["scenario"]) => costed.filter((s) => s.step.scenario === scenario && s.outcome.status === "passed" && s.outcome.messaging);
    for (const s of costed.filter((s) => s.outcome.status !== "passed")) missing.push(`${name} ${s.step.scenario} ${s.step.rate} msg/s: ${s.outcome.reason ?? s.outcome.status}`);
    const throughput = passed("throughput").map((s) => s.outcome.messaging!);
    if (throughput.length === 0) {
      missing.push(`${name}: no throughput step passed, left out of the comparison`);
      continue;
    }
    compared.push({ broker: name, throughput, fanOut: passed("fan-out")[0]?.outcome.messaging, recovery: passed("recovery")[0]?.outcome.recovery });
  }
  return { benchmarks, comparison: { rows: compared.length > 0 ? compareBrokers(compared, args.definition.rates) : [], missing } };
}

/**
 * The messaging benchmarks as Jobs, one at a time over all brokers so no broker is measured while
 * another is loaded: per broker the rate sweep, the fan-out and the recovery run, each Job with a
 * usage sampler on that broker's pods beside it (the cost's max(request, usage)); the recovery
 * Job's pod deleter removes one of those pods mid-run.
 */
export function messagingBenchmarks(args: MessagingBenchmarksArgs, parent: pulumi.Resource) {
  let previous: pulumi.Input<pulumi.Resource>[] = args.after;
  const steps = messagingSteps(args.definition);
  const runs = args.brokers.map((broker) => {
    const tool = brokerToolFor(broker.endpoint.broker);
    const reports = steps.map((step) => {
      const name = messagingJobName(broker.endpoint.broker, step);
      const job = new MessagingBenchmarkJob(
        name,
        {
          phase: args.phase,
          tool,
          step,
          endpoint: broker.endpoint,
          namespace: args.namespace,
          kubeconfig: args.kubeconfig,
          runId: args.runId,
          target: `${broker.endpoint.broker} ${broker.endpoint.address} ${broker.endpoint.destination}`,
          ...(step.scenario === "recovery" ? { recovery: { brokerSelector: broker.podSelector, deleteAfterSeconds: args.definition.recovery.deleteAfterSeconds } } : {}),
          after: previous,
        },
        { parent },
      );
      const usage = new PodUsageSampler(
        `usage-${name}`,
        {
          kubeconfig: args.kubeconfig,
          jobNamespace: args.namespace,
          jobName: job.jobName,
          targetNamespace: args.namespace,
          targetSelector: broker.podSelector,
          timing: { warmupSeconds: step.warmupSeconds, intervalSeconds: 2, deadlineSeconds: messagingDeadlineSeconds(step) },
          after: previous,
        },
        { parent },
      ).usage;
      // Never two Jobs at once: the next waits for this one.
      previous = [job.job];
      return pulumi.all([job.outcome, usage]).apply(([outcome, brokerUsage]): MessagingStepReport => ({ step, outcome, brokerUsage }));
    });
    return pulumi.all(reports).apply((r) => ({ broker, steps: r }));
  });
  const joined = pulumi.all(runs).apply((r) => joinMessagingBenchmarks(r, args));
  return { benchmarks: joined.apply((j) => j.benchmarks), comparison: joined.apply((j) => j.comparison) };
}
