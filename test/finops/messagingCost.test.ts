import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { MessagingStep } from "../../benchmarks/messaging/definitions";
import { parseKafkaStepLog } from "../../benchmarks/messaging/kafkaOutput";
import { messagingCost } from "../../finops/messagingCost";
import { resolvePricing } from "../../finops/resolvePricing";
import { BYTES_PER_GB } from "../../finops/units";

/** phase-08's cost figures on a real parsed step (the Kafka throughput fixture: 2240.477969 msg/s published, 1968.9884 consumed). */
const step: MessagingStep = { scenario: "throughput", rate: 2000, messageBytes: 1024, producers: 1, consumers: 1, durationSeconds: 3, warmupSeconds: 1 };
const result = parseKafkaStepLog(readFileSync(join(__dirname, "../fixtures/messaging/kafka/throughput-2000.log"), "utf8"), step);
const requested = { cpuMillicores: 500, memoryMiB: 1536, storageGiB: 10, pods: 1 };

describe("messagingCost", () => {
  test("per million messages: an hour of the broker pods over an hour of deliveries at the measured rate", async () => {
    const { unitPrices } = await resolvePricing({ profile: "aws" });
    const cost = messagingCost({ result, requested, replicas: 1, retentionHours: 24, unitPrices });
    const perHour = 0.5 * unitPrices.cpuPerVcpuHour.amount + 1.5 * unitPrices.memoryPerGibHour.amount;
    expect(cost.brokerUsdPerHour.value).toBeCloseTo(perHour, 10);
    expect(cost.brokerUsdPerHour.unit).toContain("requests; no usage sample");
    expect(cost.perMillionMessages.value).toBeCloseTo((perHour / (1968.9884 * 3600)) * 1e6, 10);
  });

  test("retention: the published payload kept for the retention, times its copies, at the storage price", async () => {
    const { unitPrices } = await resolvePricing({ profile: "aws" });
    const cost = messagingCost({ result, requested, replicas: 3, retentionHours: 24, unitPrices });
    const gb = (2240.477969 * 1024 * 24 * 3600 * 3) / BYTES_PER_GB;
    expect(cost.retentionStorageGB.value).toBeCloseTo(gb, 6);
    expect(cost.retentionStorageUsdPerMonth.value).toBeCloseTo(gb * unitPrices.storagePerGbMonth.amount, 6);
    expect(cost.retentionStorageUsdPerMonth.unit).toContain("24 h of this step's published payload × 3 copies");
  });

  test("use above the request counts; nothing delivered gives no figure, with the reason, never Infinity", async () => {
    const { unitPrices } = await resolvePricing({ profile: "aws" });
    const usage = { source: "cadvisor" as const, namespace: "lab-messaging", samples: 4, windowSeconds: 8, cpuMillicores: 1200, memoryMiB: 100, pods: ["p"] };
    expect(messagingCost({ result, requested, usage, replicas: 1, retentionHours: 1, unitPrices }).brokerUsdPerHour.unit).toContain("1.200 vCPU and 1.500 GiB");
    const none = messagingCost({ result: { ...result, consumedPerSecond: 0 }, requested, replicas: 1, retentionHours: 1, unitPrices });
    expect(none.perMillionMessages).toMatchObject({ value: null, note: "no throughput: 0 messages delivered" });
  });
});
