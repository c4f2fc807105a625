import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brokerToolFor } from "../../benchmarks/messaging/brokerTools";
import type { MessagingStep } from "../../benchmarks/messaging/definitions";
import { messagingStepMarker, parseMessagingJobLog } from "../../benchmarks/messaging/jobLog";
import { kafkaConnectionOf } from "../../benchmarks/messaging/kafkaTool";
import { perfTestConnectionOf } from "../../benchmarks/messaging/perfTestTool";
import { messagingWrapperScript } from "../../benchmarks/messaging/MessagingBenchmarkJob";
import type { BrokerEndpoint } from "../../components/messaging/brokerNames";
import { labJson, lab } from "../helpers/lab";

/**
 * The BrokerTools as phase-08's Jobs use them: the captured real logs (fixtures' PROVENANCE.md)
 * wrapped in what the Job's wrapper adds, read back by `lab parse job-log --tool messaging`.
 */
const fixture = (broker: string, name: string) => readFileSync(join(__dirname, "../fixtures/messaging", broker, name), "utf8");
/** What MessagingBenchmarkJob's wrapper prints around the tool's own output. */
const asJobLog = (step: MessagingStep, toolLog: string, exit = 0) => `${messagingStepMarker} ${JSON.stringify(step)}\n${toolLog}LAB_EXIT messaging-tool ${exit}\n`;

const kafkaEndpoint: BrokerEndpoint = { broker: "kafka", address: "lab-kafka-kafka-bootstrap.lab-messaging.svc.cluster.local:9092", destination: "lab-events", replicas: 3, partitions: 6 };
const rabbitEndpoint: BrokerEndpoint = { broker: "rabbitmq", address: "lab-rabbitmq.lab-messaging.svc.cluster.local:5672", destination: "lab-events", replicas: 3, credentialsSecret: "lab-rabbitmq-default-user" };
const kafkaThroughput: MessagingStep = { scenario: "throughput", rate: 2000, messageBytes: 1024, producers: 1, consumers: 1, durationSeconds: 3, warmupSeconds: 1 };
const rabbitThroughput: MessagingStep = { scenario: "throughput", rate: 500, messageBytes: 1024, producers: 1, consumers: 1, durationSeconds: 3, warmupSeconds: 1 };

describe("the Kafka tool", () => {
  const tool = brokerToolFor("kafka");

  test("its step topics copy the endpoint's partitions and replicas, min ISR one below the replicas", () => {
    expect(kafkaConnectionOf(kafkaEndpoint)).toEqual({ bootstrap: kafkaEndpoint.address, destination: "lab-events", partitions: 6, replicas: 3, minInSyncReplicas: 2 });
    const script = tool.jobFiles(kafkaThroughput, kafkaEndpoint, "run-7")["tool.sh"];
    expect(script).toContain("--topic lab-events-throughput-2000-run-7 --partitions 6 --replication-factor 3 --config min.insync.replicas=2");
    expect(script).toContain("lab-events-throughput-2000-run-7");
    expect(script).toContain('BIN="${KAFKA_BIN:-/opt/kafka/bin}"');
  });

  test("an endpoint without partitions or of another broker is refused", () => {
    expect(() => kafkaConnectionOf({ ...kafkaEndpoint, partitions: undefined })).toThrow(/has no partitions/);
    expect(() => kafkaConnectionOf(rabbitEndpoint)).toThrow(/expected a kafka endpoint, got rabbitmq/);
  });

  test("the captured throughput log, as the Job writes it, passes with the stack's target", () => {
    const outcome = parseMessagingJobLog(asJobLog(kafkaThroughput, fixture("kafka", "throughput-2000.log")), tool, "kafka lab-events");
    expect(outcome.status).toBe("passed");
    // "8000 records sent" by the producer, "..., 8000, 1968.9884, ..." received by the consumer
    expect(outcome.messaging).toMatchObject({ broker: "kafka", target: "kafka lab-events", published: 8000, consumed: 8000 });
  });

  test("a tool that failed fails the outcome", () => {
    const outcome = parseMessagingJobLog(asJobLog(kafkaThroughput, fixture("kafka", "throughput-2000.log"), 3), tool, "kafka");
    expect(outcome.status).toBe("failed");
  });
});

