import { z } from "zod";
import { defineContract } from "../../stackContract";

const endpoint = z.object({ address: z.string(), destination: z.string(), replicas: z.number().int().min(1), credentialsSecret: z.string().optional(), partitions: z.number().int().min(1).optional() });

/** What later phases (the phase-10 capstone) read from phase-08: where each broker is and what it holds. */
export const phase08ContractSchema = z.object({
  namespace: z.string(),
  brokers: z.object({ kafka: endpoint.optional(), rabbitmq: endpoint.optional(), nats: endpoint.optional() }),
});
export type Phase08Outputs = z.infer<typeof phase08ContractSchema>;

export const phase08Contract = defineContract({
  stack: "phase-08",
  schema: phase08ContractSchema,
  secretKeys: [],
  planSample: {
    namespace: "lab-messaging",
    brokers: {
      kafka: { address: "lab-kafka-kafka-bootstrap.lab-messaging.svc.cluster.local:9092", destination: "lab-events", replicas: 1, partitions: 3 },
      rabbitmq: { address: "lab-rabbitmq.lab-messaging.svc.cluster.local:5672", destination: "lab-events", replicas: 1, credentialsSecret: "lab-rabbitmq-default-user" },
      nats: { address: "nats.lab-messaging.svc.cluster.local:4222", destination: "lab-events", replicas: 1 },
    },
  },
});
