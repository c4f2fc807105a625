import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cloudEventOfBytes } from "../../benchmarks/messaging/cloudEvent";
import type { MessagingStep } from "../../benchmarks/messaging/definitions";
import {
  natsConsumeArgs,
  natsConsumerNames,
  natsMessageCount,
  natsPubArgs,
  natsPublishBatch,
  natsSleepMicros,
  natsStepSubject,
} from "../../benchmarks/messaging/natsBenchInvocation";
import { natsBenchJobScript } from "../../benchmarks/messaging/natsBenchJobScript";
import { natsBenchTool } from "../../benchmarks/messaging/natsBenchTool";

const step = (over: Partial<MessagingStep> = {}): MessagingStep => ({ scenario: "throughput", rate: 5000, messageBytes: 1024, producers: 2, consumers: 3, durationSeconds: 30, warmupSeconds: 5, ...over });

describe("nats bench argv", () => {
  test("publisher: async JetStream publish on the step's subject, the rate as a sleep per client, the CloudEvents file as payload", () => {
    const s = step();
    expect(natsSleepMicros(s)).toBe(400); // 2 producers / 5000 msg/s
    expect(natsPublishBatch(s)).toBe(25); // ~10 ms of 2500 msg/s
    expect(natsPubArgs(s, { stream: "lab-events", subject: natsStepSubject("lab-events", s), payloadFile: "/w/ce.json", csvFile: "/w/pub.csv", messages: natsMessageCount(s, 30) })).toEqual([
      "bench", "js", "pub", "async", "lab-events.bench.throughput-5000", "--stream", "lab-events", "--clients", "2", "--msgs", "150000",
      "--size", "1024B", "--payload", "/w/ce.json", "--sleep", "400us", "--batch", "25", "--no-progress", "--csv", "/w/pub.csv",
    ]);
  });

  test("batch bounds: at least 1 at low rates, at most the tool's 500", () => {
    expect(natsPublishBatch(step({ rate: 10, producers: 1 }))).toBe(1);
    expect(natsPublishBatch(step({ rate: 1_000_000, producers: 1 }))).toBe(500);
  });

  test("consumers: one shared durable for throughput, one durable each for fan-out", () => {
    expect(natsConsumerNames(step())).toEqual(["lab-bench-throughput-5000"]);
    expect(natsConsumerNames(step({ scenario: "fan-out", rate: 1000 }))).toEqual(["lab-bench-fan-out-1000-1", "lab-bench-fan-out-1000-2", "lab-bench-fan-out-1000-3"]);
    expect(natsConsumeArgs(step(), { stream: "s", consumer: "c", clients: 3, messages: 10, csvFile: "/w/c.csv" })).toEqual([
      "bench", "js", "consume", "--stream", "s", "--consumer", "c", "--clients", "3", "--msgs", "10", "--size", "1024B", "--batch", "500", "--acks", "explicit", "--no-progress", "--csv", "/w/c.csv",
    ]);
  });

  test("whole seconds only", () => {
    expect(() => natsMessageCount(step(), 0.5)).toThrow(/whole seconds/);
  });
});

describe("the Job's tool.sh", () => {
  test("parses as POSIX sh, every nats bench bounded by timeout, no server address in it (NATS_URL from the env)", () => {
    for (const scenario of ["throughput", "fan-out", "recovery"] as const) {
      const script = natsBenchJobScript(step({ scenario }), "lab-events");
      execFileSync("sh", ["-n", "-c", script]);
      const benchLines = script.split("\n").filter((l) => l.includes("'bench' 'js'"));
      expect(benchLines.length).toBeGreaterThan(0);
      for (const l of benchLines) expect(l).toMatch(/timeout \d+ \$NATS/);
      expect(script).not.toMatch(/nats:\/\/|4222/);
    }
  });

  test("writes the CloudEvents envelope byte for byte (the shell pads it)", () => {
    const dir = mkdtempSync(join(tmpdir(), "nats-job-"));
    try {
      const script = natsBenchJobScript(step({ messageBytes: 4096 }), "lab-events", { workDir: dir });
      const payloadLine = script.split("\n").find((l) => l.includes("cloudevent.json") && l.startsWith("{ printf"))!;
      execFileSync("sh", ["-c", payloadLine]);
      expect(readFileSync(join(dir, "cloudevent.json"), "utf8")).toBe(cloudEventOfBytes(4096));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("recovery publishes in 1 s chunks with a short ack timeout and stops its consumer once drained", () => {
    const script = natsBenchJobScript(step({ scenario: "recovery", rate: 500, producers: 1, consumers: 1, durationSeconds: 90, warmupSeconds: 0 }), "lab-events");
    expect(script).toContain("LAB_NATS_CHUNK $n start=$s end=");
    expect(script).toContain("$NATS --timeout 2s 'bench' 'js' 'pub' 'async' 'lab-events.bench.recovery-500'");
    expect(script).toContain("'--msgs' '500'");
    expect(script).not.toContain("LAB_EXIT nats-consume-");
    expect(script).not.toContain("nats-warmup");
  });

  test("refuses a stream name that is not one", () => {
    expect(() => natsBenchJobScript(step(), "lab events")).toThrow(/stream name/);
  });
});

describe("natsBenchTool", () => {
  test("nats-box 0.19.2 (natscli 0.3.0) as uid 1000, NATS_URL from the connection, tool.sh only", () => {
    expect(natsBenchTool.image).toMatchObject({ repository: "natsio/nats-box", tag: "0.19.2" });
    expect(natsBenchTool.runAsUser).toBe(1000);
    expect(natsBenchTool.env({ broker: "nats", address: "nats.ns.svc.cluster.local:4222", destination: "lab-events", replicas: 1 })).toEqual([{ name: "NATS_URL", value: "nats://nats.ns.svc.cluster.local:4222" }]);
    expect(Object.keys(natsBenchTool.jobFiles(step(), { broker: "nats", address: "a:4222", destination: "lab-events", replicas: 1 }, "1"))).toEqual(["tool.sh"]);
  });
});
