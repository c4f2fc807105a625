import { existsSync } from "node:fs";
import type { MessagingBroker, MessagingStepResult, RecoveryResult } from "../../lib/messagingResult";
import type { MessagingStep } from "../messaging/definitions";
import { localKafkaMissing } from "./localKafka";
import { runLocalKafka } from "./localKafkaBench";
import { rabbitMqServerScript } from "./localRabbitMq";
import { natsBenchMissing, runLocalNatsBench } from "./localNatsBench";
import { perfTestMissing, runLocalPerfTest } from "./localRabbitMqBench";
import { findTool } from "./tools";

/**
 * The brokers `lab bench --local messaging` can start on loopback, one adapter each, so that the
 * runner (localMessaging.ts) treats every broker the same way and a new broker is one more entry in `localBrokerAdapters`. Each adapter wraps that broker's
 * own local runner, whose results already come from the cluster Job's script and parser; the
 * adapter only reshapes them into one `LocalBrokerRun`.
 */

export interface LocalBrokerRun {
  readonly results: MessagingStepResult[];
  /** The recovery step's outcome, where the broker's local runner can run one. */
  readonly recovery?: RecoveryResult;
  /** Steps the broker's runner left out, and why (e.g. recovery on a one-node RabbitMQ). */
  readonly skipped: Array<{ step: MessagingStep; reason: string }>;
}

export interface LocalBrokerRunOptions {
  readonly onStep?: (line: string) => void;
  /** The recovery step's kill, from the producers' start (the definition's recovery.deleteAfterSeconds). */
  readonly deleteAfterSeconds?: number;
}

export interface LocalBrokerAdapter {
  readonly broker: MessagingBroker;
  /** Why it cannot run on this machine (a tool not installed), or null. Checked before anything starts. */
  missing(): string | null;
  run(steps: readonly MessagingStep[], options: LocalBrokerRunOptions): Promise<LocalBrokerRun>;
}

const javaMissing = () => (findTool("java") ? null : "java not found (Debian openjdk-17-jre-headless)");

export const kafkaAdapter: LocalBrokerAdapter = {
  broker: "kafka",
  missing: () => javaMissing() ?? localKafkaMissing(),
  async run(steps, options) {
    // runLocalKafka hands the recovery outcome to a callback and its run to the results.
    let recovery: RecoveryResult | undefined;
    const results = await runLocalKafka(steps, { onStep: options.onStep, deleteAfterSeconds: options.deleteAfterSeconds, onRecovery: (r) => void (recovery = r) });
    return { results, recovery, skipped: [] };
  },
};

export const rabbitMqAdapter: LocalBrokerAdapter = {
  broker: "rabbitmq",
  missing: () => javaMissing() ?? (existsSync(rabbitMqServerScript) ? null : `${rabbitMqServerScript} not found (Debian package rabbitmq-server)`) ?? perfTestMissing(),
  run: (steps, options) => runLocalPerfTest(steps, { onStep: options.onStep }),
};

export const natsAdapter: LocalBrokerAdapter = {
  broker: "nats",
  missing: natsBenchMissing,
  async run(steps, options) {
    const run = await runLocalNatsBench(steps, { onStep: options.onStep, recoveryKillAfterSeconds: options.deleteAfterSeconds });
    // One recovery step per definition: its result, if it ran.
    return { results: run.results, recovery: run.recovery[0], skipped: [] };
  },
};

/** Every broker with a local runner; a broker in a definition without one is reported as skipped. */
export const localBrokerAdapters: readonly LocalBrokerAdapter[] = [kafkaAdapter, rabbitMqAdapter, natsAdapter];
