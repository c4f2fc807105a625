import { readFileSync } from "node:fs";
import { join } from "node:path";
import { compareBrokers, sustainedStep, type BrokerRun } from "../../benchmarks/messaging/comparison";
import type { MessagingStep } from "../../benchmarks/messaging/definitions";
import { parseKafkaStepLog } from "../../benchmarks/messaging/kafkaOutput";
import type { MessagingStepResult } from "../../lib/messagingResult";

const step: MessagingStep = { scenario: "throughput", rate: 2000, messageBytes: 1024, producers: 1, consumers: 1, durationSeconds: 3, warmupSeconds: 1 };
const real = parseKafkaStepLog(readFileSync(join(__dirname, "../fixtures/messaging/kafka/throughput-2000.log"), "utf8"), step);
const at = (offeredRate: number, over: Partial<MessagingStepResult> = {}): MessagingStepResult => ({ ...real, offeredRate, ...over });

describe("the brokers side by side", () => {
  test("the sustained rate is the highest step that kept up with its counts agreeing", () => {
    const run: BrokerRun = { broker: "kafka", throughput: [at(1000), at(2000), at(5000, { saturated: true })] };
    expect(sustainedStep(run)?.offeredRate).toBe(2000);
    const disagreeing = { ...real.checks[0], agrees: false };
    expect(sustainedStep({ broker: "kafka", throughput: [at(1000, { checks: [disagreeing] })] })).toBeUndefined();
  });

  test("figures line up by offered rate; a 1 % difference is a tie, a larger one names the winner and the ratio", () => {
    const kafka: BrokerRun = { broker: "kafka", throughput: [at(2000, { publishedPerSecond: 2000 })] };
    const nats: BrokerRun = { broker: "nats", throughput: [at(2000, { publishedPerSecond: 2010, endToEndLatency: { value: { p50: 1, p95: 2, p99: 4, max: 9, source: "s" } } })] };
    const rows = compareBrokers([kafka, nats], [2000]);
    const published = rows.find((r) => r.figure === "published @ 2000 msg/s")!;
    expect(published).toMatchObject({ values: { kafka: 2000, nats: 2010 }, winner: null });
    // Kafka's fixture: e2e p99 221 ms; nats 4 ms.
    const e2e = rows.find((r) => r.figure === "end-to-end p99 @ 2000 msg/s")!;
    expect(e2e).toMatchObject({ values: { kafka: 221, nats: 4 }, winner: "nats", ratio: 221 / 4 });
    // No recovery run on either side: null, not a zero.
    expect(rows.find((r) => r.figure === "recovery: time to publish again")!.values).toEqual({ kafka: null, nats: null });
  });
});
