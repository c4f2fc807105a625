import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execBounded } from "../../benchmarks/local/exec";
import { cloudEventOfBytes } from "../../benchmarks/messaging/cloudEvent";
import type { MessagingStep } from "../../benchmarks/messaging/definitions";
import { perfTestArgs, perfTestTopology } from "../../benchmarks/messaging/perfTestInvocation";
import { perfTestImage, perfTestJobScript } from "../../benchmarks/messaging/perfTestJobScript";

const step = (over: Partial<MessagingStep> = {}): MessagingStep => ({ scenario: "throughput", rate: 10000, messageBytes: 1024, producers: 2, consumers: 2, durationSeconds: 30, warmupSeconds: 5, ...over });
const connection = { host: "lab-rabbitmq.messaging.svc", amqpPort: 5672, managementPort: 15672, userEnv: "RABBITMQ_USER", passwordEnv: "RABBITMQ_PASSWORD" };

describe("PerfTest argv", () => {
  test("throughput: one quorum queue, the rate split over producers, confirms, compact per-second output", () => {
    expect(perfTestArgs(step(), { bodyFile: "/tmp/b.json", seconds: 30 })).toEqual([
      "--quorum-queue", "--queue", "lab-perftest-throughput-10000", "--exchange", "lab-perftest-throughput-10000-direct", "--type", "direct",
      "--auto-delete", "false", "--producers", "2", "--consumers", "2", "--rate", "5000",
      "--body", "/tmp/b.json", "--body-content-type", "application/cloudevents+json", "--flag", "persistent",
      "--confirm", "1000", "--qos", "500", "--connection-recovery-interval", "1", "--time", "30", "--interval", "1", "--metrics-format", "compact",
    ]);
  });

  test("fan-out: a fanout exchange and one quorum queue per consumer", () => {
    const s = step({ scenario: "fan-out", rate: 1000, producers: 1, consumers: 3 });
    const args = perfTestArgs(s, { bodyFile: "/b", seconds: 30 });
    expect(args.slice(0, 12)).toEqual(["--quorum-queue", "--queue-pattern", "lab-perftest-fan-out-1000-%d", "--queue-pattern-from", "1", "--queue-pattern-to", "3", "--exchange", "lab-perftest-fan-out-1000-fanout", "--type", "fanout", "--auto-delete"]);
    expect(perfTestTopology(s).queues).toEqual(["lab-perftest-fan-out-1000-1", "lab-perftest-fan-out-1000-2", "lab-perftest-fan-out-1000-3"]);
  });

  test("no credentials and no URI in the argv; whole seconds only", () => {
    expect(perfTestArgs(step(), { bodyFile: "/b", seconds: 1 }).join(" ")).not.toMatch(/amqp:|--uri|password/i);
    expect(() => perfTestArgs(step(), { bodyFile: "/b", seconds: 0 })).toThrow(/PerfTest --time: expected whole seconds ≥ 1, got 0/);
  });
});

describe("PerfTest job script", () => {
  test("pinned image, markers in order, credentials only by env var name", () => {
    expect(perfTestImage).toBe("pivotalrabbitmq/perf-test:2.22.1");
    const script = perfTestJobScript(step(), connection);
    const order = ["LAB_STEP throughput 10000", "LAB_TOOL_VERSION", "LAB_BEGIN perftest-warmup seconds=5", "LAB_QUEUE_STATS before", "LAB_BEGIN perftest-run seconds=30", "LAB_END perftest-run", "LAB_EXIT perftest $(cat", "LAB_QUEUE_STATS after", "management.py' delete"];
    const at = order.map((m) => script.indexOf(m));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(script).toContain("export LAB_MQ_USER_ENV=RABBITMQ_USER LAB_MQ_PASSWORD_ENV=RABBITMQ_PASSWORD");
    expect(script).toContain('PERF_TEST_CMD="${PERF_TEST_CMD:-java -jar /perf_test/perf-test.jar}"');
    expect(script).toContain("'--time' '30'");
    expect(script).toContain("'--time' '5'");
  });

  test("no warm-up run when the step has none (recovery)", () => {
    expect(perfTestJobScript(step({ scenario: "recovery", warmupSeconds: 0 }), connection)).not.toContain("perftest-warmup");
  });

  test("an env var name that is not one is refused", () => {
    expect(() => perfTestJobScript(step(), { ...connection, passwordEnv: "$(id)" })).toThrow(/credential env var name: expected/);
  });

  test("the body file it writes is exactly the lab's CloudEvents envelope", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lab-perftest-body-"));
    try {
      for (const bytes of [cloudEventOfBytes(1024).length, 300, 65536]) {
        const script = perfTestJobScript(step({ messageBytes: bytes }), connection, { workDir: dir });
        const write = script.split("\n").find((l) => l.includes("cloudevent.json") && l.startsWith("{ printf"))!;
        await execBounded(["sh", "-c", write], { timeoutMs: 10_000 });
        expect(readFileSync(join(dir, "cloudevent.json"), "utf8")).toBe(cloudEventOfBytes(bytes));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
