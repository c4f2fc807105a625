import { z } from "zod";
import { parseOrExplain } from "../../lib/configErrors";
import { messagingBrokerSchema } from "../../lib/messagingResult";
import { cloudEventMinimumBytes } from "./cloudEvent";

/**
 * phase-08's messaging benchmarks, shared by the cluster Jobs and `lab bench --local messaging`
 * (one definition, two places it runs). Every broker gets the same steps, the same message bytes
 * (one CloudEvents envelope) and the same producer and consumer counts.
 */

const positiveInt = z.number().int().min(1);
const rate = positiveInt.max(1_000_000).describe("msg/s");

export const messagingDefinitionSchema = z
  .object({
    brokers: z.array(messagingBrokerSchema).min(1).default(["kafka", "rabbitmq", "nats"]),
    /** Publish rates over all producers, open model; each a step, measured one after another. */
    rates: z.array(rate).min(1).default([1000, 5000, 10000, 20000]),
    /** Bytes of one message: the CloudEvents envelope padded to this size. */
    messageBytes: positiveInt.max(1_048_576).default(1024).describe("bytes"),
    producers: positiveInt.max(64).default(1),
    consumers: positiveInt.max(64).default(1),
    durationSeconds: positiveInt.max(3600).default(30).describe("s"),
    /** Publishing before the measured run (connections, JIT, page cache); not reported. */
    warmupSeconds: z.number().int().min(0).max(600).default(5).describe("s"),
    /** The same publish rate read by this many consumers, each receiving every message. */
    fanOut: z.object({ consumers: positiveInt.max(64).default(3), rate: rate.default(1000) }).strict().prefault({}),
    /** One broker pod deleted during a run at this rate; skipped where a broker runs one pod and `enabled` is false. */
    recovery: z
      .object({
        enabled: z.boolean().default(true),
        rate: rate.default(500),
        durationSeconds: positiveInt.max(3600).default(90).describe("s"),
        /** When the pod is deleted, from the run's start. */
        deleteAfterSeconds: positiveInt.default(20).describe("s"),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((d, ctx) => {
    d.rates.forEach((r, i) => {
      if (i > 0 && r <= d.rates[i - 1]) ctx.addIssue({ code: "custom", path: ["rates", i], message: `greater than the step before (${d.rates[i - 1]} msg/s): a sweep increases` });
    });
    if (d.messageBytes < cloudEventMinimumBytes) {
      ctx.addIssue({ code: "custom", path: ["messageBytes"], message: `≥ ${cloudEventMinimumBytes} bytes (the CloudEvents envelope without data)` });
    }
    if (d.recovery.deleteAfterSeconds >= d.recovery.durationSeconds) {
      ctx.addIssue({ code: "custom", path: ["recovery", "deleteAfterSeconds"], message: `< recovery.durationSeconds (${d.recovery.durationSeconds} s): the pod is deleted during the run` });
    }
  });
export type MessagingDefinitionInput = z.input<typeof messagingDefinitionSchema>;
export type MessagingDefinition = z.output<typeof messagingDefinitionSchema>;

/** One run of a broker's tools: what every tool's invocation is built from. */
export interface MessagingStep {
  readonly scenario: "throughput" | "fan-out" | "recovery";
  readonly rate: number;
  readonly messageBytes: number;
  readonly producers: number;
  readonly consumers: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
}

/** The runs a definition asks for, in order: the sweep, the fan-out, then (if enabled) recovery. */
export function messagingSteps(d: MessagingDefinition): MessagingStep[] {
  const common = { messageBytes: d.messageBytes, producers: d.producers, warmupSeconds: d.warmupSeconds };
  return [
    ...d.rates.map((rate) => ({ ...common, scenario: "throughput" as const, rate, consumers: d.consumers, durationSeconds: d.durationSeconds })),
    { ...common, scenario: "fan-out" as const, rate: d.fanOut.rate, consumers: d.fanOut.consumers, durationSeconds: d.durationSeconds },
    ...(d.recovery.enabled ? [{ ...common, scenario: "recovery" as const, rate: d.recovery.rate, consumers: d.consumers, durationSeconds: d.recovery.durationSeconds, warmupSeconds: 0 }] : []),
  ];
}

/** Refused with every problem named under `where`, before anything runs. */
export function parseMessagingDefinition(input: unknown, where = "benchmark.messaging"): MessagingDefinition {
  return parseOrExplain(messagingDefinitionSchema, input, where);
}