describe("the PerfTest tool", () => {
  const tool = brokerToolFor("rabbitmq");

  test("credentials reach the container only by secretKeyRef, and never the script", () => {
    expect(tool.env(rabbitEndpoint)).toEqual([
      { name: "LAB_RABBITMQ_USER", valueFrom: { secretKeyRef: { name: "lab-rabbitmq-default-user", key: "username" } } },
      { name: "LAB_RABBITMQ_PASSWORD", valueFrom: { secretKeyRef: { name: "lab-rabbitmq-default-user", key: "password" } } },
    ]);
    const script = tool.jobFiles(rabbitThroughput, rabbitEndpoint, "1")["tool.sh"];
    expect(script).toContain("LAB_MQ_HOST='lab-rabbitmq.lab-messaging.svc.cluster.local' LAB_MQ_AMQP_PORT=5672 LAB_MQ_MANAGEMENT_PORT=15672");
    // The helper reads the password from the env var the Secret fills; no value is in the script.
    expect(script).toContain('os.environ[os.environ["LAB_MQ_PASSWORD_ENV"]]');
    expect(script).toContain("LAB_MQ_PASSWORD_ENV=LAB_RABBITMQ_PASSWORD");
  });

  test("an endpoint without a credentials Secret, or without a port, is refused", () => {
    expect(() => tool.env({ ...rabbitEndpoint, credentialsSecret: undefined })).toThrow(/names no credentials Secret/);
    expect(() => perfTestConnectionOf({ ...rabbitEndpoint, address: "lab-rabbitmq" })).toThrow(/expected host:port/);
  });

  test("the captured throughput log, as the Job writes it, passes", () => {
    const outcome = parseMessagingJobLog(asJobLog(rabbitThroughput, fixture("perftest", "throughput-500.log")), tool, "rabbitmq lab-events");
    expect(outcome.status).toBe("passed");
    expect(outcome.messaging).toMatchObject({ broker: "rabbitmq", target: "rabbitmq lab-events", scenario: "throughput", offeredRate: 500 });
  });
});

describe("the nats bench tool", () => {
  const step: MessagingStep = { scenario: "recovery", rate: 200, messageBytes: 1024, producers: 1, consumers: 1, durationSeconds: 10, warmupSeconds: 0 };

  test("the captured kill -9 recovery log (captured through the Job's own wrapper, the deleter's line inside) passes with nothing lost", () => {
    const outcome = parseMessagingJobLog(fixture("nats", "recovery-200-kill-restart.log"), brokerToolFor("nats"), "nats lab-events");
    expect(outcome.messaging).toMatchObject({ scenario: step.scenario, offeredRate: step.rate });
    expect(outcome.status).toBe("passed");
    expect(outcome.recovery).toMatchObject({ lostAcknowledged: 0, duplicates: 0 });
    expect(outcome.recovery?.secondsToRecover).toBeCloseTo(4.121, 3);
  });
});

describe("lab parse job-log --tool messaging (what MessagingBenchmarkJob's reader runs)", () => {
  const dir = mkdtempSync(join(tmpdir(), "lab-messaging-log-"));
  const file = join(dir, "job.log");
  writeFileSync(file, asJobLog(kafkaThroughput, fixture("kafka", "throughput-2000.log")));

  test("--broker kafka: the outcome as JSON", async () => {
    const o = await labJson("parse", "job-log", "--tool", "messaging", "--broker", "kafka", "--target", "kafka lab-events", file);
    expect(o).toMatchObject({ status: "passed", messaging: { broker: "kafka", published: 8000 } });
  });

  test("without --broker, or with a broker that is not one, it says what it needs", async () => {
    const without = await lab("parse", "job-log", "--tool", "messaging", "--target", "t", file);
    expect(without.code).not.toBe(0);
    expect(without.stderr).toContain("--tool messaging needs --broker (kafka, rabbitmq, nats)");
    const wrong = await lab("parse", "job-log", "--tool", "messaging", "--broker", "pulsar", "--target", "t", file);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain("--broker");
  });

  test("the wrapper script prints the step the reader expects", () => {
    expect(messagingWrapperScript(kafkaThroughput).split("\n")[1]).toBe(`echo '${messagingStepMarker} ${JSON.stringify(kafkaThroughput)}'`);
  });
});
