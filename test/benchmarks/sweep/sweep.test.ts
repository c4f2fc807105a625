import { withBenchmarkCost } from "../../../finops/joinBenchmark";
import { footprintSchema } from "../../../lib/footprint";
import { addedLatency } from "../../../benchmarks/sweep/addedLatency";
import { buildComparison } from "../../../benchmarks/sweep/comparison";
import { parseRateSweep, parseSlo, sweepDefinitions } from "../../../benchmarks/sweep/rateSweep";
import { loadGeneratorSaturation } from "../../../benchmarks/sweep/saturation";
import { highestStepHoldingSlo } from "../../../benchmarks/sweep/sloLimit";
import { sweepStepFromResult } from "../../../benchmarks/sweep/stepResult";
import { testPrices } from "../../finops/testPrices";
import { step } from "./sweepTestSteps";

describe("rate sweep definition", () => {
  test("defaults, and one constant-arrival-rate definition per step", () => {
    expect(parseRateSweep(undefined)).toEqual({ stepsPerSecond: [250, 500, 1000, 2000], stepSeconds: 30, warmupSeconds: 10 });
    const defs = sweepDefinitions({ url: "http://127.0.0.1:8080/", maxVUs: 200 }, parseRateSweep({ stepsPerSecond: [100, 300], stepSeconds: 5, warmupSeconds: 1 }));
    expect(defs.map((d) => [d.offeredPerSecond, d.definition.rate, d.definition.durationSeconds, d.definition.warmupSeconds, d.definition.executor, d.definition.maxVUs])).toEqual([
      [100, 100, 5, 1, "constant-arrival-rate", 200],
      [300, 300, 5, 1, "constant-arrival-rate", 200],
    ]);
  });

  test("steps must strictly increase; errors name the key and the value", () => {
    expect(() => parseRateSweep({ stepsPerSecond: [100, 200, 200] }, "lab:traffic.sweep")).toThrow(
      "lab:traffic.sweep.stepsPerSecond.2: got 200, expected > 200 (the step before it): steps must strictly increase",
    );
    expect(() => parseRateSweep({ stepsPerSecond: [500, 250] })).toThrow("sweep.stepsPerSecond.1: got 250, expected > 500");
    expect(() => parseRateSweep({ stepsPerSecond: [] })).toThrow("sweep.stepsPerSecond: got [], expected at least 1 item");
    expect(() => parseRateSweep({ stepsPerSecond: [10.5] })).toThrow("sweep.stepsPerSecond.0: got 10.5, expected an integer");
    expect(() => parseRateSweep({ steps: [1] })).toThrow("sweep.steps: unknown key, expected one of stepsPerSecond, stepSeconds, warmupSeconds");
  });

  test("SLO: numbers with defaults; a string is refused naming the key", () => {
    expect(parseSlo(undefined)).toEqual({ p99Ms: 100, errorRatio: 0.01 });
    expect(() => parseSlo({ p99Ms: "fast" }, "lab:traffic.slo")).toThrow('lab:traffic.slo.p99Ms: got "fast", expected a number');
    expect(() => parseSlo({ errorRatio: 2 })).toThrow("slo.errorRatio: got 2, expected ≤ 1");
  });
});

