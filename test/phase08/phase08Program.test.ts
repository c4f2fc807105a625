import { checkKubernetesObject, isKubernetesObject } from "../../cli/plan/kubernetesSchemas";
import type { RecordedResource } from "../../cli/plan/recordingMocks";
import { declareQuorumQueueScript, quorumQueueDefinition } from "../../components/messaging/RabbitMqCluster";
import { streamSetupScript } from "../../components/messaging/NatsJetStream";
import { phase08ContractSchema } from "../../stacks/phases/phase08/contract";
import { inputAt, only, runStack, type CollectedRun } from "../helpers/stackRun";

/** phase-08's program under mocks (ladder step 2): the brokers and their destinations. */

const releaseType = "kubernetes:helm.sh/v3:Release";
const runPhase08 = (overrides: Record<string, string> = {}) => runStack("phase-08", { overrides });

function ok(run: CollectedRun): readonly RecordedResource[] {
  if (run.error) throw run.error;
  return run.resources;
}
const custom = (resources: readonly RecordedResource[], kind: string) => resources.filter((r) => r.type.endsWith(`:${kind}`));

describe("phase-08 on kind (committed stack config)", () => {
  let run: CollectedRun;
  let resources: readonly RecordedResource[];
  beforeAll(async () => {
    run = await runPhase08();
    resources = ok(run);
  });

  test("Kafka in KRaft mode: one combined controller+broker pool of one node, replication 1, the topic on it", () => {
    const [pool] = custom(resources, "KafkaNodePool");
    expect(inputAt(pool, "spec.roles")).toEqual(["controller", "broker"]);
    expect(inputAt(pool, "spec.replicas")).toBe(1);
    expect(inputAt(pool, "metadata.labels")["strimzi.io/cluster"]).toBe("lab-kafka");
    expect(inputAt(pool, "spec.storage.volumes.0")).toMatchObject({ type: "persistent-claim", size: "10Gi", class: "standard", kraftMetadata: "shared" });
    const [kafka] = custom(resources, "Kafka");
    expect(inputAt(kafka, "spec.kafka.listeners")).toEqual([{ name: "plain", port: 9092, type: "internal", tls: false }]);
    expect(inputAt(kafka, "spec.kafka.config")).toMatchObject({ "default.replication.factor": 1, "min.insync.replicas": 1, "offsets.topic.replication.factor": 1 });
    const [topic] = custom(resources, "KafkaTopic");
    expect(inputAt(topic, "metadata.name")).toBe("lab-events");
    expect(inputAt(topic, "spec")).toEqual({ partitions: 3, replicas: 1, config: { "retention.ms": 86_400_000, "min.insync.replicas": 1 } });
    expect(kafka.dependencies).toContain(pool.urn);
    expect(topic.dependencies).toContain(kafka.urn);
  });

  test("RabbitMQ: the operator from its pinned release asset, a one-node cluster, the quorum queue declared by a Job reading the operator's Secret", () => {
    const operator = only(resources, "kubernetes:yaml/v2:ConfigFile", "rabbitmq-operator");
    expect(inputAt(operator, "file")).toBe("https://github.com/rabbitmq/cluster-operator/releases/download/v2.22.3/cluster-operator.yml");
    const [cluster] = custom(resources, "RabbitmqCluster");
    expect(inputAt(cluster, "spec")).toMatchObject({ replicas: 1, image: "rabbitmq:4.2.6-management", persistence: { storageClassName: "standard", storage: "10Gi" } });
    const job = only(resources, "kubernetes:batch/v1:Job", "rabbitmq-queue");
    const container = inputAt(job, "spec.template.spec.containers.0");
    expect(container.env).toEqual([
      { name: "RABBITMQ_USER", valueFrom: { secretKeyRef: { name: "lab-rabbitmq-default-user", key: "username" } } },
      { name: "RABBITMQ_PASSWORD", valueFrom: { secretKeyRef: { name: "lab-rabbitmq-default-user", key: "password" } } },
      { name: "QUEUE", value: JSON.stringify({ durable: true, auto_delete: false, arguments: { "x-queue-type": "quorum", "x-message-ttl": 86_400_000 } }) },
    ]);
    expect(container.command[2]).toContain("http://lab-rabbitmq.lab-messaging.svc.cluster.local:15672/api/queues/%2F/lab-events");
    expect(job.dependencies).toContain(cluster.urn);
  });

  test("NATS: JetStream on a file store, one unclustered server on the laptop, the stream set up by a Job", () => {
    const values = inputAt(only(resources, releaseType, "nats"), "values");
    expect(values.config).toEqual({ cluster: { enabled: false, replicas: 1 }, jetstream: { enabled: true, fileStore: { pvc: { size: "10Gi", storageClassName: "standard" } } } });
    expect(values.natsBox).toEqual({ enabled: false });
    const job = only(resources, "kubernetes:batch/v1:Job", "nats-stream");
    const script = inputAt(job, "spec.template.spec.containers.0.command.2") as string;
    expect(script).toContain("export NATS_URL=nats://nats.lab-messaging.svc.cluster.local:4222");
    expect(script).toContain("nats stream add lab-events --subjects 'lab-events.>' --replicas 1 --retention limits --discard old --max-age 24h --storage file --defaults");
  });

  test("the outputs name each broker's address, destination and copies; the contract holds", () => {
    expect(run.outputs.brokers).toEqual({
      kafka: { broker: "kafka", address: "lab-kafka-kafka-bootstrap.lab-messaging.svc.cluster.local:9092", destination: "lab-events", replicas: 1, partitions: 3 },
      rabbitmq: { broker: "rabbitmq", address: "lab-rabbitmq.lab-messaging.svc.cluster.local:5672", destination: "lab-events", replicas: 1, credentialsSecret: "lab-rabbitmq-default-user" },
      nats: { broker: "nats", address: "nats.lab-messaging.svc.cluster.local:4222", destination: "lab-events", replicas: 1 },
    });
    const exported = Object.fromEntries(Object.keys(phase08ContractSchema.shape).map((k) => [k, run.outputs[k]]));
    expect(() => phase08ContractSchema.parse(exported)).not.toThrow();
  });

  test("every object the lab writes is schema-valid, the Strimzi and RabbitMQ resources against their CRDs", () => {
    const checks = resources.filter(isKubernetesObject).map(checkKubernetesObject);
    expect(checks.filter((c) => c.violations.length > 0)).toEqual([]);
    expect(checks.filter((c) => c.status === "no-schema")).toEqual([]);
    expect(checks.filter((c) => c.status === "validated-by-crd-schema").map((c) => c.kind).sort()).toEqual(["Kafka", "KafkaNodePool", "KafkaTopic", "RabbitmqCluster"]);
  });

  test("Pulumi waits for the operators' own readiness conditions: a broker that never becomes ready fails the up on its resource", () => {
    const waitFor = (kind: string) => inputAt(custom(resources, kind)[0], "metadata.annotations")?.["pulumi.com/waitFor"];
    expect(waitFor("Kafka")).toBe("condition=Ready");
    expect(waitFor("KafkaTopic")).toBe("condition=Ready");
    expect(waitFor("RabbitmqCluster")).toBe("condition=AllReplicasReady");
  });

  test("no CPU limit: Strimzi's chart default deleted", () => {
    expect(inputAt(only(resources, releaseType, "strimzi"), "values.resources.limits")).toEqual({ cpu: null, memory: "768Mi" });
  });

  test("cost: each broker in the run-rate", () => {
    const cost = run.outputs.cost as { components: Array<{ name: string; monthly: { total: number } }> };
    expect(cost.components.map((c) => c.name).sort()).toEqual(["kafka", "nats", "rabbitmq"]);
    for (const c of cost.components) expect(c.monthly.total).toBeGreaterThan(0);
  });
});

