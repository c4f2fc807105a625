import { findTool, postgresBinDir } from "../../benchmarks/local/tools";
import { independentLatency } from "../../benchmarks/local/independentCheck";
import { startLocalHttpTarget } from "../../benchmarks/local/localHttpTarget";
import { startLocalPostgres } from "../../benchmarks/local/localPostgres";
import { runLocalHttp, runLocalPgbench } from "../../benchmarks/local/runLocal";
import { parsePgbenchReport } from "../../benchmarks/pgbench/report";
import { parseVegetaReport } from "../../benchmarks/vegeta/report";
import { benchmarkResultSchema } from "../../lib/benchmarkResult";
import { realToolTest } from "../helpers/realTool";

/**
 * Testing ladder step 3: the real tools, through the same invocations and parsers as the cluster
 * (a missing tool skips visibly on a developer machine and fails under CI: test/helpers/realTool).
 */
const pgMissing = !findTool("pgbench") ? "pgbench not found" : !postgresBinDir() ? "PostgreSQL server binaries not found under /usr/lib/postgresql" : null;
const vegetaMissing = findTool("vegeta") ? null : "vegeta not found on PATH or in ~/.cache/platform-lab/bin";

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
        const ind = await independentLatency(trial.txlogs.map((t) => t.text).join("\n"), "pgbench-txlog");
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

describe("real vegeta against the local HTTP target", () => {
  realToolTest(
    "runLocalHttp: counts as vegeta reports them; percentiles equal an independent awk computation over the CSV",
    vegetaMissing,
    async () => {
      const target = await startLocalHttpTarget();
      try {
        const run = await runLocalHttp({ url: target.url, rate: 50, durationSeconds: 2, warmupSeconds: 0, thresholds: { http_req_duration: ["p(99)<1000"], http_req_failed: ["rate<0.01"] } });
        const [trial] = run.trials;
        const own = parseVegetaReport(trial.reportJson);
        expect(run.result).toMatchObject({ tool: "vegeta", count: own.requests, rate: own.rate, errors: 0 });
        expect(run.result.count).toBe(100);
        expect(run.result.toolVersion).toMatch(/^vegeta/);
        expect(target.served()).toBe(100);
        const ind = await independentLatency(trial.resultsCsv, "vegeta-csv");
        for (const k of ["p50", "p90", "p95", "p99", "max"] as const) expect(close(run.result.latencyMs[k], ind[k])).toBe(true);
        expect(run.result.thresholds).toEqual([
          { metric: "http_req_duration", expression: "p(99)<1000", passed: true },
          { metric: "http_req_failed", expression: "rate<0.01", passed: true },
        ]);
      } finally {
        await target.stop();
      }
    },
    60_000,
  );

  test("local runs refuse any target but loopback", async () => {
    await expect(runLocalHttp({ url: "http://example.com/", durationSeconds: 1 })).rejects.toThrow('local runs only target the loopback interface, got host "example.com"');
  });
});