describe("saturation", () => {
  const base = { offeredPerSecond: 1000, measuredSeconds: 10, loadGenerator: { iterationOverheadMs: 0.1, cpuThrottledRatio: null } };

  test("dropped iterations: 100 of 10000 offered is exactly 1 % (ok), 101 is over", () => {
    expect(loadGeneratorSaturation({ ...base, droppedIterations: 100 })).toEqual({ status: "ok", reasons: [] });
    expect(loadGeneratorSaturation({ ...base, droppedIterations: 101 })).toEqual({
      status: "load-generator-saturated",
      reasons: ["k6 dropped 101 of 10000 offered iterations (1.01 % > 1 %)"],
    });
  });

  test("CPU starvation from k6's per-iteration overhead, and from cgroup throttling", () => {
    expect(loadGeneratorSaturation({ ...base, droppedIterations: 0, loadGenerator: { iterationOverheadMs: 0.5, cpuThrottledRatio: 0.1 } }).status).toBe("ok");
    const s = loadGeneratorSaturation({ ...base, droppedIterations: 0, loadGenerator: { iterationOverheadMs: 0.6, cpuThrottledRatio: 0.25 } });
    expect(s.status).toBe("load-generator-saturated");
    expect(s.reasons).toEqual([
      "k6 spent 0.600 ms per iteration outside the request (> 0.5 ms): CPU-starved",
      "the load generator was CPU-throttled in 25.0 % of CFS periods (> 10 %)",
    ]);
    // Unknown evidence is not evidence of saturation.
    expect(loadGeneratorSaturation({ ...base, droppedIterations: 0, loadGenerator: { iterationOverheadMs: null, cpuThrottledRatio: null } }).status).toBe("ok");
  });

  test("a step built from a result carries its units and its saturation", () => {
    const s = step(1000, { p50: 1, p99: 4, requests: 9800, dropped: 200 });
    expect(s).toMatchObject({ offeredPerSecond: 1000, achievedPerSecond: 980, measuredSeconds: 10, requests: 9800, droppedIterations: 200, latencyMs: { p50: 1, p90: 2, p95: 3, p99: 4, max: 8 } });
    expect(s.saturation).toEqual({ status: "load-generator-saturated", reasons: ["k6 dropped 200 of 10000 offered iterations (2.00 % > 1 %)"] });
  });

  test("the k6 result's own overhead figure is read; a runner's cgroup evidence is added to it", () => {
    const result = { count: 1000, errors: 0, dropped: 0, rate: 100, durationSeconds: 10, latencyMs: { avg: 1, stddev: null, p50: 1, p90: 1, p95: 1, p99: 1, max: 1 }, loadGenerator: { iterationOverheadMs: 0.7 } };
    expect(sweepStepFromResult({ result, offeredPerSecond: 100 })).toMatchObject({ loadGenerator: { iterationOverheadMs: 0.7, cpuThrottledRatio: null }, saturation: { status: "load-generator-saturated" } });
    const withCgroup = sweepStepFromResult({ result: { ...result, loadGenerator: { iterationOverheadMs: 0.2 } }, offeredPerSecond: 100, loadGenerator: { cpuThrottledRatio: 0.5 } });
    expect(withCgroup.loadGenerator).toEqual({ iterationOverheadMs: 0.2, cpuThrottledRatio: 0.5 });
    expect(withCgroup.saturation.reasons).toEqual(["the load generator was CPU-throttled in 50.0 % of CFS periods (> 10 %)"]);
  });
});

describe("added latency over the baseline", () => {
  test("p50 and p99 deltas by step; null where either side is saturated or missing", () => {
    const baseline = [step(100, { p50: 0.5, p99: 2 }), step(200, { p50: 0.6, p99: 2.5 }), step(400, { p50: 0.7, p99: 3, dropped: 500 })];
    const proxy = [step(100, { p50: 0.75, p99: 3 }), step(200, { p50: 0.9, p99: 5.5 }), step(400, { p50: 1, p99: 9 }), step(800, { p50: 2, p99: 20 })];
    expect(addedLatency(baseline, proxy)).toEqual([
      { offeredPerSecond: 100, p50Ms: 0.25, p99Ms: 1 },
      { offeredPerSecond: 200, p50Ms: 0.9 - 0.6, p99Ms: 3 },
      { offeredPerSecond: 400, p50Ms: null, p99Ms: null, note: "load generator saturated at this step (baseline run)" },
      { offeredPerSecond: 800, p50Ms: null, p99Ms: null, note: "the baseline has no 800/s step" },
    ]);
  });
});

