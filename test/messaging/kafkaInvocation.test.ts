import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execBounded } from "../../benchmarks/local/exec";
import type { MessagingStep } from "../../benchmarks/messaging/definitions";
import {
  kafkaConsumerCall,
  kafkaCreateTopicCall,
  kafkaDeleteTopicsCall,
  kafkaE2eCall,
  kafkaExpectedRecords,
  kafkaProducerCall,
  kafkaProducerPlan,
  kafkaStepTopic,
} from "../../benchmarks/messaging/kafkaInvocation";
import { kafkaJobScript, kafkaLinePattern, kafkaToolsImage, kafkaToolsVersion } from "../../benchmarks/messaging/kafkaJobScript";
import { kafkaVersion } from "../../components/messaging/StrimziKafka";

const connection = { bootstrap: "lab-kafka-kafka-bootstrap.lab-messaging.svc.cluster.local:9092", destination: "lab-events", partitions: 6, replicas: 3, minInSyncReplicas: 2 };
const step: MessagingStep = { scenario: "throughput", rate: 5000, messageBytes: 1024, producers: 2, consumers: 1, durationSeconds: 30, warmupSeconds: 5 };

test("the tools are the brokers' version, from the official image", () => {
  expect(kafkaToolsVersion).toBe(kafkaVersion);
  expect(kafkaToolsImage).toBe("apache/kafka:4.3.1");
});

test("each producer sends its share over warm-up + run; every group expects all of it", () => {
  expect(kafkaProducerPlan(step)).toEqual({ ratePerProducer: 2500, recordsPerProducer: 87_500, warmupRecordsPerProducer: 12_500 });
  expect(kafkaExpectedRecords(step)).toBe(175_000);
  expect(() => kafkaProducerPlan({ ...step, rate: 1, producers: 4, durationSeconds: 1 })).toThrow(/at least one measured record/);
});

test("a fresh topic per step and run, named from the lab topic", () => {
  expect(kafkaStepTopic("lab-events", step, "r1")).toBe("lab-events-throughput-5000-r1");
  expect(() => kafkaStepTopic("lab-events", step, "R 1")).toThrow(/run id: expected lower-case letters/);
});

test("producer argv: payload file, open-loop throttle, warm-up records, acks=all, one-second windows", () => {
  expect(kafkaProducerCall(step, connection, "t", "/w/cloudevent.json", 1)).toEqual({
    tool: "kafka-producer-perf-test.sh",
    args: [
      "--bootstrap-server", connection.bootstrap, "--topic", "t", "--num-records", "87500", "--warmup-records", "12500", "--throughput", "2500",
      "--payload-file", "/w/cloudevent.json", "--reporting-interval", "1000", "--command-property", "acks=all", "--command-property", "client.id=lab-producer-1",
    ],
  });
  expect(kafkaProducerCall({ ...step, warmupSeconds: 0 }, connection, "t", "/b", 0).args).not.toContain("--warmup-records");
});

test("consumer, probe and topic argv", () => {
  expect(kafkaConsumerCall(step, connection, "t", 2).args).toEqual(["--bootstrap-server", connection.bootstrap, "--topic", "t", "--group", "t-consumer-2", "--num-records", "175000", "--timeout", "30000", "--command-property", "client.id=lab-consumer-2"]);
  expect(kafkaConsumerCall({ ...step, scenario: "recovery", durationSeconds: 90 }, connection, "t", 0).args).toContain("150000");
  expect(kafkaE2eCall(step, connection, "t").args).toEqual(["--bootstrap-server", connection.bootstrap, "--topic", "t-e2e", "--num-records", "300", "--producer-acks", "all", "--record-size", "1024"]);
  expect(kafkaCreateTopicCall(connection, "t").args).toEqual(["--bootstrap-server", connection.bootstrap, "--create", "--if-not-exists", "--topic", "t", "--partitions", "6", "--replication-factor", "3", "--config", "min.insync.replicas=2"]);
  expect(kafkaDeleteTopicsCall(connection, "a.b").args.slice(-2)).toEqual(["--topic", "a\\.b(-e2e)?"]);
});

describe("the Job script", () => {
  const script = kafkaJobScript(step, connection, { runId: "r1" });

  test("markers, the image's bin, every tool of the step", () => {
    expect(script).toContain('BIN="${KAFKA_BIN:-/opt/kafka/bin}"');
    expect(script).toContain('echo "LAB_STEP throughput 5000"');
    expect(script).toContain("LAB_KAFKA topic=lab-events-throughput-5000-r1");
    expect(script.match(/kafka-producer-perf-test\.sh/g)).toHaveLength(2);
    expect(script.match(/run consumer-\d /g)).toHaveLength(1);
    expect(script).toContain("{ sleep 5; run e2e");
    expect(script).toContain('--payload-file "$WORK/cloudevent.json"');
  });

  test("the recovery script runs no probe", () => {
    const r = kafkaJobScript({ ...step, scenario: "recovery", warmupSeconds: 0 }, connection, { runId: "r1" });
    expect(r).not.toContain("kafka-e2e-latency.sh");
    expect(r).toContain("e2e_probes=0");
  });

  test("runs under sh against stub launchers: the body is the exact CloudEvent, every line tagged, every tool's exit code", async () => {
    const bin = mkdtempSync(join(tmpdir(), "lab-kafka-stub-"));
    try {
      for (const tool of ["kafka-producer-perf-test.sh", "kafka-consumer-perf-test.sh", "kafka-e2e-latency.sh", "kafka-topics.sh"]) {
        // A stub prints its argv, and for the producer the payload file's bytes and first bytes.
        writeFileSync(
          join(bin, tool),
          `#!/bin/sh\necho "${tool} $*"\nwhile [ $# -gt 0 ]; do if [ "$1" = --payload-file ]; then wc -c < "$2" | tr -d ' '; head -c 20 "$2"; echo; fi; shift; done\n`,
        );
        chmodSync(join(bin, tool), 0o755);
      }
      const small = kafkaJobScript({ ...step, warmupSeconds: 0, durationSeconds: 1 }, connection, { runId: "r1" });
      const out = (await execBounded(["sh", "-c", small], { timeoutMs: 20_000, env: { ...process.env, KAFKA_BIN: bin } })).stdout;
      const lines = out.trim().split("\n");
      const tagged = lines.filter((l) => kafkaLinePattern.test(l));
      expect(lines.filter((l) => !kafkaLinePattern.test(l)).map((l) => l.split(" ")[0])).toEqual(["LAB_STEP", "LAB_KAFKA", "LAB_START", "LAB_DONE"]);
      expect(tagged.filter((l) => l.endsWith("| LAB_EXIT 0")).map((l) => l.split(" ")[0]).sort()).toEqual(["cleanup", "consumer-0", "e2e", "producer-0", "producer-1", "topics", "topics"]);
      expect(tagged.filter((l) => /^producer-\d .* \| 1024$/.test(l))).toHaveLength(2);
      expect(out).toContain('| {"specversion":"1.0"\n');
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
