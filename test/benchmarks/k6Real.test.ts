import { independentK6Figures } from "../../benchmarks/local/independentCheck";
import { startLocalHttpTarget } from "../../benchmarks/local/localHttpTarget";
import { runLocalK6 } from "../../benchmarks/local/runLocalK6";
import { findTool } from "../../benchmarks/local/tools";
import { benchmarkResultSchema } from "../../lib/benchmarkResult";
import { realToolTest } from "../helpers/realTool";

/**
 * Testing ladder step 3 for the k6 path: the generated script and the Job's runner script on the
 * real k6, three runners with execution segments, their logs through the cluster's job-log parser;
 * the merged figures checked against k6's own raw per-request output (`--out csv`) read by awk,
 * not by our code: counts, errors, max and mean exact, percentiles within one histogram bucket.
 */
const k6Missing = findTool("k6") ? null : "k6 not found on PATH or in ~/.cache/platform-lab/bin (scripts/install-go-tools.sh k6)";
const BUCKET_GROWTH = 1.02; // the histogram's bucket width, stated here rather than imported

describe("real k6: the Job script's runners merged, checked against k6's raw output", () => {
  realToolTest(
    "3 segmented runners: count, errors, max and mean exact; percentiles within one bucket of the exact ones",
    k6Missing,
    async () => {
      // Every 40th request answers 503: a known share of errors the merge must count.
      const target = await startLocalHttpTarget({ failEvery: 40 });
      try {
        const run = await runLocalK6(
          { url: target.url, rate: 120, durationSeconds: 3, warmupSeconds: 1, parallelism: 3, thresholds: { http_req_duration: ["p(99)<5000"] } },
          { rawOutput: true },
        );
        const [trial] = run.trials;
        expect(trial.runners.map((r) => r.segment)).toEqual(["0:1/3", "1/3:2/3", "2/3:1"]);
        expect(run.status).toBe("passed");
        expect(benchmarkResultSchema.parse(run.result)).toEqual(run.result);
        expect(run.result).toMatchObject({ tool: "k6", scenario: "constant-arrival-rate", durationSeconds: 3 });
        expect(run.result.toolVersion).toMatch(/^k6 v1\.8\.1 /);
        // 120/s for 3 s, split over 3 runners: each runner may start one more at the window's end.
        // On a busy machine k6 drops some (3 here on a quiet run, 6 while Go builds ran beside it):
        // what it started plus what it dropped is the offer, and most of the offer must have run.
        expect(run.result.count + run.result.dropped).toBeGreaterThanOrEqual(360);
        expect(run.result.count + run.result.dropped).toBeLessThanOrEqual(363);
        expect(run.result.dropped).toBeLessThanOrEqual(36);
        expect(target.served()).toBeGreaterThan(run.result.count);

        const exact = await independentK6Figures(trial.runners.map((r) => r.rawCsv ?? ""));
        expect(run.result.count).toBe(exact.count);
        expect(run.result.errors).toBe(exact.errors);
        expect(exact.errors).toBeGreaterThan(0);
        expect(run.result.latencyMs.max).toBe(exact.max);
        expect(Math.abs(run.result.latencyMs.avg / exact.avg - 1)).toBeLessThan(1e-9);
        for (const p of ["p50", "p90", "p95", "p99"] as const) {
          const ratio = run.result.latencyMs[p] / exact[p];
          expect(ratio).toBeGreaterThanOrEqual(1);
          expect(ratio).toBeLessThanOrEqual(BUCKET_GROWTH + 1e-12);
        }
        expect(run.result.loadGenerator?.iterationOverheadMs).toBeGreaterThan(0);
        expect(run.result.thresholds).toEqual([{ metric: "http_req_duration", expression: "p(99)<5000", passed: true }]);
      } finally {
        await target.stop();
      }
    },
    120_000,
  );

  realToolTest(
    "a secret header reaches the target on every request, and is in neither the script, the runner script nor the log",
    k6Missing,
    async () => {
      const token = "Bearer PLANTED-K6-TOKEN-5be2";
      const target = await startLocalHttpTarget({ recordHeader: "Authorization" });
      try {
        const run = await runLocalK6(
          { url: target.url, rate: 20, durationSeconds: 1, warmupSeconds: 0, secretHeaders: { Authorization: { secretName: "t", key: "k" } } },
          { secretHeaderValues: { Authorization: token } },
        );
        expect(run.result.count).toBeGreaterThan(0);
        expect([...target.receivedHeaderValues()]).toEqual([token]);
        for (const text of [run.scriptText, run.jobScriptText, run.trials[0].jobLog]) expect(text).not.toContain("PLANTED-K6-TOKEN");
      } finally {
        await target.stop();
      }
    },
    60_000,
  );
});