describe("highest step holding the SLO", () => {
  const slo = parseSlo({ p99Ms: 10, errorRatio: 0.01 });

  test("stops at the first breach; a later good step does not count", () => {
    const steps = [step(100, { p50: 1, p99: 5 }), step(200, { p50: 1, p99: 10 }), step(400, { p50: 2, p99: 12 }), step(800, { p50: 1, p99: 5 })];
    expect(highestStepHoldingSlo(steps, slo)).toEqual({ highestHoldingPerSecond: 200, boundedBy: "slo", stoppedAtPerSecond: 400, note: "SLO broken at 400/s: p99 12 ms > 10 ms" });
  });

  test("errors: 10 of 1000 (1 %) holds, 11 breaks", () => {
    expect(highestStepHoldingSlo([step(100, { p50: 1, p99: 5, errors: 10 })], slo).boundedBy).toBe("sweep-end");
    expect(highestStepHoldingSlo([step(100, { p50: 1, p99: 5, errors: 11 })], slo)).toMatchObject({ highestHoldingPerSecond: null, boundedBy: "slo", note: "SLO broken at 100/s: error ratio 0.011 > 0.01" });
  });

  test("a saturated step is never the limit: the walk stops below it", () => {
    const steps = [step(100, { p50: 1, p99: 5 }), step(200, { p50: 1, p99: 50, overheadMs: 2 })];
    expect(highestStepHoldingSlo(steps, slo)).toMatchObject({ highestHoldingPerSecond: 100, boundedBy: "load-generator-saturated", stoppedAtPerSecond: 200 });
    expect(highestStepHoldingSlo([step(100, { p50: 1, p99: 5 }), step(200, { p50: 1, p99: 6 })], slo)).toEqual({
      highestHoldingPerSecond: 200,
      boundedBy: "sweep-end",
      stoppedAtPerSecond: null,
      note: "held every step; the limit is at least 200/s",
    });
  });
});

describe("comparison of a step in which every request failed", () => {
  test("its latencies are no figure (k6 times refused connections as 0 ms), so it is never best on a latency row", () => {
    const slo = parseSlo({ p99Ms: 10, errorRatio: 0.01 });
    const refused = step(100, { p50: 0, p99: 0, requests: 1000, errors: 1000 });
    const c = buildComparison({
      baseline: "direct",
      targets: [
        { target: "direct", steps: [step(100, { p50: 0.5, p99: 2 })] },
        { target: "nginx", steps: [step(100, { p50: 0.8, p99: 3 })] },
        { target: "down", steps: [refused] },
      ],
      slo,
    });
    const p99 = c.rows.find((r) => r.figure === "p99Ms" && r.offeredPerSecond === 100)!;
    expect(p99.values).toEqual({ direct: 2, nginx: 3, down: null });
    expect(p99.best).toBe("nginx");
    expect(p99.deltaOverBaseline.down).toBeNull();
    // Its error ratio is still a figure: that is where the failure shows.
    expect(c.rows.find((r) => r.figure === "errorRatio" && r.offeredPerSecond === 100)!.values.down).toBe(1);
  });
});

