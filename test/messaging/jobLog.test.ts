import { parseMessagingJobLog, readMessagingStep, readPodDeletion } from "../../benchmarks/messaging/jobLog";
import type { BrokerTool } from "../../benchmarks/messaging/brokerTool";
import { messagingWrapperScript } from "../../benchmarks/messaging/MessagingBenchmarkJob";
import { podDeleterScript } from "../../benchmarks/messaging/podDeleterScript";
import type { MessagingStep } from "../../benchmarks/messaging/definitions";
import type { MessagingStepResult } from "../../lib/messagingResult";

const step: MessagingStep = { scenario: "recovery", rate: 500, messageBytes: 1024, producers: 1, consumers: 1, durationSeconds: 90, warmupSeconds: 0 };

const run: MessagingStepResult = {
  broker: "rabbitmq", tool: "perf-test", toolVersion: "test", target: "t", scenario: "recovery", startTime: null, durationSeconds: 90,
  offeredRate: 500, messageBytes: 1024, producers: 1, consumers: 1, published: 45_000, publishErrors: 0, consumed: 44_990,
  publishedPerSecond: 500, consumedPerSecond: 499.9, publishedMBPerSecond: 0.512, consumedMBPerSecond: 0.512,
  endToEndLatency: { value: null, note: "n/a" }, publishLatency: { value: null, note: "n/a" }, saturated: false, checks: [],
};

/** A stand-in tool: the test is about the log's framing and the outcome rules, not a tool's parser. */
const tool = (lost: number): BrokerTool => ({
  broker: "rabbitmq",
  image: { repository: "x", tag: "1", source: "x" },
  runAsUser: 1000,
  resources: { cpuMillicores: 100, memoryMiB: 128 },
  jobFiles: () => ({}),
  env: () => [],
  parseStep: () => run,
  parseRecovery: (_log, _step, _target, deletion) => ({ run, deletedPod: deletion.pod, deletedAt: deletion.at, secondsToRecover: 4.5, lostAcknowledged: lost, duplicates: 0 }),
});

const stepLine = messagingWrapperScript(step).split("\n")[1].replace(/^echo '|'$/g, "");

describe("messaging job log", () => {
  it("reads the step the wrapper wrote, and refuses a log without one by name", () => {
    expect(readMessagingStep(`x\n${stepLine}\ny`)).toEqual(step);
    expect(() => readMessagingStep("nothing here")).toThrow('expected one "LAB_MESSAGING_STEP <json>" line, found 0');
    expect(() => readMessagingStep('LAB_MESSAGING_STEP {"rate": -1}')).toThrow(/job log line 1: not a messaging step: .*rate/);
  });

  it("reads the deleter's line, and names a malformed one", () => {
    expect(readPodDeletion("LAB_DELETED lab-rabbitmq-server-0 2026-12-07T10:00:00.123Z")).toEqual({ pod: "lab-rabbitmq-server-0", at: "2026-12-07T10:00:00.123Z" });
    expect(readPodDeletion("no deletion")).toBeUndefined();
    expect(() => readPodDeletion("LAB_DELETED pod-0 yesterday")).toThrow('job log line 1: expected "LAB_DELETED <pod> <RFC 3339 time>"');
  });

  it("a recovery run that lost acknowledged messages fails with the count, its figures kept", () => {
    const log = `${stepLine}\nLAB_EXIT messaging-tool 0\nLAB_DELETED lab-rabbitmq-server-0 2026-12-07T10:00:00.123Z`;
    expect(parseMessagingJobLog(log, tool(0), "t")).toMatchObject({ status: "passed", recovery: { secondsToRecover: 4.5 } });
    const lost = parseMessagingJobLog(log, tool(10), "t");
    expect(lost).toMatchObject({ status: "failed", reason: "10 acknowledged messages were never consumed after lab-rabbitmq-server-0 was deleted", messaging: { published: 45_000 } });
  });

  it("a recovery run without the deleter's line is failed, never passed", () => {
    expect(parseMessagingJobLog(`${stepLine}\nLAB_EXIT messaging-tool 0`, tool(0), "t")).toMatchObject({ status: "failed", reason: expect.stringContaining("no broker pod was deleted") });
  });

  it("a failed tool is a failed outcome with its step", () => {
    expect(parseMessagingJobLog(`${stepLine}\nLAB_EXIT messaging-tool 3`, tool(0), "t")).toMatchObject({ status: "failed", reason: expect.stringContaining("messaging-tool exited with 3") });
  });

  it("the deleter script refuses a timing that is not a whole number of seconds", () => {
    expect(() => podDeleterScript({ deleteAfterSeconds: 1.5, deadlineSeconds: 10 })).toThrow("deleteAfterSeconds: expected a non-negative integer, got 1.5");
    expect(podDeleterScript({ deleteAfterSeconds: 20, deadlineSeconds: 300 })).toContain("sleep 20");
  });
});
