import { readFileSync } from "node:fs";
import { join } from "node:path";
import { kafkaAdapter, natsAdapter, rabbitMqAdapter, type LocalBrokerAdapter } from "../../benchmarks/local/localBrokerAdapters";
import { runLocalMessaging } from "../../benchmarks/local/localMessaging";
import { formatMessagingTable, messagingRow, notMeasured, type LocalBrokerOutcome } from "../../benchmarks/local/messagingTable";
import { parseMessagingDefinition, type MessagingStep } from "../../benchmarks/messaging/definitions";
import { readMessagingStep, readPodDeletion } from "../../benchmarks/messaging/jobLog";
import { parseKafkaRecovery, parseKafkaStepLog } from "../../benchmarks/messaging/kafkaOutput";
import { parseNatsBenchRecovery, parseNatsBenchStep } from "../../benchmarks/messaging/natsBenchOutput";
import { parsePerfTestStepLog } from "../../benchmarks/messaging/perfTestOutput";
import type { MessagingStepResult } from "../../lib/messagingResult";
import { lab } from "../helpers/lab";
import { realToolTest } from "../helpers/realTool";

/**
 * `lab bench --local messaging`: bad input refused through the real CLI before a broker starts;
 * the side-by-side table built from results the parsers made of the captured real logs (its
 * figures are those results' figures); the runner's order and skips with stand-in adapters; and
 * one short real run of Kafka and RabbitMQ through the command.
 */

describe("bench --local messaging refuses bad input before anything starts, naming the key", () => {
  const refused = async (...args: string[]) => {
    const started = Date.now();
    const run = await lab("bench", "--local", "messaging", ...args);
    expect(run.code).not.toBe(0);
    // Nothing ran: the runner's first progress line ("<broker>: N step(s): ...") never appeared.
    expect(run.stderr).not.toMatch(/step\(s\):/);
    expect(Date.now() - started).toBeLessThan(5000);
    return run.stderr;
  };

  test("rates that do not increase", async () => {
    expect(await refused("--rates", "1000,500")).toContain("bench --local messaging.rates.1: got 500, expected greater than the step before (1000 msg/s): a sweep increases");
  });

  test("a message of 0 bytes", async () => {
    expect(await refused("--message-bytes", "0")).toContain("bench --local messaging.messageBytes: got 0, expected ≥ 1 (bytes)");
  });

  test("an unknown broker", async () => {
    expect(await refused("--brokers", "kafka,redis")).toContain('bench --local messaging.brokers.1: got "redis", expected one of "kafka", "rabbitmq", "nats"');
  });

  test("a rate that is not a number, by the option's name", async () => {
    expect(await refused("--rates", "500,lots")).toContain('--rates: got "500,lots", expected numbers separated by commas (item 2, "lots": a number)');
  });

  test("a recovery kill after the recovery run's end", async () => {
    expect(await refused("--recovery-duration", "5", "--recovery-kill-after", "5")).toContain("bench --local messaging.recovery.deleteAfterSeconds: got 5, expected < recovery.durationSeconds (5 s)");
  });
});

const kafkaLog = (name: string) => readFileSync(join(__dirname, "../fixtures/messaging/kafka", name), "utf8");
const perfTestLog = (name: string) => readFileSync(join(__dirname, "../fixtures/messaging/perftest", name), "utf8");
const base = { messageBytes: 1024, producers: 1, durationSeconds: 3, warmupSeconds: 1 };
const kafkaSteps: Record<string, MessagingStep> = {
  throughput: { ...base, scenario: "throughput", rate: 2000, consumers: 1 },
  fanOut: { ...base, scenario: "fan-out", rate: 1000, consumers: 3 },
  recovery: { ...base, scenario: "recovery", rate: 500, consumers: 1, durationSeconds: 12, warmupSeconds: 0 },
};
const rabbitSteps: Record<string, MessagingStep> = {
  throughput: { ...base, scenario: "throughput", rate: 500, consumers: 1 },
  fanOut: { ...base, scenario: "fan-out", rate: 500, consumers: 3 },
  recovery: { ...base, scenario: "recovery", rate: 200, consumers: 1, durationSeconds: 10, warmupSeconds: 0 },
};

