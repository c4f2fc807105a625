import * as pulumi from "@pulumi/pulumi";
import { labNamespace } from "../../../components/core/LabNamespace";
import type { BrokerEndpoint, BrokerName } from "../../../components/messaging/brokerNames";
import { NatsJetStream } from "../../../components/messaging/NatsJetStream";
import { RabbitMqCluster } from "../../../components/messaging/RabbitMqCluster";
import { StrimziKafka } from "../../../components/messaging/StrimziKafka";
import type { Footprint } from "../../../lib/footprint";
import type { SizingProfile } from "../../../lib/profileNames";
import type { UnitPrices } from "../../../finops/unitPrices";
import { phase08MessagingDefinition, type Phase08Config } from "./config";
import { messagingBenchmarks, type BenchmarkedBroker, type MessagingComparison, type MessagingStepReport } from "./messagingBenchmarks";

export interface MessagingArgs {
  readonly phase: string;
  readonly profile: SizingProfile;
  readonly storageClass: string;
  readonly config: Phase08Config;
  readonly kubeconfig: pulumi.Input<string>;
  readonly unitPrices: UnitPrices;
}

const namespaceName = "lab-messaging";

/**
 * Phase 08: Kafka (Strimzi, KRaft), RabbitMQ (Cluster Operator, quorum queue) and NATS JetStream,
 * each holding the same destination for the benchmark, replicated as the profile allows; then the
 * same messaging definition run against each with the broker's own tool, one Job at a time.
 */
export class Messaging extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  public readonly brokers: Partial<Record<BrokerName, BrokerEndpoint>>;
  public readonly footprints: Record<string, Footprint>;
  /** Per broker, each step's outcome (with its cost) and what the broker pods used meanwhile. */
  public readonly benchmarks: pulumi.Output<Partial<Record<BrokerName, MessagingStepReport[]>>>;
  public readonly comparison: pulumi.Output<MessagingComparison>;

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
    const deployed = [kafka, rabbitmq, nats].filter((b): b is NonNullable<typeof b> => b !== undefined);
    const measured: BenchmarkedBroker[] = deployed.map((b) => ({ endpoint: b.endpoint, podSelector: b.podSelector, brokerFootprint: b.brokerFootprint }));
    const { benchmarks, comparison } = messagingBenchmarks(
      {
        phase: args.phase,
        namespace: this.namespace,
        kubeconfig: args.kubeconfig,
        runId: args.config.benchmark.runId,
        definition: phase08MessagingDefinition(args.config),
        brokers: measured,
        retentionHours: args.config.retentionHours,
        unitPrices: args.unitPrices,
        after: deployed,
      },
      this,
    );
    this.benchmarks = benchmarks;
    this.comparison = comparison;
    this.registerOutputs({ brokers: this.brokers, benchmarks, comparison });
  }
}
