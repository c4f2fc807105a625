import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { addFootprints, type Footprint } from "../../lib/footprint";
import type { SizingProfile } from "../../lib/profileNames";
import { charts } from "../charts";
import { labLabels } from "../core/labels";
import { chartContainerResources, containerResources, footprintOf, type ContainerSize, type SizedByProfile } from "../core/sizing";
import { pinnedRelease } from "../helm/pinnedRelease";
import { serviceConnection } from "../helm/releaseConnection";
import { awaitCondition } from "./awaitCondition";
import { brokerReplicas, type BrokerEndpoint } from "./brokerNames";

export interface StrimziKafkaArgs {
  readonly phase: string;
  readonly profile: SizingProfile;
  readonly namespace: pulumi.Input<string>;
  readonly namespaceName: string;
  readonly storageClass: string;
  readonly topic: string;
  readonly partitions: number;
  readonly retentionHours: number;
}

const sizes: SizedByProfile<{ broker: ContainerSize; operator: ContainerSize; entityOperator: ContainerSize; dataGiB: number; heapMiB: number }> = {
  laptop: { broker: { cpuMillicores: 500, memoryMiB: 1536 }, operator: { cpuMillicores: 100, memoryMiB: 384 }, entityOperator: { cpuMillicores: 50, memoryMiB: 256 }, dataGiB: 10, heapMiB: 768 },
  hub: { broker: { cpuMillicores: 1000, memoryMiB: 3072 }, operator: { cpuMillicores: 200, memoryMiB: 384 }, entityOperator: { cpuMillicores: 100, memoryMiB: 384 }, dataGiB: 50, heapMiB: 1536 },
};

/** The Kafka cluster's name: Strimzi names the bootstrap Service `<name>-kafka-bootstrap`. */
export const kafkaClusterName = "lab-kafka";
/** Plain listener: in-cluster, no TLS (the benchmark measures the broker, not the handshake). */
export const kafkaBootstrap = serviceConnection(`${kafkaClusterName}-kafka-bootstrap`, 9092, "phase-08 Kafka producers and consumers");
/**
 * The broker pods of the `combined` node pool, by the labels Strimzi 1.2.0 gives a pool's pods
 * (cluster-operator model/KafkaPool.java: strimzi.io/name `<cluster>-kafka`, strimzi.io/pool-name
 * the pool): it matches neither the operator nor the entity operator.
 */
export const kafkaBrokerPodSelector = `strimzi.io/cluster=${kafkaClusterName},strimzi.io/name=${kafkaClusterName}-kafka,strimzi.io/kind=Kafka,strimzi.io/pool-name=combined`;
/** Strimzi 1.2.0 supports 4.3.x (CHANGELOG). */
export const kafkaVersion = "4.3.1";

/** One broker may be down and acks=all still succeed: replicas − 1, at least 1. */
export function kafkaMinInSyncReplicas(replicas: number): number {
  return Math.max(1, replicas - 1);
}

export function strimziValues(profile: SizingProfile) {
  // The chart's default carries a CPU limit: chartContainerResources deletes it.
  return { replicas: 1, resources: chartContainerResources(sizes[profile].operator) };
}

/** Kafka in KRaft mode (no ZooKeeper: Strimzi 1.x has none), one node pool of combined controller+broker nodes. */
export class StrimziKafka extends pulumi.ComponentResource {
  public readonly endpoint: BrokerEndpoint;
  public readonly footprint: Footprint;
  /** The brokers alone: what the benchmark's messages are priced by. */
  public readonly brokerFootprint: Footprint;
  /** The broker pods (what a recovery run deletes one of, and what the usage sampler measures). */
  public readonly podSelector = kafkaBrokerPodSelector;

  constructor(name: string, args: StrimziKafkaArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:messaging:StrimziKafka", name, {}, opts);
    const size = sizes[args.profile];
    const replicas = brokerReplicas(args.profile);
    const labels = labLabels(args.phase, "kafka");
    const operator = pinnedRelease("strimzi", { chart: charts.strimzi, namespace: args.namespace, values: strimziValues(args.profile) }, { parent: this });
    const after = { parent: this, dependsOn: [operator] };
    const minInSync = kafkaMinInSyncReplicas(replicas);
    // Strimzi sets `Ready` on the Kafka once every node runs, and on the topic once it exists.
    const clusterReady = awaitCondition("Ready", 15);
    const topicReady = awaitCondition("Ready", 5);
    const pool = new k8s.apiextensions.CustomResource(
      `${name}-pool`,
      {
        apiVersion: "kafka.strimzi.io/v1",
        kind: "KafkaNodePool",
        metadata: { name: "combined", namespace: args.namespace, labels: { ...labels, "strimzi.io/cluster": kafkaClusterName } },
        spec: {
          replicas,
          roles: ["controller", "broker"],
          storage: { type: "jbod", volumes: [{ id: 0, type: "persistent-claim", size: `${size.dataGiB}Gi`, class: args.storageClass, deleteClaim: true, kraftMetadata: "shared" }] },
          resources: containerResources(size.broker),
          jvmOptions: { "-Xms": `${size.heapMiB}m`, "-Xmx": `${size.heapMiB}m` },
        },
      },
      after,
    );
    const cluster = new k8s.apiextensions.CustomResource(
      `${name}-cluster`,
      {
        apiVersion: "kafka.strimzi.io/v1",
        kind: "Kafka",
        metadata: { name: kafkaClusterName, namespace: args.namespace, labels, annotations: clusterReady.annotations },
        spec: {
          kafka: {
            version: kafkaVersion,
            listeners: [{ name: "plain", port: kafkaBootstrap.port!, type: "internal", tls: false }],
            config: {
              "offsets.topic.replication.factor": replicas,
              "transaction.state.log.replication.factor": replicas,
              "transaction.state.log.min.isr": minInSync,
              "default.replication.factor": replicas,
              "min.insync.replicas": minInSync,
            },
          },
          entityOperator: { topicOperator: { resources: containerResources(size.entityOperator) } },
        },
      },
      { parent: this, dependsOn: [operator, pool], customTimeouts: clusterReady.customTimeouts },
    );
    new k8s.apiextensions.CustomResource(
      `${name}-topic`,
      {
        apiVersion: "kafka.strimzi.io/v1",
        kind: "KafkaTopic",
        metadata: { name: args.topic, namespace: args.namespace, labels: { ...labels, "strimzi.io/cluster": kafkaClusterName }, annotations: topicReady.annotations },
        spec: { partitions: args.partitions, replicas, config: { "retention.ms": args.retentionHours * 3_600_000, "min.insync.replicas": minInSync } },
      },
      { parent: this, dependsOn: [cluster], customTimeouts: topicReady.customTimeouts },
    );
    this.endpoint = { broker: "kafka", address: `${kafkaBootstrap.name}.${args.namespaceName}.svc.cluster.local:${kafkaBootstrap.port}`, destination: args.topic, replicas, partitions: args.partitions };
    this.brokerFootprint = footprintOf(size.broker, replicas, size.dataGiB * replicas);
    this.footprint = addFootprints(this.brokerFootprint, footprintOf(size.operator), footprintOf(size.entityOperator));
    this.registerOutputs({ address: this.endpoint.address });
  }
}
