import { BenchmarkResult, benchmarkResultSchema } from "../../lib/benchmarkResult";
import { joinBenchmarkCost, withBenchmarkCost } from "../../finops/joinBenchmark";
import { testPrices } from "./testPrices";

// cpu 0.04 USD/vCPU-h, memory 0.005 USD/GiB-h
const prices = testPrices(0.04, 0.005, 0.1);
// 2 cores + 4 GiB: 2 x 0.04 + 4 x 0.005 = 0.10 USD/h; 600 s = 1/6 h -> 0.0166667 USD
const serving = { cpuMillicores: 2000, memoryMiB: 4096, storageGiB: 0, pods: 2 };
// 1 core + 1 GiB: 0.045 USD/h x 1/6 h = 0.0075 USD
const loadGenerator = { cpuMillicores: 1000, memoryMiB: 1024, storageGiB: 0, pods: 1 };

function result(overrides: Partial<BenchmarkResult>): BenchmarkResult {
  return benchmarkResultSchema.parse({
    tool: "k6",
    toolVersion: "k6 v1.3.0",
    target: "http://gateway/",
    scenario: "constant-arrival-rate",
    startTime: "2026-11-23T10:00:00Z",
    durationSeconds: 600,
    count: 1_200_000,
    rate: 2000,
    errors: 0,
    latencyMs: { avg: 2, stddev: 1, p50: 2, p90: 3, p95: 4, p99: 8, max: 30 },
    ...overrides,
  });
}

describe("joinBenchmarkCost", () => {
  it("gives USD per million requests from the serving pods only", () => {
    const cost = joinBenchmarkCost({ result: result({}), serving, loadGenerator, unitPrices: prices, unitKind: "requests" });
    expect(cost.servingUsd.value).toBeCloseTo(0.0166667, 7);
    // load generator reported apart: 0.0075
    expect(cost.loadGeneratorUsd.value).toBeCloseTo(0.0075, 12);
    // 0.0166667 USD / 1.2 million requests = 0.0138889 USD per million requests
    expect(cost.perMillionRequests).toEqual({ value: expect.closeTo(0.0138889, 7), unit: "USD per million requests" });
  });

  it("divides by successful operations", () => {
    const cost = joinBenchmarkCost({ result: result({ errors: 200_000 }), serving, unitPrices: prices, unitKind: "requests" });
    // 0.0166667 / 1.0 million successful = 0.0166667
    expect(cost.perMillionRequests.value).toBeCloseTo(0.0166667, 7);
    expect(cost.loadGeneratorUsd).toBeUndefined();
  });

  it("gives USD per transaction and per million transactions", () => {
    const pgbench = result({ tool: "pgbench", scenario: "tpcb-like", count: 30_000, rate: 50 });
    const cost = joinBenchmarkCost({ result: pgbench, serving, unitPrices: prices, unitKind: "transactions" });
    // 0.0166667 / 30,000 = 5.5556e-7 USD per transaction; x 1e6 = 0.555556 per million
    expect(cost.perTransaction.unit).toBe("USD per transaction");
    expect(cost.perTransaction.value).toBeCloseTo(5.5556e-7, 10);
    expect(cost.perMillionTransactions.value).toBeCloseTo(0.555556, 6);
  });

  it("gives USD per million messages and per GB", () => {
    const messages = joinBenchmarkCost({ result: result({ count: 500_000 }), serving, unitPrices: prices, unitKind: "messages" });
    // 0.0166667 / 0.5 million = 0.0333333
    expect(messages.perMillionMessages.value).toBeCloseTo(0.0333333, 7);
    const bytes = joinBenchmarkCost({ result: result({}), serving, unitPrices: prices, unitKind: "bytes", bytes: 10 * 1024 ** 3 });
    // 0.0166667 / 10 GB = 0.00166667 USD per GB
    expect(bytes.perGB).toEqual({ value: expect.closeTo(0.00166667, 8), unit: "USD per GB" });
  });

  it("gives null with a note when nothing got through", () => {
    const cost = joinBenchmarkCost({ result: result({ count: 0, rate: 0 }), serving, unitPrices: prices, unitKind: "requests" });
    expect(cost.perMillionRequests).toEqual({ value: null, unit: "USD per million requests", note: "no throughput: 0 requests" });
    const noBytes = joinBenchmarkCost({ result: result({}), serving, unitPrices: prices, unitKind: "bytes" });
    expect(noBytes.perGB.value).toBeNull();
  });

  it("sets a cost record the result schema accepts", () => {
    const joined = withBenchmarkCost({ result: result({}), serving, unitPrices: prices, unitKind: "requests" });
    expect(benchmarkResultSchema.parse(joined).cost?.perMillionRequests.unit).toBe("USD per million requests");
  });
});