describe("the side-by-side table, on results parsed from the captured real logs", () => {
  const recoveryLog = kafkaLog("recovery-500-kill-restart.log");
  const kafkaRecovery = parseKafkaRecovery(recoveryLog, kafkaSteps.recovery, readPodDeletion(recoveryLog)!);
  const kafka: MessagingStepResult[] = [parseKafkaStepLog(kafkaLog("throughput-2000.log"), kafkaSteps.throughput), parseKafkaStepLog(kafkaLog("fan-out-1000-3-consumers.log"), kafkaSteps.fanOut), kafkaRecovery.run];
  const target = "127.0.0.1:5672 vhost /";
  const rabbit: MessagingStepResult[] = [
    parsePerfTestStepLog(perfTestLog("throughput-500.log"), { step: rabbitSteps.throughput, target }),
    parsePerfTestStepLog(perfTestLog("fan-out-500.log"), { step: rabbitSteps.fanOut, target }),
  ];
  const natsLog = (name: string) => readFileSync(join(__dirname, "../fixtures/messaging/nats", name), "utf8");
  const natsRecoveryLog = natsLog("recovery-200-kill-restart.log");
  const natsRecovery = parseNatsBenchRecovery(natsRecoveryLog, readMessagingStep(natsRecoveryLog), "127.0.0.1:4222", readPodDeletion(natsRecoveryLog)!);
  const nats: MessagingStepResult[] = [parseNatsBenchStep(natsLog("throughput-2000.log"), { ...kafkaSteps.throughput, durationSeconds: 3, warmupSeconds: 1 }, "127.0.0.1:4222"), natsRecovery.run];
  const rabbitSkip = "recovery needs a broker pod deleted from a three-node cluster; the local node is one node";
  const outcomes: LocalBrokerOutcome[] = [
    { broker: "kafka", status: "ran", reason: null, results: kafka, recovery: kafkaRecovery, skippedSteps: [] },
    { broker: "rabbitmq", status: "ran", reason: null, results: rabbit, recovery: null, skippedSteps: [{ step: rabbitSteps.recovery, reason: rabbitSkip }] },
    { broker: "nats", status: "ran", reason: null, results: nats, recovery: natsRecovery, skippedSteps: [] },
  ];
  const table = formatMessagingTable(outcomes);
  const lines = table.split("\n");
  // Cells are separated by two spaces or more; none holds two spaces itself.
  const rowOf = (broker: string, scenario: string) => lines.find((l) => l.startsWith(`${broker} `) && l.split(/\s{2,}/)[1] === scenario)?.split(/\s{2,}/);

  test("one row per broker × step, its cells those of the result", () => {
    expect(rowOf("kafka", "throughput")).toEqual(messagingRow(kafka[0]));
    expect(rowOf("kafka", "fan-out ×3")).toEqual(messagingRow(kafka[1]));
    expect(rowOf("kafka", "recovery")).toEqual(messagingRow(kafka[2]));
    expect(rowOf("rabbitmq", "throughput")).toEqual(messagingRow(rabbit[0]));
    expect(rowOf("rabbitmq", "fan-out ×3")).toEqual(messagingRow(rabbit[1]));
    expect(rowOf("nats", "throughput")).toEqual(messagingRow(nats[0]));
    expect(rowOf("nats", "recovery")).toEqual(messagingRow(nats[1]));
    expect(lines.filter((l) => /^(kafka|rabbitmq|nats) {2,}/.test(l))).toHaveLength(7);
  });

  test("the header names every figure's unit", () => {
    const header = lines.find((l) => l.startsWith("broker"))!;
    for (const unit of ["offered msg/s", "published msg/s", "consumed msg/s", "published MB/s", "consumed MB/s", "e2e p50 ms", "e2e p99 ms", "publish p50 ms", "publish p99 ms", "saturated", "checks agree"]) expect(header).toContain(unit);
    expect(table).toContain("MB/s = 10^6 bytes/s");
  });

  test("the figures are the parsers' (read off the logs by hand in kafkaOutput/perfTestOutput tests)", () => {
    // Kafka: "6000 steady state records sent, 2240.477969 records/sec ... 507 ms 50th, ... 1380 ms 99th"; e2e "50th = 11, 99th = 221"; consumer 1968.9884 records/s
    expect(rowOf("kafka", "throughput")).toEqual(["kafka", "throughput", "2000", "2240", "1969", "2.29", "2.02", "11", "221", "507", "1380", "no", "1/1"]);
    // PerfTest: 1507 confirmed in 3.001 s; consumer latency median 758 µs, 99th 29290 µs; confirm 674 / 10635 µs; three checks agree
    expect(rowOf("rabbitmq", "throughput")).toEqual(["rabbitmq", "throughput", "500", "502", "502", "0.51", "0.51", "0.76", "29.3", "0.67", "10.6", "no", "3/3"]);
  });

  test("a figure the tool does not measure is — (the recovery run's end-to-end latency), its note stays in the result", () => {
    const row = rowOf("kafka", "recovery")!;
    expect(row.slice(7, 9)).toEqual([notMeasured, notMeasured]);
    expect(kafka[2].endToEndLatency.note).toContain("not measured in the recovery run");
    expect(row[11]).toBe("yes"); // 350.672122 msg/s published of 500 offered
  });

  test("a recovery line per broker: Kafka's and NATS's figures, RabbitMQ's skip reason", () => {
    expect(table).toContain("kafka: local-kafka-pid-20515 killed at 2026-12-07T11:56:46.872Z: 14.1 s to recover, 0 acknowledged messages lost, 0 duplicates (published 6000, consumed 6000)");
    expect(table).toContain(`rabbitmq: skipped: ${rabbitSkip}`);
    expect(table).toContain("nats: nats-server-37457 killed at 2026-12-07T13:26:48.879Z: 4.1 s to recover, 0 acknowledged messages lost, 0 duplicates");
  });
});

