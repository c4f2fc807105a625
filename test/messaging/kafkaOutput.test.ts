import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { MessagingStep } from "../../benchmarks/messaging/definitions";
import { readPodDeletion } from "../../benchmarks/messaging/jobLog";
import { parseKafkaRecovery, parseKafkaStepLog } from "../../benchmarks/messaging/kafkaOutput";

/**
 * The parser on real captured logs (test/fixtures/messaging/kafka/PROVENANCE.md). Every expected
 * figure below was read off the fixture's lines by eye; the line is quoted beside it.
 */
const fixture = (name: string) => readFileSync(join(__dirname, "../fixtures/messaging/kafka", name), "utf8");
const base = { messageBytes: 1024, producers: 1, durationSeconds: 3, warmupSeconds: 1 };
const throughput: MessagingStep = { ...base, scenario: "throughput", rate: 2000, consumers: 1 };
const fanOut: MessagingStep = { ...base, scenario: "fan-out", rate: 1000, consumers: 3 };
const recovery: MessagingStep = { ...base, scenario: "recovery", rate: 500, consumers: 1, durationSeconds: 12, warmupSeconds: 0 };

describe("parseKafkaStepLog on the throughput fixture", () => {
  const r = parseKafkaStepLog(fixture("throughput-2000.log"), throughput);

  test("counts: 8000 acknowledged (total line), 8000 received by the one group, none failed", () => {
    // "8000 records sent, 1971.900419 records/sec ..."; consumer "..., 7.8125, 1.9228, 8000, 1968.9884, ..."
    expect(r).toMatchObject({ broker: "kafka", toolVersion: "4.3.1", published: 8000, publishErrors: 0, consumed: 8000, producers: 1, consumers: 1, offeredRate: 2000, messageBytes: 1024 });
    expect(r.checks).toEqual([expect.objectContaining({ expected: 8000, observed: 8000, agrees: true })]);
  });

  test("rates and publish latency from the steady-state line, MiB converted to 10^6 bytes", () => {
    // "6000 steady state records sent, 2240.477969 records/sec (2.19 MB/sec), 549.46 ms avg latency, 1397.00 ms max latency, 507 ms 50th, 1278 ms 95th, 1380 ms 99th, 1396 ms 99.9th."
    expect(r.publishedPerSecond).toBe(2240.477969);
    expect(r.publishedMBPerSecond).toBeCloseTo((2240.477969 * 1024) / 1e6, 6);
    expect(r.durationSeconds).toBeCloseTo(6000 / 2240.477969, 3);
    expect(r.publishLatency.value).toMatchObject({ p50: 507, p95: 1278, p99: 1380, max: 1397 });
    expect(r.publishLatency.value!.source).toContain("acks=all");
    expect(r.consumedPerSecond).toBe(1968.9884);
    expect(r.consumedMBPerSecond).toBeCloseTo(1.9228 * 1.048576, 5);
    expect(r.saturated).toBe(false);
    expect(r.startTime).toBe("2026-12-07T11:56:24Z");
    expect(r.target).toBe("127.0.0.1:35899 lab-events-throughput-2000-mxd7sown");
  });

  test("the closed-loop probe's p50 and p99 are the end-to-end latency; p95 and max null (it prints neither)", () => {
    // "Percentiles: 50th = 11, 99th = 221, 99.9th = 221" and "Avg latency: 19.6870 ms"
    expect(r.endToEndLatency.value).toMatchObject({ p50: 11, p95: null, p99: 221, max: null });
    expect(r.endToEndLatency.value?.source).toContain("closed loop");
    expect(r.endToEndLatency.value?.source).toContain("not at its rate");
    expect(r.endToEndLatency.note).toBe("kafka-e2e-latency prints no p95 and no max; its avg 19.687 ms, p99.9 221 ms");
  });
});

test("fan-out: three groups, each received all 4000 records; deliveries add up", () => {
  const r = parseKafkaStepLog(fixture("fan-out-1000-3-consumers.log"), fanOut);
  // consumer-1 "..., 4000, 873.1718, ...", consumer-2 "..., 4000, 1017.0353, ...", consumer-0 "..., 4000, 1190.8306, ..."
  expect(r.published).toBe(4000);
  expect(r.consumed).toBe(12000);
  expect(r.consumedPerSecond).toBeCloseTo(873.1718 + 1017.0353 + 1190.8306, 4);
  expect(r.checks.map((c) => [c.observed, c.agrees])).toEqual([[4000, true], [4000, true], [4000, true]]);
  // "3000 steady state records sent, 1786.777844 records/sec": the tool's throttle caught up after a slow start
  expect(r.publishedPerSecond).toBe(1786.777844);
});

