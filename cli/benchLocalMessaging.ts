import { cpus, loadavg, totalmem } from "node:os";
import { runLocalMessaging, type LocalMessagingRun } from "../benchmarks/local/localMessaging";
import { parseMessagingDefinition, type MessagingDefinition } from "../benchmarks/messaging/definitions";

/**
 * `lab bench --local messaging`: the command line's values merged into one messaging definition,
 * refused by parseMessagingDefinition (naming the key under "bench --local messaging") before any
 * broker starts, then the local run; the machine is named above the table, since every figure
 * depends on it.
 */

export const benchLocalMessagingWhere = "bench --local messaging";

export interface LocalMessagingCliValues {
  readonly rates?: number[];
  readonly durationSeconds?: number;
  readonly warmupSeconds?: number;
  readonly messageBytes?: number;
  readonly brokers?: string[];
  readonly fanOutConsumers?: number;
  readonly fanOutRate?: number;
  readonly recovery: boolean;
  readonly recoveryRate?: number;
  readonly recoveryDurationSeconds?: number;
  readonly recoveryKillAfterSeconds?: number;
}

/**
 * Defaults for a short run on a small machine: every broker's JVMs (Kafka's four tools per step,
 * PerfTest) start once per step, which on 2 cores is most of a step's time, so the steps are
 * 3 s after 1 s of warm-up and the whole run of every broker stays near three minutes.
 */
export const localMessagingDefaults = {
  rates: [500, 1000],
  durationSeconds: 3,
  warmupSeconds: 1,
  messageBytes: 1024,
  fanOutConsumers: 3,
  fanOutRate: 500,
  recoveryRate: 500,
  recoveryDurationSeconds: 12,
} as const;

/**
 * The definition input the values mean, unchecked: unknown brokers, rates that do not increase, a
 * message of 0 bytes are left for the definition's schema, so they are refused in the same words
 * (and under the same keys) as in a stack's config.
 */
export function localMessagingInput(v: LocalMessagingCliValues): Record<string, unknown> {
  const d = localMessagingDefaults;
  const recoveryDuration = v.recoveryDurationSeconds ?? d.recoveryDurationSeconds;
  return {
    ...(v.brokers ? { brokers: v.brokers } : {}),
    rates: v.rates ?? [...d.rates],
    messageBytes: v.messageBytes ?? d.messageBytes,
    durationSeconds: v.durationSeconds ?? d.durationSeconds,
    warmupSeconds: v.warmupSeconds ?? d.warmupSeconds,
    fanOut: { consumers: v.fanOutConsumers ?? d.fanOutConsumers, rate: v.fanOutRate ?? d.fanOutRate },
    recovery: {
      enabled: v.recovery,
      rate: v.recoveryRate ?? d.recoveryRate,
      durationSeconds: recoveryDuration,
      // A third into the run: time for the producer to reach its rate before, and to recover after.
      deleteAfterSeconds: v.recoveryKillAfterSeconds ?? Math.max(1, Math.floor(recoveryDuration / 3)),
    },
  };
}

export function machineLine(): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")} at the end`;
}

export async function benchLocalMessaging(
  values: LocalMessagingCliValues,
  progress: (line: string) => void,
): Promise<LocalMessagingRun & { definition: MessagingDefinition; machine: string }> {
  const definition = parseMessagingDefinition(localMessagingInput(values), benchLocalMessagingWhere);
  const run = await runLocalMessaging(definition, { onStep: progress });
  const machine = machineLine();
  const d = definition;
  const what = `definition: rates ${d.rates.join(", ")} msg/s, ${d.messageBytes} B CloudEvents, ${d.producers} producer(s), ${d.consumers} consumer(s), ${d.warmupSeconds} s warm-up + ${d.durationSeconds} s; fan-out ${d.fanOut.consumers} consumers at ${d.fanOut.rate} msg/s; recovery ${d.recovery.enabled ? `${d.recovery.rate} msg/s for ${d.recovery.durationSeconds} s, broker killed after ${d.recovery.deleteAfterSeconds} s` : "disabled"}`;
  return { ...run, definition, machine, table: `machine: ${machine}\n${what}\n${run.table}` };
}
