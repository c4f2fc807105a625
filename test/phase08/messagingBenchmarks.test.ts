import { readFileSync } from "node:fs";
import { join } from "node:path";
import { brokerToolFor } from "../../benchmarks/messaging/brokerTools";
import { parseMessagingDefinition, type MessagingStep } from "../../benchmarks/messaging/definitions";
import { messagingStepMarker, parseMessagingJobLog } from "../../benchmarks/messaging/jobLog";
import { kafkaBrokerPodSelector } from "../../components/messaging/StrimziKafka";
import { rabbitmqPodSelector } from "../../components/messaging/RabbitMqCluster";
import { natsServerPodSelector } from "../../components/messaging/NatsJetStream";
import { messagingCost } from "../../finops/messagingCost";
import { resolvePricing } from "../../finops/resolvePricing";
import { joinMessagingBenchmarks, type BenchmarkedBroker } from "../../stacks/phases/phase08/messagingBenchmarks";
import { inputAt, runStack } from "../helpers/stackRun";

/** phase-08's benchmark wiring: the Jobs under mocks, and the join on outcomes parsed from real captured logs. */

const jobType = "kubernetes:batch/v1:Job";
const commandType = "command:local:Command";
const smallRun = { rates: [1000, 2000], durationSeconds: 10, warmupSeconds: 2, fanOut: { consumers: 2, rate: 1000 }, recovery: { rate: 500, durationSeconds: 30, deleteAfterSeconds: 10 } };

