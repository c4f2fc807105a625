import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { MessagingStep } from "../../benchmarks/messaging/definitions";
import { parseMessagingJobLog, readMessagingStep } from "../../benchmarks/messaging/jobLog";
import { parseNatsBenchRecovery, parseNatsBenchStep, parseNatsCsv, parseNatsSummary } from "../../benchmarks/messaging/natsBenchOutput";
import { natsBenchTool } from "../../benchmarks/messaging/natsBenchTool";

/**
 * The parser on real captured logs (test/fixtures/messaging/nats/PROVENANCE.md). Every expected
 * figure was read off the fixture's lines by eye; the line is quoted beside it.
 */
const fixture = (name: string) => readFileSync(join(__dirname, "../fixtures/messaging/nats", name), "utf8");
const target = "127.0.0.1:4222 stream lab-events";
const base = { messageBytes: 1024, producers: 1, durationSeconds: 3, warmupSeconds: 1 };
const throughput: MessagingStep = { ...base, scenario: "throughput", rate: 2000, consumers: 1 };
const fanOut: MessagingStep = { ...base, scenario: "fan-out", rate: 500, consumers: 3 };
const recovery: MessagingStep = { ...base, scenario: "recovery", rate: 200, consumers: 1, durationSeconds: 10, warmupSeconds: 0 };

describe("parseNatsBenchStep on the throughput fixture", () => {
  const r = parseNatsBenchStep(fixture("throughput-2000.log"), throughput, target);

  test("counts from the stream and the durable: 6000 stored and delivered once", () => {
    // stream-before "last_seq": 2000 (the warm-up's), stream-after "last_seq": 8000; consumer "delivered": { "consumer_seq": 6000
    expect(r).toMatchObject({ broker: "nats", tool: "nats bench", toolVersion: "0.3.0", published: 6000, consumed: 6000, publishErrors: 0, offeredRate: 2000, target });
    expect(r.checks.every((c) => c.agrees)).toBe(true);
    expect(r.checks[0]).toMatchObject({ expected: 6000, observed: 6000 });
  });

  test("duration and rates from the CSV: the tool's --sleep pacing reached 739 of 2000 msg/s, so saturated", () => {
    // "tj6S0XQWfwx2xqXlUfaJPd,P0,12000,6144000,739,756785.431484,8.118550,1353.091586" (6144000 B / 1024 = 6000 msgs)
    // "EBUls2cvxw8ektLYECHnjs,S0,12027,6144000,739,757240.804607,8.113667,1352.277893"
    expect(r.durationSeconds).toBe(8.11855);
    expect(r.publishedPerSecond).toBeCloseTo(6000 / 8.11855, 6);
    expect(r.consumedPerSecond).toBeCloseTo(6000 / 8.113667, 6);
    expect(r.publishedMBPerSecond).toBeCloseTo((6000 / 8.11855) * 1024 / 1e6, 9);
    expect(r.saturated).toBe(true);
    expect(r.startTime).toBe("2026-12-07T13:27:11.000Z");
  });

  test("no latency is invented: both null, the note says why", () => {
    expect(r.endToEndLatency.value).toBeNull();
    expect(r.endToEndLatency.note).toMatch(/puts no timestamp in its messages/);
    expect(r.publishLatency.value).toBeNull();
    expect(r.publishLatency.note).toMatch(/does not time PubAcks/);
  });
});

describe("parseNatsBenchStep on the fan-out fixture", () => {
  const r = parseNatsBenchStep(fixture("fan-out-500-3-consumers.log"), fanOut, target);

  test("three durables each received all 1500 messages", () => {
    // stream "last_seq": 8500 → 10000; each consumer "consumer_seq": 1500, "stream_seq": 10000
    expect(r).toMatchObject({ published: 1500, consumed: 4500, consumers: 3 });
    expect(r.checks.filter((c) => !c.agrees)).toEqual([]);
    expect(r.checks.find((c) => c.what.startsWith("first deliveries"))).toMatchObject({ expected: 4500, observed: 4500 });
    // "vcKD3fj3jFwiCsEcCAy4ox,P0,3000,1536000,393,403293.696998,3.808639,2539.092497"
    expect(r.durationSeconds).toBe(3.808639);
    // the longest consumer: "vBdpp1uX5LlsrXr6nSxgIP,S0,3009,1536000,394,403705.190681,3.804757,..."
    expect(r.consumedPerSecond).toBeCloseTo(4500 / 3.805348, 6);
  });
});

