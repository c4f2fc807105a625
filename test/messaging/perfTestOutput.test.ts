import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { MessagingStep } from "../../benchmarks/messaging/definitions";
import { readPodDeletion } from "../../benchmarks/messaging/jobLog";
import { parsePerfTestRecovery, parsePerfTestRun, parsePerfTestStepLog } from "../../benchmarks/messaging/perfTestOutput";

/** Expected figures read off the captured logs by hand (test/fixtures/messaging/perftest/PROVENANCE.md). */
const fixture = (name: string) => readFileSync(join(__dirname, "../fixtures/messaging/perftest", name), "utf8");
const step = (scenario: MessagingStep["scenario"], rate: number, consumers: number, durationSeconds: number, warmupSeconds: number): MessagingStep => ({ scenario, rate, messageBytes: 1024, producers: 1, consumers, durationSeconds, warmupSeconds });
const target = "127.0.0.1:5672 vhost /";

describe("PerfTest 2.22.1 step log", () => {
  test("throughput: counts from the broker's counters, latencies from PerfTest's summary in ms", () => {
    const r = parsePerfTestStepLog(fixture("throughput-500.log"), { step: step("throughput", 500, 1, 3, 1), target });
    // confirm 2015 after - 508 before; queue ack 2015 - 508; last per-second line "3.001s".
    expect(r).toMatchObject({ broker: "rabbitmq", tool: "perf-test", toolVersion: "2.22.1", scenario: "throughput", published: 1507, consumed: 1507, publishErrors: 0, durationSeconds: 3.001, saturated: false });
    expect(r.publishedPerSecond).toBeCloseTo(1507 / 3.001, 6);
    expect(r.publishedMBPerSecond).toBeCloseTo((1507 / 3.001) * 1024 / 1e6, 9);
    // "consumer latency min/median/75th/95th/99th 517/758/4177/25094/29290 µs"
    expect(r.endToEndLatency.value).toMatchObject({ p50: 0.758, p95: 25.094, p99: 29.29, max: null });
    // "confirm latency min/median/75th/95th/99th 470/674/1930/8804/10635 µs"
    expect(r.publishLatency.value).toMatchObject({ p50: 0.674, p95: 8.804, p99: 10.635, max: null });
    // first per-second line stamped 12:37:10.694Z at PerfTest's 1.000 s
    expect(r.startTime).toBe("2026-12-07T12:37:09.694Z");
    // 501 + 500 + 496 confirmed per second
    expect(r.checks.map((c) => [c.expected, c.observed, c.agrees])).toEqual([[1507, 1507, true], [1507, 1507, true], [1507, 1497, true]]);
  });

  test("fan-out: every one of the 3 quorum queues gets every message, each consumer counts its own", () => {
    const r = parsePerfTestStepLog(fixture("fan-out-500.log"), { step: step("fan-out", 500, 3, 3, 1), target });
    // confirm 4039 - 2529 (the node's counters include the throughput step before); 3 × (2024 - 514) acks
    expect(r).toMatchObject({ published: 1510, consumed: 4530, durationSeconds: 3, consumers: 3, saturated: false });
    expect(r.consumedPerSecond).toBe(1510);
    expect(r.endToEndLatency.value).toMatchObject({ p50: 0.882, p95: 4.844, p99: 27.632 });
    expect(r.checks[1]).toMatchObject({ expected: 4530, observed: 4530, agrees: true });
  });

  test("the per-second lines: rates in msg/s, latencies in µs, wide latencies after an outage included", () => {
    const log = fixture("recovery-200.log");
    const body = log.slice(log.indexOf("LAB_BEGIN perftest-run"), log.indexOf("LAB_END perftest-run"));
    const run = parsePerfTestRun(body);
    expect(run.seconds.map((s) => s.elapsedSeconds)).toEqual([1, 2, 3, 4, 5.001, 6, 8, 9, 10]);
    // "8.000s  193 msg/s  320 msg/s  0 msg/s  320 msg/s 595/27284/2232131/2863260/2990578 µs ..."
    expect(run.seconds[6]).toMatchObject({ at: "2026-12-07T12:39:39.060Z", sent: 193, confirmed: 320, received: 320, consumerLatencyUs: { min: 595, median: 27284, p75: 2232131, p95: 2863260, p99: 2990578 } });
    expect(run).toMatchObject({ stopReason: "Reached time limit", sendingRateAvg: 199, receivingRateAvg: 199 });
  });

  test("recovery: from the freeze to the first second with confirms after the zero-confirm second", () => {
    const log = fixture("recovery-200.log");
    const r = parsePerfTestRecovery(log, step("recovery", 200, 1, 10, 0), readPodDeletion(log)!, target);
    // LAB_DELETED at 12:39:35.123Z; "6.000s ... 0 msg/s confirmed" at 12:39:37.056Z; next line (7 s missing) at 12:39:39.060Z
    expect(r.secondsToRecover).toBeCloseTo(3.937, 6);
    expect(r).toMatchObject({ deletedPod: "beam-31616-sigstop", deletedAt: "2026-12-07T12:39:35.123Z", lostAcknowledged: 0, duplicates: 0 });
    // 1856 confirmed over 10 s: 185.6 msg/s < 95 % of 200
    expect(r.run).toMatchObject({ published: 1856, consumed: 1856, saturated: true });
  });

  test("a deletion after which publishes never stopped for a second recovers in 0 s", () => {
    const log = fixture("throughput-500.log");
    const r = parsePerfTestRecovery(log.replace("LAB_STEP throughput 500", "LAB_STEP recovery 500").replaceAll("lab-perftest-throughput-500", "lab-perftest-recovery-500"), step("recovery", 500, 1, 3, 1), { pod: "rabbitmq-server-1", at: "2026-12-07T12:37:10.800Z" });
    expect(r.secondsToRecover).toBe(0);
  });
});

