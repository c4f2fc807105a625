import { z } from "zod";
import { brokerNames, brokerReplicas } from "../../../components/messaging/brokerNames";
import { alternativesSchema, phaseBaseConfigSchema } from "../phaseConfig";

const destinationName = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, "a lowercase name like lab-events (letters, digits, hyphens)");

/**
 * phase-08 config: which brokers (any non-empty subset), the destination every broker gets under
 * one name (Kafka topic, RabbitMQ quorum queue, JetStream stream), Kafka's partitions, retention.
 */
export const phase08ConfigSchema = phaseBaseConfigSchema
  .extend({
    brokers: alternativesSchema(brokerNames, "broker"),
    destination: destinationName.default("lab-events"),
    kafka: z.object({ partitions: z.number().int().min(1).max(64).default(3) }).strict().prefault({}),
    retentionHours: z.number().int().min(1).max(24 * 30).default(24),
  })
  .superRefine((c, ctx) => {
    // Kafka's partitions are spread over the brokers; more than 16 per broker only measures contention.
    const brokers = brokerReplicas(c.cluster === "hub" ? "hub" : "laptop");
    if (c.kafka.partitions > brokers * 16) ctx.addIssue({ code: "custom", path: ["kafka", "partitions"], message: `at most ${brokers * 16} (16 per broker; this profile runs ${brokers})` });
  });
export type Phase08Config = z.infer<typeof phase08ConfigSchema>;
