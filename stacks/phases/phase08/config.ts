import { z } from "zod";
import { messagingDefinitionSchema, type MessagingDefinition } from "../../../benchmarks/messaging/definitions";
import { brokerNames, brokerReplicas } from "../../../components/messaging/brokerNames";
import { expectation } from "../../../lib/configErrors";
import { alternativesSchema, benchmarkRunIdSchema, phaseBaseConfigSchema } from "../phaseConfig";

const destinationName = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, "a lowercase name like lab-events (letters, digits, hyphens)");

/**
 * phase-08 config: which brokers (any non-empty subset), the destination every broker gets under
 * one name (Kafka topic, RabbitMQ quorum queue, JetStream stream), Kafka's partitions, retention.
 * `benchmark` re-runs only when its `runId` changes: `messaging` is the messaging definition
 * (benchmarks/messaging/definitions.ts: rates, message size, producers, consumers, fan-out,
 * recovery) run against every deployed broker, one after another; its brokers are the phase's.
 */
export const phase08ConfigSchema = phaseBaseConfigSchema
  .extend({
    brokers: alternativesSchema(brokerNames, "broker"),
    destination: destinationName.default("lab-events"),
    kafka: z.object({ partitions: z.number().int().min(1).max(64).default(3) }).strict().prefault({}),
    retentionHours: z.number().int().min(1).max(24 * 30).default(24),
    benchmark: z
      .object({
        runId: benchmarkRunIdSchema.default("1"),
        messaging: z.record(z.string(), z.unknown()).default({}),
      })
      .strict()
      .prefault({}),
  })
  .superRefine((c, ctx) => {
    // Kafka's partitions are spread over the brokers; more than 16 per broker only measures contention.
    const brokers = brokerReplicas(c.cluster === "hub" ? "hub" : "laptop");
    if (c.kafka.partitions > brokers * 16) ctx.addIssue({ code: "custom", path: ["kafka", "partitions"], message: `at most ${brokers * 16} (16 per broker; this profile runs ${brokers})` });
    if ("brokers" in c.benchmark.messaging) ctx.addIssue({ code: "custom", path: ["benchmark", "messaging", "brokers"], message: "not set here: the phase's lab:brokers decides it" });
    const parsed = messagingDefinitionSchema.safeParse(messagingInput(c));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: ["benchmark", "messaging", ...issue.path.map(String)], message: expectation(issue) });
    }
  });
export type Phase08Config = z.infer<typeof phase08ConfigSchema>;

function messagingInput(c: Pick<Phase08Config, "brokers" | "benchmark">) {
  return { ...c.benchmark.messaging, brokers: c.brokers };
}

/** The messaging definition the phase runs: the config's, with the phase's brokers. */
export function phase08MessagingDefinition(c: Phase08Config): MessagingDefinition {
  return messagingDefinitionSchema.parse(messagingInput(c));
}
