import type { BenchmarkOutcome } from "../../benchmarks/job/outcome";
import { runStack } from "../helpers/stackRun";

/** A pgbench outcome as the Job's log reader prints it (the shape `lab parse job-log` emits). */
const outcome: BenchmarkOutcome = {
  status: "passed",
  result: {
    tool: "pgbench",
    toolVersion: "17.11",
    target: "cnpg lab-pg",
    scenario: "tpcb-like",
    startTime: "2026-11-23T10:00:00.000Z",
    durationSeconds: 60,
    count: 60_000,
    rate: 1000,
    errors: 0,
    dropped: 0,
    latencyMs: { avg: 4, stddev: 1, p50: 3.8, p90: 5.5, p95: 6.2, p99: 9.1, max: 30 },
    thresholds: [],
  },
};

describe("phase-05 cost block", () => {
  it("shows the run-rate at preview and leaves the benchmarks' figures to after the run", async () => {
    const run = await runStack("phase-05");
    const cost = run.outputs.cost as Record<string, unknown>;
    expect(cost.monthlyRunRateUsd).toBeGreaterThan(0);
    expect(cost).not.toHaveProperty("benchmarks");
  });

  it("carries each benchmark's per-unit figures once its result is read back", async () => {
    const run = await runStack("phase-05", { knownOutputs: (args) =>
      args.type === "command:local:Command" && /^pgbench-cnpg-.*-result$/.test(args.name) ? { ...args.inputs, stdout: JSON.stringify(outcome) } : undefined });
    const cost = run.outputs.cost as { monthlyRunRateUsd: number; benchmarks: Record<string, { cost: Record<string, { value: number | null; unit: string }> }> };
    expect(cost.monthlyRunRateUsd).toBeGreaterThan(0);
    const figures = cost.benchmarks["cnpg-write-heavy"].cost;
    // The serving pods' cost over the 60 s window, divided by the 60,000 successful transactions.
    expect(figures.servingUsd.value).toBeGreaterThan(0);
    expect(figures.perTransaction.value).toBeCloseTo(figures.servingUsd.value! / 60_000, 15);
    expect(figures.perMillionTransactions.value).toBeCloseTo((figures.servingUsd.value! / 60_000) * 1e6, 9);
    expect(figures.perTransaction.unit).toContain("transaction");
  });
});
