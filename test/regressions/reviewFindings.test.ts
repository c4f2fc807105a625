import { readFileSync } from "fs";
import { join } from "path";
import { jobName } from "../../benchmarks/BenchmarkJob";
import { execBounded } from "../../benchmarks/local/exec";
import { pgbenchResult } from "../../benchmarks/pgbench/normalize";
import { parsePgbenchReport } from "../../benchmarks/pgbench/report";
import { successfulOperations } from "../../finops/joinBenchmark";
import { runStackProgram } from "../../cli/plan/planStack";
import { readStackConfig } from "../../cli/plan/stackConfigFile";

/** Bugs found in review, each pinned by the behaviour that was wrong. */
describe("review findings", () => {
  it("pgbench: count includes failed transactions, so what succeeded is count - errors", () => {
    const report = parsePgbenchReport(readFileSync(join(__dirname, "..", "fixtures", "pgbench", "pg15-failures-detailed.txt"), "utf8"));
    // The per-transaction logs of that run are not in the fixtures; a summary consistent with its report stands in.
    const latencyMs = { avg: 2.9, stddev: 1, p50: 2.5, p90: 4, p95: 5, p99: 8, max: 20 };
    const result = pgbenchResult(report, { count: report.processed, failed: report.failed, skipped: 0, latencyMs, firstStartEpochUs: 1.7e15, lastEndEpochUs: 1.7e15 + 10e6 }, { target: "fixture" });
    // The report: 1644 processed, 1043 failed (38.817 % of 2687 attempted).
    expect(result.count).toBe(2687);
    expect(result.errors).toBe(1043);
    expect(successfulOperations(result)).toBe(1644);
  });

  it("jobName keeps the run id when the name is long, so a new run id is a new Job", () => {
    const long = `pgbench-${"x".repeat(60)}`;
    expect(jobName(long, "2")).not.toBe(jobName(long, "3"));
    expect(jobName(long, "2")).toMatch(/-2$/);
    expect(jobName(long, "2").length).toBeLessThanOrEqual(63);
    expect(jobName("pgbench-cnpg-write-heavy", "1")).toBe("pgbench-cnpg-write-heavy-1");
  });

  it("a child that exits before reading its stdin does not crash the run (EPIPE)", async () => {
    for (let i = 0; i < 50; i++) {
      const result = await execBounded(["true"], { timeoutMs: 5000, input: "x".repeat(1 << 16) });
      expect(result.code).toBe(0);
    }
  });

  it("a new restore-check run id restores into a new cluster", async () => {
    const restored = async (runId: string) => {
      const run = await runStackProgram("phase-05", readStackConfig(process.cwd(), "phase-05", { "lab:restoreCheck": JSON.stringify({ runId }) }));
      expect(run.error).toBeUndefined();
      const cluster = run.resources.find((r) => r.name === "restore-check-cluster");
      return (cluster?.inputs.metadata as { name: string }).name;
    };
    const first = await restored("1");
    const second = await restored("2");
    expect(first).toBe("lab-pg-restored-1");
    expect(second).toBe("lab-pg-restored-2");
  });
});
