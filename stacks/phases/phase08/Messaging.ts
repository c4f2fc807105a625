import * as pulumi from "@pulumi/pulumi";
import { labNamespace } from "../../../components/core/LabNamespace";
import type { BrokerEndpoint, BrokerName } from "../../../components/messaging/brokerNames";
import { NatsJetStream } from "../../../components/messaging/NatsJetStream";
import { RabbitMqCluster } from "../../../components/messaging/RabbitMqCluster";
import { StrimziKafka } from "../../../components/messaging/StrimziKafka";
import type { Footprint } from "../../../lib/footprint";
import type { SizingProfile } from "../../../lib/profileNames";
import type { Phase08Config } from "./config";

export interface MessagingArgs {
  readonly phase: string;
  readonly profile: SizingProfile;
  readonly storageClass: string;
  readonly config: Phase08Config;
}

const namespaceName = "lab-messaging";

/**
 * Phase 08: Kafka (Strimzi, KRaft), RabbitMQ (Cluster Operator, quorum queue) and NATS JetStream,
 * each holding the same destination for the benchmark, replicated as the profile allows.
 */
export class Messaging extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  public readonly brokers: Partial<Record<BrokerName, BrokerEndpoint>>;
  public readonly footprints: Record<string, Footprint>;

  constructor(name: string, args: MessagingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:phase:Messaging", name, {}, opts);
    const child = { parent: this };
    const namespace = labNamespace(namespaceName, { phase: args.phase, component: "messaging" }, child);
    this.namespace = namespace.metadata.name;
    const placement = { phase: args.phase, profile: args.profile, namespace: this.namespace, namespaceName, storageClass: args.storageClass, retentionHours: args.config.retentionHours };
    const selected = new Set(args.config.brokers);
    const kafka = selected.has("kafka") ? new StrimziKafka("kafka", { ...placement, topic: args.config.destination, partitions: args.config.kafka.partitions }, child) : undefined;
    const rabbitmq = selected.has("rabbitmq") ? new RabbitMqCluster("rabbitmq", { ...placement, queue: args.config.destination }, child) : undefined;
    const nats = selected.has("nats") ? new NatsJetStream("nats", { ...placement, stream: args.config.destination }, child) : undefined;
    this.brokers = { ...(kafka ? { kafka: kafka.endpoint } : {}), ...(rabbitmq ? { rabbitmq: rabbitmq.endpoint } : {}), ...(nats ? { nats: nats.endpoint } : {}) };
    this.footprints = { ...(kafka ? { kafka: kafka.footprint } : {}), ...(rabbitmq ? { rabbitmq: rabbitmq.footprint } : {}), ...(nats ? { nats: nats.footprint } : {}) };
    this.registerOutputs({ brokers: this.brokers });
  }
}
