import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { benchmarkDeadlineSeconds } from "../../../benchmarks/BenchmarkJob";
import { httpLoadDefinitionSchema } from "../../../benchmarks/definitions";
import { k6JobScript, k6TrialsScript } from "../../../benchmarks/job/jobScripts";
import { execBounded } from "../../../benchmarks/local/exec";
import { parseK6JobLog } from "../../../benchmarks/job/outcome";
import { generateK6Script } from "../../../benchmarks/k6/script";
import { startLocalHttpTarget } from "../../../benchmarks/local/localHttpTarget";
import { findTool } from "../../../benchmarks/local/tools";
import { realToolTest } from "../../helpers/realTool";

/**
 * The k6 Job runs the definition's trials: run.sh loops them, each announced by LAB_TRIAL, and the
 * job-log parser merges the runners per trial and reports the median trial by rate (as pgbench's).
 * Before this, a k6 Job ran one trial whatever `trials` said.
 */
const fixture = (name: string) => readFileSync(join(__dirname, "../../fixtures/report", name), "utf8");
const meta = { target: "http://127.0.0.1/", parallelism: 1 };

describe("k6 trials in the job log (real captured runner logs)", () => {
  // Three real k6 v1.8.1 runs at different offered rates stand for three trials.
  const logs = ["k6-baseline-200.log", "k6-baseline-800.log", "k6-baseline-400.log"].map(fixture);
  const alone = logs.map((l) => parseK6JobLog(l, meta).result!);

  test("the median trial by rate is the result; every trial is kept for lab compare", () => {
    const log = logs.map((l, i) => `LAB_TRIAL ${i + 1}\n${l}`).join("\n");
    const outcome = parseK6JobLog(log, meta);
    expect(outcome.status).toBe("passed");
    const rates = alone.map((r) => r.rate);
    const median = [...rates].sort((a, b) => a - b)[1];
    expect(outcome.result?.rate).toBe(median);
    expect(outcome.result?.trials?.count).toBe(3);
    expect(outcome.result?.trials?.rate).toEqual({ min: Math.min(...rates), max: Math.max(...rates) });
    expect(outcome.result?.trials?.perTrial?.map((t) => t.rate)).toEqual(rates);
  });

  test("a log without trial markers is one trial, as before", () => {
    expect(parseK6JobLog(logs[0], meta).result?.rate).toBe(alone[0].rate);
  });

  test("a trial missing a runner's summary fails naming the trial", () => {
    const log = `LAB_TRIAL 1\n${logs[0]}\nLAB_TRIAL 2\n${logs[1]}`;
    expect(parseK6JobLog(log, { ...meta, parallelism: 2 })).toEqual({ status: "failed", reason: "expected 2 k6 runner summaries in trial 1 in the job log, found 1" });
  });

  test("the deadline covers every trial with its own warm-up", () => {
    const definition = httpLoadDefinitionSchema.parse({ url: "http://x/", rate: 10, durationSeconds: 60, warmupSeconds: 10, trials: 3 });
    expect(benchmarkDeadlineSeconds({ tool: "k6", definition })).toBe((10 + 60) * 3 + 120);
  });
});

const k6 = findTool("k6");
realToolTest(
  "run.sh on the real k6 runs two trials whose summaries the parser reads as two trials",
  k6 ? null : "k6 not found (scripts/install-go-tools.sh k6)",
  async () => {
    const target = await startLocalHttpTarget({});
    const dir = mkdtempSync(join(tmpdir(), "lab-k6-trials-"));
    try {
      const definition = httpLoadDefinitionSchema.parse({ url: target.url, rate: 50, durationSeconds: 2, warmupSeconds: 1, trials: 2 });
      writeFileSync(join(dir, "script.js"), generateK6Script(definition));
      writeFileSync(join(dir, "runner.sh"), k6JobScript(definition, { scripts: dir }));
      writeFileSync(join(dir, "run.sh"), k6TrialsScript(definition.trials, { scripts: dir }));
      // Asynchronously: the loopback target answers from this very process.
      const log = (await execBounded(["sh", "-c", `sh ${join(dir, "run.sh")} 2>&1`], { cwd: dir, timeoutMs: 60_000, env: { ...process.env, PATH: `${dirname(k6!)}:${process.env.PATH}`, K6_NO_USAGE_REPORT: "true" } })).stdout;
      expect(log.match(/^LAB_TRIAL \d+$/gm)).toEqual(["LAB_TRIAL 1", "LAB_TRIAL 2"]);
      const outcome = parseK6JobLog(log, { target: target.url, parallelism: 1 });
      expect(outcome.status).toBe("passed");
      expect(outcome.result?.trials?.count).toBe(2);
      // 50/s for 2 s in each trial, give or take the iteration started at the window's edge.
      for (const t of outcome.result!.trials!.perTrial!) expect(t.rate).toBeGreaterThan(40);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await target.stop();
    }
  },
  90_000,
);