describe("runLocalMessaging with stand-in adapters", () => {
  const result = parseKafkaStepLog(kafkaLog("throughput-2000.log"), kafkaSteps.throughput);
  const definition = parseMessagingDefinition({ brokers: ["kafka", "rabbitmq", "nats"], rates: [2000], recovery: { enabled: false } });

  test("brokers one after another, the same steps each; a broker that throws fails alone; one without an adapter is a visible skip", async () => {
    const events: string[] = [];
    const seen: MessagingStep[][] = [];
    const adapter = (broker: "kafka" | "rabbitmq", fail: boolean): LocalBrokerAdapter => ({
      broker,
      missing: () => null,
      run: async (steps) => {
        events.push(`${broker} start`);
        seen.push([...steps]);
        await new Promise((r) => setTimeout(r, 20));
        events.push(`${broker} end`);
        if (fail) throw new Error("broker never became ready");
        return { results: [{ ...result, broker }], skipped: [] };
      },
    });
    const run = await runLocalMessaging(definition, { brokers: [adapter("kafka", true), adapter("rabbitmq", false)] });
    expect(events).toEqual(["kafka start", "kafka end", "rabbitmq start", "rabbitmq end"]);
    expect(seen[0]).toEqual(seen[1]);
    expect(seen[0].map((s) => s.scenario)).toEqual(["throughput", "fan-out"]);
    expect(run.outcomes.map((o) => [o.broker, o.status, o.reason])).toEqual([
      ["kafka", "failed", "broker never became ready"],
      ["rabbitmq", "ran", null],
      ["nats", "skipped", "no local runner for nats yet (local runners: kafka, rabbitmq)"],
    ]);
    expect(run.table).toContain("kafka: failed: broker never became ready");
    // The comparison rows, as the stack's, over the brokers that ran: one broker names no winner.
    expect(run.comparison.find((r) => r.figure === "published @ 2000 msg/s")).toMatchObject({ values: { rabbitmq: result.publishedPerSecond }, winner: null });
    expect(run.table).toContain("comparison (the stack's `comparison` rows):");
    expect(run.table).toContain("nats: skipped: no local runner");
  });

  test("a broker whose tools are missing is skipped with the reason, never started", async () => {
    const run = await runLocalMessaging(definition, {
      brokers: [{ broker: "kafka", missing: () => "java not found", run: () => Promise.reject(new Error("started")) }],
    });
    expect(run.outcomes[0]).toMatchObject({ broker: "kafka", status: "skipped", reason: "java not found" });
  });
});

const missing = kafkaAdapter.missing() ?? rabbitMqAdapter.missing() ?? natsAdapter.missing();

realToolTest(
  "lab bench --local messaging for real: Kafka, RabbitMQ, then NATS, one 2 s step at 300 msg/s and a fan-out to 2 consumers, no recovery",
  missing,
  async () => {
    const args = ["bench", "--local", "messaging", "--brokers", "kafka,rabbitmq,nats", "--rates", "300", "--duration", "2", "--warmup", "1", "--fan-out-consumers", "2", "--fan-out-rate", "300", "--no-recovery", "--json"];
    const run = await lab(...args);
    if (run.code !== 0) throw new Error(`lab ${args.join(" ")} exited ${run.code}:\n${run.stderr}`);
    const o = JSON.parse(run.stdout);
    console.log(o.table);
    expect(o.outcomes.map((b: LocalBrokerOutcome) => [b.broker, b.status])).toEqual([["kafka", "ran"], ["rabbitmq", "ran"], ["nats", "ran"]]);
    for (const b of o.outcomes as LocalBrokerOutcome[]) {
      expect(b.results.map((r) => [r.scenario, r.consumers])).toEqual([["throughput", 1], ["fan-out", 2]]);
      for (const r of b.results) {
        expect(r.published).toBeGreaterThan(0);
        expect(r.checks.length).toBeGreaterThan(0);
        expect(r.checks.filter((c) => !c.agrees)).toEqual([]);
        // The table's row is the result's row.
        expect(o.table.split("\n").map((l: string) => l.split(/\s{2,}/))).toContainEqual(messagingRow(r));
      }
      // Both consumers got every message. Kafka counts warm-up included on both sides, NATS reads each durable's own state: exact.
      // RabbitMQ's counters bracket the measured run only, and the consumers may ack in it the last
      // few warm-up messages (its routed = acked + left check above accounts for them): within 1 %.
      const fanOut = b.results[1];
      if (b.broker !== "rabbitmq") expect(fanOut.consumed).toBe(2 * fanOut.published);
      else expect(Math.abs(fanOut.consumed - 2 * fanOut.published)).toBeLessThanOrEqual(0.01 * fanOut.consumed);
    }
    expect(o.table).toMatch(/^machine: /);
    expect(o.table).toContain("kafka: not run (recovery disabled in the definition)");
  },
  120_000,
);