describe("phase-08 benchmark Jobs under mocks", () => {
  test("per broker the sweep, the fan-out and the recovery run, one Job at a time over all brokers, each with a usage sampler on that broker's pods", async () => {
    const run = await runStack("phase-08", { overrides: { "lab:brokers": JSON.stringify(["kafka", "rabbitmq"]), "lab:benchmark": JSON.stringify({ runId: "r1", messaging: smallRun }) } });
    if (run.error) throw run.error;
    const jobs = run.resources.filter((r) => r.type === jobType && r.name.startsWith("messaging-"));
    expect(jobs.map((j) => j.name)).toEqual([
      "messaging-kafka-throughput-1000",
      "messaging-kafka-throughput-2000",
      "messaging-kafka-fan-out-1000",
      "messaging-kafka-recovery-500",
      "messaging-rabbitmq-throughput-1000",
      "messaging-rabbitmq-throughput-2000",
      "messaging-rabbitmq-fan-out-1000",
      "messaging-rabbitmq-recovery-500",
    ]);
    for (let i = 1; i < jobs.length; i++) expect(jobs[i].dependencies).toContain(jobs[i - 1].urn);
    expect(inputAt(jobs[0], "metadata.name")).toBe("messaging-kafka-throughput-1000-r1");
    expect(inputAt(jobs[0], "spec.backoffLimit")).toBe(0);
    const kafkaPod = inputAt(jobs[0], "spec.template.spec");
    expect(kafkaPod.containers[0].image).toBe("apache/kafka:4.3.1");
    expect(kafkaPod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    const rabbitPod = inputAt(jobs[4], "spec.template.spec");
    expect(rabbitPod.containers[0].image).toBe("pivotalrabbitmq/perf-test:2.22.1");
    expect(rabbitPod.containers[0].env).toContainEqual({ name: "LAB_RABBITMQ_PASSWORD", valueFrom: { secretKeyRef: { name: "lab-rabbitmq-default-user", key: "password" } } });

    const commands = run.resources.filter((r) => r.type === commandType);
    const samplers = commands.filter((c) => c.name.startsWith("usage-messaging-"));
    expect(samplers).toHaveLength(8);
    expect(inputAt(samplers[0], "environment")).toMatchObject({ JOB_NAME: "messaging-kafka-throughput-1000-r1", TARGET_SELECTOR: kafkaBrokerPodSelector });
    expect(inputAt(samplers[4], "environment")).toMatchObject({ TARGET_SELECTOR: rabbitmqPodSelector });
    // Only the recovery runs delete a pod, of their own broker, 10 s in.
    const deleters = commands.filter((c) => c.name.endsWith("-delete-broker-pod"));
    expect(deleters.map((d) => d.name)).toEqual(["messaging-kafka-recovery-500-delete-broker-pod", "messaging-rabbitmq-recovery-500-delete-broker-pod"]);
    expect(inputAt(deleters[0], "environment")).toMatchObject({ BROKER_SELECTOR: kafkaBrokerPodSelector, JOB_NAME: "messaging-kafka-recovery-500-r1" });
    expect(inputAt(deleters[0], "create")).toContain("sleep 10");
    // The first Job waits for the brokers (their components), not only for the namespace.
    expect(jobs[0].dependencies.some((d) => d.includes("StrimziKafka"))).toBe(true);
  });

  test("NATS on the committed config: nats bench from the nats-box that ships natscli 0.3.0, pointed at the client Service, its server pods sampled", async () => {
    const run = await runStack("phase-08");
    if (run.error) throw run.error;
    const natsJobs = run.resources.filter((r) => r.type === jobType && r.name.startsWith("messaging-nats-"));
    // The default definition: four rates, the fan-out and the recovery run.
    expect(natsJobs.map((j) => j.name)).toEqual(["messaging-nats-throughput-1000", "messaging-nats-throughput-5000", "messaging-nats-throughput-10000", "messaging-nats-throughput-20000", "messaging-nats-fan-out-1000", "messaging-nats-recovery-500"]);
    const container = inputAt(natsJobs[0], "spec.template.spec.containers.0");
    expect(container.image).toBe("natsio/nats-box:0.19.2");
    expect(container.env).toContainEqual({ name: "NATS_URL", value: "nats://nats.lab-messaging.svc.cluster.local:4222" });
    const sampler = run.resources.find((r) => r.type === commandType && r.name === "usage-messaging-nats-throughput-1000-sampler")!;
    expect(inputAt(sampler, "environment").TARGET_SELECTOR).toBe(natsServerPodSelector);
  });

  test.each([
    ["a sweep that does not increase", { rates: [2000, 1000] }, "lab:benchmark.messaging.rates.1: got 1000, expected greater than the step before (2000 msg/s)"],
    ["a message size of zero", { messageBytes: 0 }, "lab:benchmark.messaging.messageBytes: got 0"],
    ["the brokers inside the definition", { brokers: ["kafka"] }, "lab:benchmark.messaging.brokers: got [\"kafka\"], expected not set here: the phase's lab:brokers decides it"],
    ["a deletion after the recovery run", { recovery: { durationSeconds: 30, deleteAfterSeconds: 40 } }, "lab:benchmark.messaging.recovery.deleteAfterSeconds"],
  ])("config error (%s) names the key and registers nothing but the stack", async (_what, messaging, message) => {
    const run = await runStack("phase-08", { overrides: { "lab:benchmark": JSON.stringify({ messaging }) } });
    expect(run.error?.message).toContain(message);
    expect(run.resources.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack"]);
  });
});

describe("joinMessagingBenchmarks (real captured Job logs)", () => {
  const fixture = (broker: string, name: string) => readFileSync(join(__dirname, "../fixtures/messaging", broker, name), "utf8");
  const asJobLog = (step: MessagingStep, toolLog: string) => `${messagingStepMarker} ${JSON.stringify(step)}\n${toolLog}LAB_EXIT messaging-tool 0\n`;
  const footprint = { cpuMillicores: 500, memoryMiB: 1536, storageGiB: 10, pods: 1 };
  const kafka: BenchmarkedBroker = { endpoint: { broker: "kafka", address: "k:9092", destination: "lab-events", replicas: 1, partitions: 3 }, podSelector: kafkaBrokerPodSelector, brokerFootprint: footprint };
  const rabbitmq: BenchmarkedBroker = { endpoint: { broker: "rabbitmq", address: "r:5672", destination: "lab-events", replicas: 1, credentialsSecret: "s" }, podSelector: rabbitmqPodSelector, brokerFootprint: footprint };
  const kafkaSteps: MessagingStep[] = [
    { scenario: "throughput", rate: 2000, messageBytes: 1024, producers: 1, consumers: 1, durationSeconds: 3, warmupSeconds: 1 },
    { scenario: "recovery", rate: 500, messageBytes: 1024, producers: 1, consumers: 1, durationSeconds: 12, warmupSeconds: 0 },
  ];
  const rabbitSteps: MessagingStep[] = [{ scenario: "throughput", rate: 500, messageBytes: 1024, producers: 1, consumers: 1, durationSeconds: 3, warmupSeconds: 1 }];
  const definition = parseMessagingDefinition({ rates: [500, 2000], durationSeconds: 3, warmupSeconds: 1 });
  const usage = { source: "metrics-api" as const, namespace: "lab-messaging", samples: 5, windowSeconds: 10, cpuMillicores: 900, memoryMiB: 1000, pods: ["lab-kafka-combined-0"] };

  test("each step's result carries its cost at max(request, usage); the comparison lines both brokers up by rate", async () => {
    const { unitPrices } = await resolvePricing({ profile: "aws" });
    const kafkaOutcomes = [
      parseMessagingJobLog(asJobLog(kafkaSteps[0], fixture("kafka", "throughput-2000.log")), brokerToolFor("kafka"), "kafka"),
      parseMessagingJobLog(asJobLog(kafkaSteps[1], fixture("kafka", "recovery-500-kill-restart.log")), brokerToolFor("kafka"), "kafka"),
    ];
    const rabbitOutcome = parseMessagingJobLog(asJobLog(rabbitSteps[0], fixture("perftest", "throughput-500.log")), brokerToolFor("rabbitmq"), "rabbitmq");
    const { benchmarks, comparison } = joinMessagingBenchmarks(
      [
        { broker: kafka, steps: kafkaOutcomes.map((outcome, i) => ({ step: kafkaSteps[i], outcome, brokerUsage: usage })) },
        { broker: rabbitmq, steps: [{ step: rabbitSteps[0], outcome: rabbitOutcome }] },
      ],
      { definition, retentionHours: 24, unitPrices },
    );
    const kafkaThroughput = benchmarks.kafka![0].outcome.messaging!;
    // CPU at the sampled 900 m (above the 500 m request), memory at the 1536 MiB request (above 1000 MiB used).
    expect(kafkaThroughput.cost).toEqual(messagingCost({ result: kafkaOutcomes[0].messaging!, requested: footprint, usage, replicas: 1, retentionHours: 24, unitPrices }));
    expect(kafkaThroughput.cost!.brokerUsdPerHour.unit).toContain("0.900 vCPU and 1.500 GiB");
    expect(kafkaThroughput.cost!.perMillionMessages.value).toBeGreaterThan(0);
    // The recovery's run is costed too, inside its recovery result.
    expect(benchmarks.kafka![1].outcome.recovery!.run.cost?.perMillionMessages).toBeDefined();
    expect(comparison.missing).toEqual([]);
    const published = (rate: number) => comparison.rows.find((r) => r.figure === `published @ ${rate} msg/s`)!;
    // Kafka ran 2000 msg/s only, RabbitMQ 500 only: each row has a value missing, so no winner.
    expect(published(2000).values).toEqual({ kafka: 2240.477969, rabbitmq: null });
    expect(published(2000).winner).toBeNull();
    const recovery = comparison.rows.find((r) => r.figure === "recovery: time to publish again")!;
    expect(recovery.values.kafka).toBeCloseTo(14.128, 3);
  });

  test("a step that lost acknowledged messages stays failed with its figures and is not compared", async () => {
    const { unitPrices } = await resolvePricing({ profile: "aws" });
    const lossy = fixture("kafka", "throughput-2000.log").replace("8000, 1968.9884", "7990, 1968.9884");
    const outcome = parseMessagingJobLog(asJobLog(kafkaSteps[0], lossy), brokerToolFor("kafka"), "kafka");
    expect(outcome.status).toBe("failed");
    const { benchmarks, comparison } = joinMessagingBenchmarks([{ broker: kafka, steps: [{ step: kafkaSteps[0], outcome }] }], { definition, retentionHours: 24, unitPrices });
    expect(benchmarks.kafka![0].outcome.messaging?.consumed).toBe(7990);
    expect(comparison.rows).toEqual([]);
    expect(comparison.missing[0]).toContain("kafka throughput 2000 msg/s: consumer-0");
    expect(comparison.missing[1]).toBe("kafka: no throughput step passed, left out of the comparison");
  });
});
