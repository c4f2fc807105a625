import { findTool, postgresBinDir } from "../../benchmarks/local/tools";
import { independentPgbenchLatency } from "../../benchmarks/local/independentCheck";
import { startLocalPostgres } from "../../benchmarks/local/localPostgres";
import { runLocalPgbench } from "../../benchmarks/local/runLocal";
import { runLocalK6 } from "../../benchmarks/local/runLocalK6";
import { parsePgbenchReport } from "../../benchmarks/pgbench/report";
import { benchmarkResultSchema } from "../../lib/benchmarkResult";
import { realToolTest } from "../helpers/realTool";

/**
 * Testing ladder step 3: the real tools, through the same invocations and parsers as the cluster
 * (a missing tool skips visibly on a developer machine and fails under CI: test/helpers/realTool).
 */
const pgMissing = !findTool("pgbench") ? "pgbench not found" : !postgresBinDir() ? "PostgreSQL server binaries not found under /usr/lib/postgresql" : null;

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

describe("real pgbench against a throwaway local PostgreSQL", () => {
  realToolTest(
    "runLocalPgbench: TPS and count are pgbench's own; percentiles equal an independent awk computation",
    pgMissing,
    async () => {
      const pg = await startLocalPostgres();
      try {
        expect(pg.host).toBe("127.0.0.1");
        const run = await runLocalPgbench({ scale: 1, clients: 4, threads: 2, durationSeconds: 3, warmupSeconds: 1 }, pg);
        const [trial] = run.trials;
        const own = parsePgbenchReport(trial.output);
        const ownTps = Number(/^tps = (\S+)/m.exec(trial.output)![1]);
        const ownCount = Number(/^number of transactions actually processed: (\d+)/m.exec(trial.output)![1]);
        expect(benchmarkResultSchema.parse(run.result)).toEqual(run.result);
        expect(run.result).toMatchObject({ tool: "pgbench", scenario: "tpcb-like", rate: ownTps, count: ownCount, errors: 0, target: pg.url });
        expect(own.pgbenchVersion).toMatch(/^\d+\.\d+/);
        expect(trial.txlogs).toHaveLength(2); // one per thread
        const ind = await independentPgbenchLatency(trial.txlogs.map((t) => t.text).join("\n"));
        expect(ind.count).toBe(run.result.count);
        for (const k of ["p50", "p90", "p95", "p99", "max"] as const) expect(close(run.result.latencyMs[k], ind[k])).toBe(true);
        expect(close(run.result.latencyMs.avg, ind.avg)).toBe(true);
        expect(run.warmupArgv).not.toBeNull();
      } finally {
        await pg.stop();
      }
    },
    90_000,
  );

  realToolTest(
    "open model with -R and -L, transaction count mode",
    pgMissing,
    async () => {
      const pg = await startLocalPostgres();
      try {
        const rated = await runLocalPgbench({ scale: 1, clients: 2, durationSeconds: 2, rate: 200, latencyLimitMs: 50, warmupSeconds: 0 }, pg);
        expect(rated.result.rate).toBeGreaterThan(100);
        expect(rated.result.thresholds[0].metric).toBe("latency");
        const counted = await runLocalPgbench({ scale: 1, clients: 2, transactions: 50, mode: "select-only", warmupSeconds: 0 }, pg, { skipInit: true });
        expect(counted.result.count).toBe(100);
      } finally {
        await pg.stop();
      }
    },
    90_000,
  );
});

describe("local runs", () => {
  test("refuse any target but loopback, before a tool starts", async () => {
    await expect(runLocalK6({ url: "http://example.com/", durationSeconds: 1 })).rejects.toThrow('k6: local runs only target the loopback interface, got host "example.com"');
  });
});
