import { stackReport, type StackReport } from "../../cli/report/reportModel";
import { renderHtml } from "../../cli/report/renderHtml";
import { renderMarkdown } from "../../cli/report/renderMarkdown";
import { CAPTURED_SWEEP, CAPTURED_TARGETS, REFUSED_STEP } from "../fixtures/report/capture";
import { capturedLog, phase04Outputs, phase05Outputs } from "./stackOutputsFixture";

/**
 * The report of real outputs: phase-04 and phase-05 under mocks, their Jobs answered with the
 * captured logs. Expected figures are read from the logs' own text here (pgbench's `tps =` lines,
 * the sweep's offered rate × measured seconds), not from the parser that made the outputs.
 */

let phase04: StackReport;
let phase05: StackReport;
let phase05Refused: StackReport;

beforeAll(async () => {
  phase04 = stackReport("phase-04", await phase04Outputs());
  phase05 = stackReport("phase-05", await phase05Outputs());
  phase05Refused = stackReport("phase-05", await phase05Outputs({ readHeavyRefused: true }));
}, 120_000);

/** pgbench's own lines: each trial's tps and transaction count, in trial order. */
function pgbenchTrials(log: string): { tps: number; count: number }[] {
  const tps = [...log.matchAll(/^tps = ([\d.]+) \(without initial connection time\)$/gm)].map((m) => Number(m[1]));
  const counts = [...log.matchAll(/^number of transactions actually processed: (\d+)$/gm)].map((m) => Number(m[1]));
  return tps.map((t, i) => ({ tps: t, count: counts[i] }));
}

test.each(["write-heavy", "read-heavy"])("phase-05 %s: the median trial's tps and count, the trials' spread, a per-unit cost", (workload) => {
  const trials = pgbenchTrials(capturedLog(`pgbench-cnpg-${workload}.log`));
  expect(trials).toHaveLength(3);
  const median = [...trials].sort((a, b) => a.tps - b.tps)[1];
  const row = phase05.benchmarks.find((b) => b.name === `cnpg-${workload}`)!;
  expect(row.status).toBe("passed");
  expect(row.figures).toMatchObject({ rate: median.tps, count: median.count, rateUnit: "transactions/s" });
  expect(row.trials!.rate).toEqual({ min: Math.min(...trials.map((t) => t.tps)), max: Math.max(...trials.map((t) => t.tps)) });
  expect(row.toolVersion).toBe("15.18 (Debian 15.18-0+deb12u1)");
  const perMillion = row.cost.find((c) => c.key === "perMillionTransactions")!;
  expect(perMillion.unit).toBe("USD per million transactions");
  expect(perMillion.value).toBeGreaterThan(0);
});

test("phase-05 with its read-heavy Job refused: pgbench's own error line, no figures, said in words", () => {
  const errorLine = /pgbench: error: connection to server at "127\.0\.0\.1", port 1 failed: Connection refused/.exec(capturedLog("pgbench-cnpg-read-heavy-refused.log"))![0];
  const row = phase05Refused.benchmarks.find((b) => b.name === "cnpg-read-heavy")!;
  expect(row).toMatchObject({ status: "failed", figures: null });
  expect(row.reason).toContain(errorLine);
  expect(phase05Refused.summary).toBe("2 measurements: 1 with figures, 1 failed without figures.");
  expect(phase05Refused.sideBySide).toBeUndefined();
  const md = renderMarkdown({ generatedAt: "t", summary: "s", stacks: [phase05Refused] });
  expect(md).toContain(`- cnpg-read-heavy: failed without figures: init exited with 1: ${errorLine}`);
});

test("phase-05 side by side: two different workloads, no winner", () => {
  expect(phase05.sideBySide!.noWinner).toBe("different workloads (pgbench tpcb-like, pgbench select-only): side by side, no winner");
});

test("phase-04: every step's request count is its offered rate × the measured seconds (± 1 request at the window's edges)", () => {
  expect(phase04.sweeps.map((s) => s.target)).toEqual([...CAPTURED_TARGETS]);
  for (const sweep of phase04.sweeps) {
    expect(sweep.steps.map((s) => s.offeredPerSecond)).toEqual([...CAPTURED_SWEEP.stepsPerSecond]);
    for (const step of sweep.steps) expect(Math.abs(step.figures!.count - step.offeredPerSecond! * CAPTURED_SWEEP.stepSeconds)).toBeLessThanOrEqual(1);
  }
});

test("phase-04's refused step: every request failed, no latency shown, and it wins no latency row", () => {
  const step = phase04.sweeps.find((s) => s.target === REFUSED_STEP.target)!.steps.find((s) => s.offeredPerSecond === REFUSED_STEP.offeredPerSecond)!;
  expect(step.status).toBe("thresholds-failed");
  expect(step.figures!.errors).toBe(step.figures!.count);
  expect(step.figures!.latencyNote).toBe(`every one of the ${step.figures!.count} operations failed: no latency of the target to show`);
  const latencyRows = phase04.comparison!.rows.filter((r) => r.offeredPerSecond === REFUSED_STEP.offeredPerSecond && r.figure.endsWith("Ms"));
  expect(latencyRows).toHaveLength(5);
  for (const r of latencyRows) {
    expect(r.allFailed).toEqual([REFUSED_STEP.target]);
    expect(r.best).not.toBe(REFUSED_STEP.target);
  }
  expect(phase04.comparison!.limits[REFUSED_STEP.target].highestHoldingPerSecond).toBe(400);
});

test("prices carry their sources; nothing renders as NaN", () => {
  for (const s of [phase04, phase05, phase05Refused]) {
    expect(s.problems).toEqual([]);
    expect(s.cost!.profile).toBe("laptop");
    for (const p of s.cost!.prices) expect(p.source.length).toBeGreaterThan(10);
  }
  const doc = { generatedAt: "t", summary: "s", stacks: [phase04, phase05, phase05Refused] };
  for (const text of [renderMarkdown(doc), renderHtml(doc)]) expect(text).not.toMatch(/NaN|undefined|Infinity/);
});
