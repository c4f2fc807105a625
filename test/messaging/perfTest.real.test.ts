import { perfTestMissing, runLocalPerfTest } from "../../benchmarks/local/localRabbitMqBench";
import { rabbitMqServerScript } from "../../benchmarks/local/localRabbitMq";
import { existsSync } from "node:fs";
import { realToolTest } from "../helpers/realTool";

/**
 * One short fan-out step for real: PerfTest 2.22.1 (scripts/install-perf-test.sh) against
 * rabbitmq-server 3.10 (Debian) on loopback, through the cluster Job's script and parser. Fan-out
 * because it proves the most at once: the fanout exchange, one quorum queue per consumer, and
 * each consumer receiving every message (the broker's counters say so exactly).
 */
const missing = !existsSync(rabbitMqServerScript) ? `${rabbitMqServerScript} not found (Debian package rabbitmq-server)` : perfTestMissing();

realToolTest(
  "a 2 s fan-out step at 300 msg/s to 2 quorum queues: every message confirmed and delivered to both consumers",
  missing,
  async () => {
    const { results } = await runLocalPerfTest([{ scenario: "fan-out", rate: 300, messageBytes: 512, producers: 1, consumers: 2, durationSeconds: 2, warmupSeconds: 0 }]);
    expect(results).toHaveLength(1);
    const r = results[0];
    expect(r).toMatchObject({ broker: "rabbitmq", tool: "perf-test", toolVersion: "2.22.1", scenario: "fan-out", consumers: 2, saturated: false, publishErrors: 0 });
    expect(r.published).toBeGreaterThan(500);
    expect(r.consumed).toBe(2 * r.published);
    expect(r.checks.filter((c) => !c.agrees)).toEqual([]);
    expect(r.endToEndLatency.value!.p50).toBeGreaterThan(0);
    expect(r.publishLatency.value!.p99).toBeGreaterThanOrEqual(r.publishLatency.value!.p50);
  },
  90_000,
);