describe("parseNatsBenchStep with 2 producers and 2 consumers on one durable", () => {
  const step: MessagingStep = { ...base, scenario: "throughput", rate: 1000, producers: 2, consumers: 2, durationSeconds: 2, warmupSeconds: 0 };
  const r = parseNatsBenchStep(fixture("throughput-1000-2-producers-2-consumers.log"), step, target);

  test("both clients' CSV rows summed, the longest duration, the aggregated summary line checked", () => {
    // "XGPGOkstgRRIXQ2rOVQvM6,P0,2000,1024000,398,407659.387384,2.511901,..." and "...,P1,2000,1024000,397,407201.164259,2.514728,..."
    // "NATS JetStream asynchronous publisher aggregated stats: 795 msgs/sec ~ 795 KiB/sec"; stream last_seq 0 → 2000; durable "consumer_seq": 2000
    expect(r).toMatchObject({ published: 2000, consumed: 2000, producers: 2, consumers: 2, durationSeconds: 2.514728 });
    expect(r.checks.find((c) => c.what.startsWith("nats bench's printed publisher rate"))).toMatchObject({ expected: 795, observed: 795, agrees: true });
    expect(r.checks.filter((c) => !c.agrees)).toEqual([]);
  });
});

describe("parseNatsBenchRecovery on the kill -9 fixture", () => {
  const log = fixture("recovery-200-kill-restart.log");

  test("the outage from the failed chunk to the end of the first good one after it", () => {
    // "LAB_DELETED nats-server-37457 2026-12-07T13:26:48.879Z"; chunk 3 "rc=1"; chunk 4 "end=2026-12-07T13:26:53Z rc=0"
    const r = parseNatsBenchRecovery(log, recovery, target, { pod: "nats-server-37457", at: "2026-12-07T13:26:48.879Z" });
    expect(r.secondsToRecover).toBeCloseTo(4.121, 3);
    // 6 good chunks × 200 acknowledged; the durable "consumer_seq": 1302 (the failed chunk stored 102 too), "num_redelivered": 0
    expect(r.run).toMatchObject({ published: 1200, publishErrors: 200, consumed: 1302 });
    expect(r.lostAcknowledged).toBe(0);
    expect(r.duplicates).toBe(0);
    expect(r.run.checks.filter((c) => !c.agrees)).toEqual([]);
  });

  test("through the Job log reader and the tool: passed", () => {
    const outcome = parseMessagingJobLog(log, natsBenchTool, target);
    expect(readMessagingStep(log)).toEqual(recovery);
    expect(outcome.status).toBe("passed");
    expect(outcome.recovery?.deletedPod).toBe("nats-server-37457");
  });

  test("a deletion after the last chunk: publishes never failed after it, 0 s", () => {
    expect(parseNatsBenchRecovery(log, recovery, target, { pod: "p", at: "2026-12-07T13:27:30Z" }).secondsToRecover).toBe(0);
  });
});

describe("refusals name the line and what was expected", () => {
  const log = fixture("throughput-2000.log");

  test("another step's log", () => {
    expect(() => parseNatsBenchStep(log, { ...throughput, rate: 5000 }, target)).toThrow(/LAB_STEP says throughput 2000, expected throughput 5000/);
  });

  test("another natscli version", () => {
    expect(() => parseNatsBenchStep(log.replace("natscli v0.3.0", "natscli v0.4.0"), throughput, target)).toThrow(/natscli 0.4.0, expected the pinned 0.3.0/);
  });

  test("a failed publisher", () => {
    expect(() => parseNatsBenchStep(log.replace("LAB_EXIT nats-pub 0", "LAB_EXIT nats-pub 1"), throughput, target)).toThrow(/line 61: nats bench js pub exited 1, expected 0/);
  });

  test("a CSV row cut short", () => {
    expect(() => parseNatsBenchStep(log.replace(",8.118550,1353.091586", ""), throughput, target)).toThrow(/line 64: publisher CSV: expected 8 comma-separated fields/);
  });

  test("a --size that is not the payload's", () => {
    expect(() => parseNatsCsv("#RunID,ClientID,MsgCount,MsgBytes,MsgsPerSec,BytesPerSec,DurationSecs,AvgLatencyMicroSecs\nx,P0,10,1000,1,1,1,1", 1024, 5, "publisher CSV")).toThrow(/line 6: .*not a multiple of the step's 1024-byte messages/);
  });

  test("no summary line", () => {
    expect(() => parseNatsSummary("13:00:00 Using stream: lab", 10, "nats bench js pub")).toThrow(/line 9: nats bench js pub: expected one 'NATS <benchmark> stats/);
  });

  test("stream info that is not JSON", () => {
    const broken = log.replace(/LAB_BEGIN nats-stream-after\n\{/, "LAB_BEGIN nats-stream-after\nnats: error: stream not found\n{");
    expect(() => parseNatsBenchStep(broken, throughput, target)).toThrow(/stream info after the run: expected the JSON/);
  });

  test("a recovery run read as a step, and the reverse", () => {
    expect(() => parseNatsBenchStep(fixture("recovery-200-kill-restart.log"), recovery, target)).toThrow(/parseNatsBenchRecovery/);
    expect(() => parseNatsBenchRecovery(log, throughput, target, { pod: "p", at: "2026-12-07T13:27:30Z" })).toThrow(/reads a recovery run/);
  });
});
