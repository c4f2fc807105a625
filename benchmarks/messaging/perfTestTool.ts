import { images } from "../../components/charts";
import type { BrokerEndpoint } from "../../components/messaging/brokerNames";
import type { BrokerTool } from "./brokerTool";
import type { PerfTestConnection } from "./perfTestInvocation";
import { perfTestJobScript } from "./perfTestJobScript";
import { parsePerfTestRecovery, parsePerfTestStepLog } from "./perfTestOutput";

/** The RabbitMQ cluster operator's client Service serves the management API beside AMQP. */
export const rabbitmqManagementPort = 15672;
const userEnv = "LAB_RABBITMQ_USER";
const passwordEnv = "LAB_RABBITMQ_PASSWORD";

/** PerfTest's connection from phase-08's endpoint; the credentials stay in the operator's Secret. */
export function perfTestConnectionOf(endpoint: BrokerEndpoint): PerfTestConnection {
  if (endpoint.broker !== "rabbitmq") throw new Error(`perf-test tool: expected a rabbitmq endpoint, got ${endpoint.broker}`);
  const m = /^(.+):(\d+)$/.exec(endpoint.address);
  if (!m) throw new Error(`perf-test tool: endpoint address "${endpoint.address}": expected host:port`);
  return { host: m[1], amqpPort: Number(m[2]), managementPort: rabbitmqManagementPort, vhost: "/", userEnv, passwordEnv };
}

/** RabbitMQ PerfTest as a phase-08 BrokerTool: one JVM, producers and consumers in it. */
export const perfTestTool: BrokerTool = {
  broker: "rabbitmq",
  image: images.perfTest,
  runAsUser: 1000,
  resources: { cpuMillicores: 1000, memoryMiB: 1024 },
  jobFiles: (step, endpoint) => ({ "tool.sh": perfTestJobScript(step, perfTestConnectionOf(endpoint)) }),
  env: (endpoint) => {
    const secret = endpoint.credentialsSecret;
    if (!secret) throw new Error(`perf-test tool: the rabbitmq endpoint ${endpoint.address} names no credentials Secret`);
    const from = (key: string) => ({ secretKeyRef: { name: secret, key } });
    return [
      { name: userEnv, valueFrom: from("username") },
      { name: passwordEnv, valueFrom: from("password") },
    ];
  },
  parseStep: (log, step, target) => parsePerfTestStepLog(log, { step, target }),
  parseRecovery: (log, step, target, deletion) => parsePerfTestRecovery(log, step, deletion, target),
};
