import { benchmarkResultSchema } from "../../lib/benchmarkResult";
import { costBlockSchema, phaseCostBlock } from "../../finops/costBlock";
import { testPrices } from "./testPrices";

// active: cpu 0.04, memory 0.005, storage 0.10; AWS reference: cpu 0.08, memory 0.01, storage 0.08
const active = testPrices(0.04, 0.005, 0.1);
const awsReference = testPrices(0.08, 0.01, 0.08);

const benchmark = benchmarkResultSchema.parse({
  tool: "pgbench",
  toolVersion: "pgbench (PostgreSQL) 17.2",
  target: "postgres://lab-pg-rw:5432/app",
  scenario: "tpcb-like",
  startTime: "2026-11-23T10:00:00Z",
  durationSeconds: 60,
  count: 6000,
  rate: 100,
  errors: 0,
  latencyMs: { avg: 10, stddev: 2, p50: 9, p90: 13, p95: 15, p99: 21, max: 40 },
  cost: { perTransaction: { value: 0.0000012, unit: "USD per transaction" } },
});

describe("phaseCostBlock", () => {
  const block = phaseCostBlock({
    phase: "phase-05",
    profileName: "homelab",
    unitPrices: active,
    awsReferencePrices: awsReference,
    footprints: {
      api: { cpuMillicores: 500, memoryMiB: 512, storageGiB: 0, pods: 2 },
      postgres: { cpuMillicores: 1000, memoryMiB: 2048, storageGiB: 20, pods: 1 },
    },
    benchmarks: { pgbench: benchmark },
  });

  it("gives the monthly run-rate under the profile and under the AWS reference", () => {
    // api: 0.5 x 0.04 x 730 = 14.6 + 0.5 GiB x 0.005 x 730 = 1.825 -> 16.425
    // postgres: 1 x 0.04 x 730 = 29.2 + 2 x 0.005 x 730 = 7.3 + 20 x 0.10 = 2.0 -> 38.5
    expect(block.components.map((c) => [c.name, c.monthly.total])).toEqual([
      ["api", expect.closeTo(16.425, 9)],
      ["postgres", expect.closeTo(38.5, 9)],
    ]);
    // 16.425 + 38.5 = 54.925
    expect(block.monthlyRunRateUsd).toBeCloseTo(54.925, 9);
    // AWS api: 0.5 x 0.08 x 730 = 29.2 + 0.5 x 0.01 x 730 = 3.65 -> 32.85
    // AWS postgres: 58.4 + 14.6 + 20 x 0.08 = 1.6 -> 74.6; total 107.45
    expect(block.awsReferenceMonthlyUsd).toBeCloseTo(107.45, 9);
    expect(block.totalFootprint).toEqual({ cpuMillicores: 1500, memoryMiB: 2560, storageGiB: 20, pods: 3 });
  });

  it("carries the benchmark per-unit figures, prices with sources, and assumptions", () => {
    expect(block.benchmarks.pgbench.cost.perTransaction).toEqual({ value: 0.0000012, unit: "USD per transaction" });
    expect(block.prices.active.cpuPerVcpuHour).toMatchObject({ amount: 0.04, per: "vCPU-hour", source: { kind: "user-setting" } });
    expect(block.assumptions.join("\n")).toMatch(/730 hours per month/);
    expect(block.assumptions.join("\n")).toMatch(/max\(request, usage\)/);
    expect(block.profile).toBe("homelab");
  });

  it("is plain JSON and validates", () => {
    expect(JSON.parse(JSON.stringify(block))).toEqual(block);
    expect(costBlockSchema.parse(block)).toEqual(block);
  });

  it("handles a phase with nothing deployed", () => {
    const empty = phaseCostBlock({ phase: "phase-09", profileName: "laptop", unitPrices: active, awsReferencePrices: awsReference, footprints: {} });
    expect(empty.monthlyRunRateUsd).toBe(0);
    expect(empty.benchmarks).toEqual({});
  });
});
