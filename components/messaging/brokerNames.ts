/** The brokers phase-08 can deploy and measure; a config lists any non-empty subset. */
export const brokerNames = ["kafka", "rabbitmq", "nats"] as const;
export type BrokerName = (typeof brokerNames)[number];

/** Where the benchmark's producers and consumers reach a broker, and what it holds for them. */
export interface BrokerEndpoint {
  readonly broker: BrokerName;
  /** `host:port` (Kafka bootstrap, AMQP, NATS client). */
  readonly address: string;
  /** The topic, queue or stream the benchmark uses. */
  readonly destination: string;
  /** Copies of each message the broker keeps (replication factor, quorum size, stream replicas). */
  readonly replicas: number;
  /** A Secret with the client's credentials, where the broker has them (RabbitMQ's default user). */
  readonly credentialsSecret?: string;
  /** Kafka only: the topic's partitions (the benchmark's per-step topics get as many). */
  readonly partitions?: number;
}

/** How many broker nodes and copies each profile runs: one on the laptop, three on the hub. */
export function brokerReplicas(profile: "laptop" | "hub"): number {
  return profile === "hub" ? 3 : 1;
}
