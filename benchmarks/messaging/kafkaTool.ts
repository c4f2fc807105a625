import { images } from "../../components/charts";
import { kafkaMinInSyncReplicas } from "../../components/messaging/StrimziKafka";
import type { BrokerEndpoint } from "../../components/messaging/brokerNames";
import type { BrokerTool } from "./brokerTool";
import type { KafkaConnection } from "./kafkaInvocation";
import { kafkaImageBin, kafkaJobScript } from "./kafkaJobScript";
import { parseKafkaRecovery, parseKafkaStepLog } from "./kafkaOutput";

/** The Kafka tools' connection from phase-08's endpoint: the step topics copy the lab topic's partitions, replicas and min ISR. */
export function kafkaConnectionOf(endpoint: BrokerEndpoint): KafkaConnection {
  if (endpoint.broker !== "kafka") throw new Error(`kafka tool: expected a kafka endpoint, got ${endpoint.broker}`);
  if (endpoint.partitions === undefined) throw new Error(`kafka tool: the endpoint of ${endpoint.address} has no partitions (StrimziKafka sets them)`);
  return { bootstrap: endpoint.address, destination: endpoint.destination, partitions: endpoint.partitions, replicas: endpoint.replicas, minInSyncReplicas: kafkaMinInSyncReplicas(endpoint.replicas) };
}

/**
 * Apache Kafka's own perf tools as a phase-08 BrokerTool. The producers, the consumer groups and the
 * end-to-end probe run side by side in one container, each a JVM: the requests are sized for that.
 */
export const kafkaTool: BrokerTool = {
  broker: "kafka",
  image: images.kafkaTools,
  runAsUser: 1000,
  resources: { cpuMillicores: 1000, memoryMiB: 2048 },
  jobFiles: (step, endpoint, runId) => ({ "tool.sh": kafkaJobScript(step, kafkaConnectionOf(endpoint), { runId, bin: kafkaImageBin }) }),
  // kafka-run-class.sh writes under LOG_DIR (default /opt/kafka/logs): the root filesystem is read-only, /tmp is an emptyDir.
  env: () => [
    { name: "LOG_DIR", value: "/tmp/kafka-logs" },
    // Each tool is its own JVM: a bounded heap keeps four of them inside the container's memory.
    { name: "KAFKA_HEAP_OPTS", value: "-Xms128m -Xmx384m" },
  ],
  parseStep: (log, step, target) => ({ ...parseKafkaStepLog(log, step), target }),
  parseRecovery: (log, step, target, deletion) => {
    const recovery = parseKafkaRecovery(log, step, deletion);
    return { ...recovery, run: { ...recovery.run, target } };
  },
};
