import { localKafkaMissing } from "../../benchmarks/local/localKafka";
import { runLocalKafka } from "../../benchmarks/local/localKafkaBench";
import type { MessagingStep } from "../../benchmarks/messaging/definitions";
import { findTool } from "../../benchmarks/local/tools";
import { realToolTest } from "../helpers/realTool";

/**
 * Kafka 4.3.1's own tools against a real local broker (scripts/install-kafka.sh): a throughput
 * step and a two-group fan-out through the Job's script and the Job log's parser. Tiny rates and
 * a few seconds each: the JVM starts are the slow part.
 */
const missing = !findTool("java") ? "java not found (Debian openjdk-17-jre-headless)" : localKafkaMissing();

realToolTest(
  "a throughput and a fan-out step: every group receives exactly what the producer had acknowledged",
  missing,
  async () => {
    const base = { messageBytes: 1024, producers: 1, durationSeconds: 2, warmupSeconds: 1 };
    const steps: MessagingStep[] = [
      { ...base, scenario: "throughput", rate: 2000, consumers: 1 },
      { ...base, scenario: "fan-out", rate: 1000, consumers: 2 },
    ];
    const logs: string[] = [];
    const [throughput, fanOut] = await runLocalKafka(steps, { onLog: (_, log) => logs.push(log) });
    expect(throughput).toMatchObject({ broker: "kafka", scenario: "throughput", published: 6000, consumed: 6000, publishErrors: 0 });
    expect(fanOut).toMatchObject({ scenario: "fan-out", published: 3000, consumed: 6000, consumers: 2 });
    for (const r of [throughput, fanOut]) {
      expect(r.checks.every((c) => c.agrees)).toBe(true);
      expect(r.publishedPerSecond).toBeGreaterThan(0);
      expect(r.publishLatency.value!.p99).toBeGreaterThanOrEqual(r.publishLatency.value!.p50);
      expect(r.endToEndLatency.value?.source).toContain("closed loop");
    }
    expect(logs[0]).toContain("Number of records read: 1");
  },
  90_000,
);