describe("comparison", () => {
  const slo = parseSlo({ p99Ms: 10, errorRatio: 0.01 });
  const targets = [
    { target: "nginx", steps: [step(100, { p50: 0.8, p99: 3, perMillionUsd: 0.02 }), step(200, { p50: 1.0, p99: 6, perMillionUsd: 0.01 })] },
    { target: "direct", steps: [step(100, { p50: 0.5, p99: 2 }), step(200, { p50: 0.6, p99: 2.5 })] },
    { target: "haproxy", steps: [step(100, { p50: 0.7, p99: 4, perMillionUsd: 0.03 }), step(200, { p50: 0.9, p99: 12, dropped: 300, perMillionUsd: 0.005 })] },
  ];
  const c = buildComparison({ baseline: "direct", targets, slo });
  const rowOf = (figure: string, rate: number | null) => c.rows.find((r) => r.figure === figure && r.offeredPerSecond === rate)!;

  test("baseline first; values side by side; best among the non-baseline targets", () => {
    expect(c.targets).toEqual(["direct", "nginx", "haproxy"]);
    expect(rowOf("p50Ms", 100)).toEqual({
      figure: "p50Ms",
      unit: "ms",
      better: "lower",
      offeredPerSecond: 100,
      values: { direct: 0.5, nginx: 0.8, haproxy: 0.7 },
      saturated: [],
      best: "haproxy",
      deltaOverBaseline: { nginx: 0.8 - 0.5, haproxy: 0.7 - 0.5 },
    });
    expect(rowOf("p99Ms", 100)).toMatchObject({ best: "nginx", deltaOverBaseline: { nginx: 1, haproxy: 2 } });
    // Both proxies achieved 100/s: a shared value names no best.
    expect(rowOf("achievedPerSecond", 100)).toMatchObject({ values: { direct: 100, nginx: 100, haproxy: 100 }, best: null });
    // 9 figures per step for 2 steps, plus the whole-sweep limit.
    expect(c.rows).toHaveLength(19);
  });

  test("a saturated step is shown, never best, never given a delta", () => {
    expect(rowOf("p99Ms", 200)).toEqual({
      figure: "p99Ms",
      unit: "ms",
      better: "lower",
      offeredPerSecond: 200,
      values: { direct: 2.5, nginx: 6, haproxy: 12 },
      saturated: ["haproxy"],
      best: "nginx",
      deltaOverBaseline: { nginx: 3.5, haproxy: null },
    });
    // haproxy's 0.005 USD/M at 200/s would be cheapest, but it was measured with a saturated k6.
    expect(rowOf("costPerMillionRequestsUsd", 200)).toMatchObject({ values: { direct: null, nginx: 0.01, haproxy: 0.005 }, best: "nginx", deltaOverBaseline: { nginx: null, haproxy: null } });
    expect(rowOf("achievedPerSecond", 200)).toMatchObject({ better: "higher", values: { direct: 200, nginx: 200, haproxy: 200 }, best: "nginx" });
  });

  test("limits and added latency per target", () => {
    expect(c.limits.direct).toMatchObject({ highestHoldingPerSecond: 200, boundedBy: "sweep-end" });
    expect(c.limits.haproxy).toMatchObject({ highestHoldingPerSecond: 100, boundedBy: "load-generator-saturated", stoppedAtPerSecond: 200 });
    expect(rowOf("highestStepHoldingSloPerSecond", null)).toMatchObject({ unit: "requests/s", values: { direct: 200, nginx: 200, haproxy: 100 }, best: "nginx", deltaOverBaseline: { nginx: 0, haproxy: -100 } });
    expect(c.addedLatencyMs.nginx).toEqual([
      { offeredPerSecond: 100, p50Ms: 0.8 - 0.5, p99Ms: 1 },
      { offeredPerSecond: 200, p50Ms: 1.0 - 0.6, p99Ms: 3.5 },
    ]);
    expect(Object.keys(c.addedLatencyMs)).toEqual(["nginx", "haproxy"]);
  });

  test("bad input names what is wrong", () => {
    expect(() => buildComparison({ baseline: "none", targets, slo })).toThrow('comparison.baseline: got "none", expected one of the targets (nginx, direct, haproxy)');
    expect(() => buildComparison({ baseline: "direct", targets: [...targets, targets[0]], slo })).toThrow('comparison.targets: target "nginx" appears twice');
    expect(() => buildComparison({ baseline: "direct", targets: [{ target: "direct", steps: [step(200, { p50: 1, p99: 2 }), step(100, { p50: 1, p99: 2 })] }], slo })).toThrow(
      "comparison.targets.direct.steps.1.offeredPerSecond: got 100, expected > 200",
    );
  });

  test("$/M requests comes from finops' cost join of the step's result", () => {
    // 1 vCPU at 0.036 USD/vCPU-h for 10 s = 0.0001 USD; 1000 requests, 0 failed -> 0.1 USD per million.
    const result = {
      tool: "k6" as const,
      toolVersion: "v1.8.1",
      target: "http://127.0.0.1:1/",
      scenario: "constant-arrival-rate",
      startTime: "2026-11-25T12:00:00Z",
      durationSeconds: 10,
      count: 1000,
      rate: 100,
      errors: 0,
      dropped: 0,
      latencyMs: { avg: 1, stddev: null, p50: 1, p90: 1, p95: 1, p99: 1, max: 1 },
      thresholds: [],
    };
    const joined = withBenchmarkCost({ result, serving: footprintSchema.parse({ cpuMillicores: 1000, memoryMiB: 0 }), unitPrices: testPrices(0.036, 0, 0), unitKind: "requests" });
    const s = sweepStepFromResult({ result: joined, offeredPerSecond: 100 });
    expect(s.cost?.perMillionRequests.value).toBeCloseTo(0.1, 12);
    const cmp = buildComparison({ baseline: "direct", targets: [{ target: "direct", steps: [s] }], slo });
    expect(cmp.rows.find((r) => r.figure === "costPerMillionRequestsUsd")!.values.direct).toBeCloseTo(0.1, 12);
    expect(cmp.rows.find((r) => r.figure === "costPerMillionRequestsUsd")!.best).toBe("direct");
  });
});
