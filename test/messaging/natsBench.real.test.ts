import { natsBenchMissing, runLocalNatsBench } from "../../benchmarks/local/localNatsBench";
import { realToolTest } from "../helpers/realTool";

/**
 * One short fan-out step for real: nats bench from natscli v0.3.0 (scripts/install-go-tools.sh)
 * against nats-server 2.9 (Debian) with JetStream on loopback, the stream made by the cluster's
 * setup script, through the Job's tool.sh and the parser. Fan-out because it proves the most at
 * once: one durable per consumer, each receiving every message, the stream and durables agreeing
 * with the tool. No rate is asserted: the tool's --sleep pacing decides it (natsBenchInvocation.ts).
 */
realToolTest(
  "a 2 s fan-out step at 300 msg/s to 2 durables: every acknowledged message delivered to both",
  natsBenchMissing(),
  async () => {
    const { results } = await runLocalNatsBench([{ scenario: "fan-out", rate: 300, messageBytes: 512, producers: 1, consumers: 2, durationSeconds: 2, warmupSeconds: 0 }]);
    expect(results).toHaveLength(1);
    const r = results[0];
    expect(r).toMatchObject({ broker: "nats", tool: "nats bench", toolVersion: "0.3.0", scenario: "fan-out", consumers: 2, publishErrors: 0, published: 600 });
    expect(r.consumed).toBe(2 * r.published);
    expect(r.checks.filter((c) => !c.agrees)).toEqual([]);
    expect(r.publishedPerSecond).toBeGreaterThan(0);
    expect(r.endToEndLatency.value).toBeNull();
  },
  60_000,
);