describe("phase-08 variants", () => {
  test("the hub: three nodes each, replication 3 with two in sync, clustered JetStream with three stream replicas", async () => {
    const resources = ok(await runPhase08({ "lab:cluster": "hub" }));
    expect(inputAt(custom(resources, "KafkaNodePool")[0], "spec.replicas")).toBe(3);
    expect(inputAt(custom(resources, "Kafka")[0], "spec.kafka.config")).toMatchObject({ "default.replication.factor": 3, "min.insync.replicas": 2 });
    expect(inputAt(custom(resources, "RabbitmqCluster")[0], "spec.replicas")).toBe(3);
    expect(inputAt(only(resources, releaseType, "nats"), "values.config.cluster")).toEqual({ enabled: true, replicas: 3 });
    expect(inputAt(only(resources, "kubernetes:batch/v1:Job", "nats-stream"), "spec.template.spec.containers.0.command.2")).toContain("--replicas 3");
  });

  test("a subset deploys only those brokers", async () => {
    const run = await runPhase08({ "lab:brokers": JSON.stringify(["nats"]) });
    const resources = ok(run);
    expect(custom(resources, "Kafka")).toEqual([]);
    expect(custom(resources, "RabbitmqCluster")).toEqual([]);
    expect(Object.keys(run.outputs.brokers as object)).toEqual(["nats"]);
  });

  test.each([
    ["an unknown broker", { "lab:brokers": JSON.stringify(["kafka", "pulsar"]) }, 'lab:brokers.1: got "pulsar", expected one of "kafka", "rabbitmq", "nats"'],
    ["no broker", { "lab:brokers": "[]" }, "lab:brokers: got [], expected at least 1 item"],
    ["a broker twice", { "lab:brokers": JSON.stringify(["nats", "nats"]) }, 'lab:brokers.1: got "nats", expected each broker once'],
    ["more partitions than the laptop's broker holds", { "lab:kafka": JSON.stringify({ partitions: 32 }) }, "lab:kafka.partitions: got 32, expected at most 16 (16 per broker; this profile runs 1)"],
    ["a destination that is not a name", { "lab:destination": "Lab Events" }, 'lab:destination: got "Lab Events", expected a lowercase name like lab-events'],
    ["a retention of zero", { "lab:retentionHours": "0" }, "lab:retentionHours: got 0"],
  ])("config error (%s) names the key and registers nothing but the stack", async (_what, overrides, message) => {
    const run = await runPhase08(overrides);
    expect(run.error?.message).toContain(message);
    expect(run.resources.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack"]);
  });
});

describe("setup scripts", () => {
  test("the queue script PUTs the definition from the environment and accepts only created or unchanged", () => {
    const script = declareQuorumQueueScript("rabbit.example:1", "lab events");
    expect(script).toContain('url="http://rabbit.example:1:15672/api/queues/%2F/lab%20events"');
    expect(script).toContain('--data-binary "$QUEUE"');
    expect(script).toContain('[ "$code" = 201 ] || [ "$code" = 204 ]');
    expect(script).not.toMatch(/password=|:guest/);
    expect(quorumQueueDefinition(2).arguments["x-message-ttl"]).toBe(7_200_000);
  });

  test("the stream script edits an existing stream to the same definition instead of failing on it", () => {
    const script = streamSetupScript("n:4222", "s", 3, 6);
    expect(script).toContain("if nats stream info s >/dev/null 2>&1; then nats stream edit s --subjects 's.>' --replicas 3 --retention limits --discard old --max-age 6h --force; else nats stream add s");
  });
});