describe("bad output is refused with the line named", () => {
  const log = fixture("throughput-500.log");
  // The warm-up section prints the same kind of lines: the edits go to the measured run's.
  const inRun = (from: string | RegExp, to: string) => {
    const at = log.indexOf("LAB_BEGIN perftest-run");
    return log.slice(0, at) + log.slice(at).replace(from, to);
  };
  const ctx = { step: step("throughput", 500, 1, 3, 1), target };
  test("a mangled per-second line", () => {
    const bad = inRun("2.000s        500 msg/s    500 msg/s", "2.000s        500 msg/s    five msg/s");
    expect(() => parsePerfTestStepLog(bad, ctx)).toThrow(/job log line 24: expected a rate like '501 msg\/s', got "2.000s/);
  });
  test("a latency in an unknown unit", () => {
    const bad = inRun("517/758/4177/25094/29290 µs", "517/758/4177/25094/29290 ns");
    expect(() => parsePerfTestStepLog(bad, ctx)).toThrow(/job log line 29: expected a latency unit µs or ms/);
  });
  test("a run cut off before its summary", () => {
    const bad = inRun(/^.*confirm latency min.*\n/m, "");
    expect(() => parsePerfTestStepLog(bad, ctx)).toThrow(/no summary line 'confirm latency min\/median\/75th\/95th\/99th'/);
  });
  test("a header without confirms", () => {
    const bad = inRun(/confirmed       nacked /, "");
    expect(() => parsePerfTestStepLog(bad, ctx)).toThrow(/job log line 22: expected the compact header/);
  });
  test("no management counters", () => {
    expect(() => parsePerfTestStepLog(log.replace(/^LAB_QUEUE_STATS after.*$/m, ""), ctx)).toThrow(/no 'LAB_QUEUE_STATS after \{json\}' line/);
  });
  test("a counter that is not a count", () => {
    expect(() => parsePerfTestStepLog(log.replace('"confirm": 2015', '"confirm": -1'), ctx)).toThrow(/job log line \d+: LAB_QUEUE_STATS after overview.confirm: expected a count ≥ 0, got -1/);
  });
  test("PerfTest failing", () => {
    expect(() => parsePerfTestStepLog(log.replace("LAB_EXIT perftest 0", "LAB_EXIT perftest 1"), ctx)).toThrow(/PerfTest exited 1, expected 0/);
  });
  test("another step's log", () => {
    expect(() => parsePerfTestStepLog(log, { ...ctx, step: step("throughput", 1000, 1, 3, 1) })).toThrow(/LAB_STEP says throughput 500, expected throughput 1000/);
  });
  test("a deletion time that is not one", () => {
    expect(() => parsePerfTestRecovery(log, step("throughput", 500, 1, 3, 1), { pod: "rabbitmq-server-1", at: "yesterday" })).toThrow(/deletion time "yesterday" is not an RFC 3339 time/);
  });
});

test("a counter that went backwards (a restarted node) counts 0 and fails a check, never a negative count", () => {
  const log = readFileSync(join(__dirname, "../fixtures/messaging/perftest/throughput-500.log"), "utf8");
  const restarted = log.replace('"phase": "after", "queues": {"lab-perftest-throughput-500": {"ack": 2015', '"phase": "after", "queues": {"lab-perftest-throughput-500": {"ack": 400');
  const r = parsePerfTestStepLog(restarted, { step: { scenario: "throughput", rate: 500, messageBytes: 1024, producers: 1, consumers: 1, durationSeconds: 3, warmupSeconds: 1 }, target: "t" });
  expect(r.consumed).toBe(0);
  expect(r.checks.find((c) => c.what.startsWith("broker counters only grow"))).toMatchObject({ agrees: false, what: expect.stringContaining("lab-perftest-throughput-500.ack 508 → 400") });
});