describe("parseKafkaRecovery on the kill-and-restart fixture", () => {
  const log = fixture("recovery-500-kill-restart.log");
  const deleted = readPodDeletion(log)!;

  test("recovered at the first window after the silence; nothing lost, nothing duplicated", () => {
    const r = parseKafkaRecovery(log, recovery, deleted);
    // killed 11:56:46.872; the next window "180 records sent, 12.4 records/sec ..." printed at 11:57:01
    expect(r.deletedPod).toBe("local-kafka-pid-20515");
    expect(r.secondsToRecover).toBeCloseTo(14.128, 3);
    expect(r).toMatchObject({ lostAcknowledged: 0, duplicates: 0 });
    // "6000 records sent, 350.672122 records/sec (0.34 MB/sec), 403.63 ms avg latency, 14232.00 ms max latency, 191 ms 50th, 291 ms 95th, 14119 ms 99th, 14224 ms 99.9th."
    expect(r.run).toMatchObject({ scenario: "recovery", published: 6000, consumed: 6000, publishedPerSecond: 350.672122, saturated: true });
    expect(r.run.publishLatency.value).toMatchObject({ p50: 191, p95: 291, p99: 14119, max: 14232 });
    expect(r.run.endToEndLatency.note).toContain("not measured in the recovery run");
  });

  test("a deletion after the producer's last window: no dip, 0 s", () => {
    expect(parseKafkaRecovery(log, recovery, { pod: "lab-kafka-combined-0", at: "2026-12-07T11:57:01Z" }).secondsToRecover).toBe(0);
  });

  test("a deletion time that is not one, or a step that is not recovery, is refused", () => {
    expect(() => parseKafkaRecovery(log, recovery, { pod: "lab-kafka-combined-0", at: "11:57" })).toThrow(/deletion time "11:57" is not an RFC 3339 time/);
    expect(() => parseKafkaRecovery(log, throughput, deleted)).toThrow(/expected a recovery step/);
  });
});

describe("bad output is refused with the line named", () => {
  const log = fixture("throughput-2000.log");
  const lineOf = (needle: string) => log.split("\n").findIndex((l) => l.includes(needle)) + 1;

  test("a producer without its summary", () => {
    const cut = log.split("\n").filter((l) => !/^producer-0 .* \| 8000 records sent/.test(l)).join("\n");
    expect(() => parseKafkaStepLog(cut, throughput)).toThrow(/line \d+: producer-0: expected its summary "N records sent/);
  });

  test("a tool that failed", () => {
    const failed = log.replace(/^(producer-0 \S+ \| )LAB_EXIT 0$/m, "$1LAB_EXIT 1");
    expect(() => parseKafkaStepLog(failed, throughput)).toThrow(new RegExp(`line ${lineOf("producer-0 2026-12-07T11:56:29Z | LAB_EXIT")}: producer-0 exited 1, expected 0`));
  });

  test("a consumer that never finished", () => {
    const cut = log.split("\n").filter((l) => !l.startsWith("consumer-0") || !l.includes("LAB_EXIT")).join("\n");
    expect(() => parseKafkaStepLog(cut, throughput)).toThrow(/consumer-0: expected its last line "LAB_EXIT <code>"/);
  });

  test("another step's log", () => {
    expect(() => parseKafkaStepLog(log, { ...throughput, rate: 5000 })).toThrow(/line 1: expected "LAB_STEP throughput 5000", got "LAB_STEP throughput 2000"/);
    expect(() => parseKafkaStepLog(log, { ...throughput, consumers: 2 })).toThrow(/LAB_KAFKA: producers=1 consumers=1/);
  });

  test("the e2e probe without percentiles", () => {
    const cut = log.split("\n").filter((l) => !l.includes("Percentiles:")).join("\n");
    expect(() => parseKafkaStepLog(cut, throughput)).toThrow(/e2e: expected "Avg latency: A ms" and "Percentiles/);
  });

  test("a consumer that received fewer records than were acknowledged: the check disagrees", () => {
    const short = log.replace("7.8125, 1.9228, 8000, 1968.9884", "7.8115, 1.9228, 7990, 1968.9884");
    const r = parseKafkaStepLog(short, throughput);
    expect(r.checks[0]).toMatchObject({ expected: 8000, observed: 7990, agrees: false });
  });
});
