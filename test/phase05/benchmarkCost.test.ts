import { benchmarkResultSchema, type BenchmarkResult } from "../../lib/benchmarkResult";
import { awsFallbackRdsPostgres, fallbackRdsInstancePrice } from "../../finops/awsFallbackPrices";
import { joinHourlyServiceCost, withBenchmarkCost } from "../../finops/joinBenchmark";
import { testPrices } from "../finops/testPrices";
import { runStack } from "../helpers/stackRun";

/** The cost joins phase-05 puts on each pgbench result: CNPG by its pods, RDS by its instance-hour. */

// cpu 0.04 USD/vCPU-h, memory 0.005 USD/GiB-h, storage 0.1 USD/GB-month
const prices = testPrices(0.04, 0.005, 0.1);
// The CNPG cluster on a laptop (PostgresCluster sizes.laptop): 1 instance of 500m / 1 GiB, 5 GiB volume.
const cnpgLaptop = { cpuMillicores: 500, memoryMiB: 1024, storageGiB: 5, pods: 1 };
// The pgbench Job's default pod (BenchmarkJob defaultResources.pgbench): 500m / 256 MiB.
const pgbenchPod = { cpuMillicores: 500, memoryMiB: 256, storageGiB: 0, pods: 1 };

function pgbenchResult(overrides: Partial<BenchmarkResult> = {}): BenchmarkResult {
  return benchmarkResultSchema.parse({
    tool: "pgbench",
    toolVersion: "17.11",
    target: "cnpg lab-pg (1 instance, PostgreSQL 17)",
    scenario: "tpcb-like",
    startTime: "2026-11-23T10:00:00Z",
    durationSeconds: 60,
    count: 30_000,
    rate: 500,
    errors: 0,
    latencyMs: { avg: 4, stddev: 2, p50: 3.5, p90: 6, p95: 8, p99: 14, max: 40 },
    ...overrides,
  });
}

describe("CNPG: withBenchmarkCost on a pgbench result", () => {
  test("the footprint used here is the one phase-05 reports for postgres", async () => {
    const run = await runStack("phase-05");
    expect(run.error).toBeUndefined();
    const components = (run.outputs.cost as { components: Array<{ name: string; footprint: unknown }> }).components;
    expect(components.find((c) => c.name === "postgres")?.footprint).toEqual(cnpgLaptop);
  });

  test("perTransaction = servingUsd / successful transactions, the load generator apart", () => {
    const joined = withBenchmarkCost({ result: pgbenchResult(), serving: cnpgLaptop, loadGenerator: pgbenchPod, unitPrices: prices, unitKind: "transactions" });
    const cost = joined.cost!;
    // Per hour: 0.5 vCPU x 0.04 = 0.02; 1 GiB x 0.005 = 0.005; 5 GB x 0.1 / 730 h = 0.000684932.
    // Sum 0.025684932 USD/h; over 60 s (1/60 h): 0.000428082 USD.
    expect(cost.servingUsd.value).toBeCloseTo(0.000428082, 9);
    // 0.000428082 / (30,000 - 0 errors) = 1.42694e-8 USD per transaction; x 1e6 = 0.0142694.
    expect(cost.perTransaction).toEqual({ value: expect.closeTo(1.42694e-8, 12), unit: "USD per transaction" });
    expect(cost.perTransaction.value).toBe(cost.servingUsd.value! / 30_000);
    expect(cost.perMillionTransactions.value).toBeCloseTo(0.0142694, 6);
    // Load generator: 0.5 x 0.04 + 0.25 x 0.005 = 0.02125 USD/h over 1/60 h = 0.000354167, not in the per-unit figures.
    expect(cost.loadGeneratorUsd.value).toBeCloseTo(0.000354167, 9);
    // The result itself is untouched.
    expect({ ...joined, cost: undefined }).toEqual({ ...pgbenchResult(), cost: undefined });
  });

  test("no successful transaction: no per-transaction figure, a note instead", () => {
    const cost = withBenchmarkCost({ result: pgbenchResult({ count: 0, rate: 0 }), serving: cnpgLaptop, unitPrices: prices, unitKind: "transactions" }).cost!;
    expect(cost.servingUsd.value).toBeGreaterThan(0);
    expect(cost.perTransaction).toEqual({ value: null, unit: "USD per transaction", note: "no throughput: 0 transaction" });
    expect(cost.perMillionTransactions).toEqual({ value: null, unit: "USD per million transactions", note: "no throughput: 0 transactions" });
    expect(() => benchmarkResultSchema.parse({ ...pgbenchResult(), cost })).not.toThrow();
  });
});

describe("RDS: joinHourlyServiceCost", () => {
  const hourly = fallbackRdsInstancePrice("db.t4g.small").amount;
  const source = "finops/awsFallbackPrices.ts RDS for PostgreSQL Single-AZ us-east-1, taken 2026-11-23";

  test("db.t4g.small for 60 s is 0.032 / 60 USD, divided over the transactions", () => {
    expect(hourly).toBe(0.032);
    expect(awsFallbackRdsPostgres["db.t4g.small"].usdPerHour).toBe(0.032);
    const cost = joinHourlyServiceCost({ result: pgbenchResult(), hourlyUsd: hourly, priceSource: source, unitKind: "transactions" }).cost!;
    // 0.032 USD/h x 1/60 h = 0.000533333 USD.
    expect(cost.servingUsd).toEqual({ value: expect.closeTo(0.032 / 60, 15), unit: "USD for the managed instance over 60 s", note: source });
    // 0.000533333 / 30,000 = 1.77778e-8 USD per transaction; x 1e6 = 0.0177778 per million.
    expect(cost.perTransaction.value).toBeCloseTo(1.77778e-8, 12);
    expect(cost.perMillionTransactions.value).toBeCloseTo(0.0177778, 7);
    expect(cost.perMillionRequests).toBeUndefined();
  });

  test("no successful transaction: null with a note", () => {
    const cost = joinHourlyServiceCost({ result: pgbenchResult({ count: 0, rate: 0 }), hourlyUsd: hourly, priceSource: source, unitKind: "transactions" }).cost!;
    expect(cost.perTransaction).toEqual({ value: null, unit: "USD per transaction", note: "no throughput: 0 transaction" });
    expect(cost.perMillionTransactions.value).toBeNull();
  });
});
