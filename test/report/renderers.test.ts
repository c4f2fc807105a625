import type { Comparison } from "../../benchmarks/sweep/comparison";
import { comparisonView } from "../../cli/report/comparisonView";
import { buildReport, stackReport, type SweepView } from "../../cli/report/reportModel";
import { renderReport } from "../../cli/report/reportCommand";
import { renderHtml } from "../../cli/report/renderHtml";
import { renderMarkdown } from "../../cli/report/renderMarkdown";
import { pgbenchOutcome, refusedOutcome } from "./handOutputs";

const at = new Date("2026-12-07T06:00:00Z");

test("comparison: a target whose step all failed loses its latencies and the best is chosen again", () => {
  const comparison: Comparison & { missing: string[] } = {
    baseline: "direct",
    targets: ["direct", "a", "b", "c"],
    slo: { p99Ms: 10, errorRatio: 0.01 },
    limits: {},
    addedLatencyMs: {},
    missing: [],
    rows: [
      // As the stack exports it: a's refused requests timed 0 ms make a "best".
      { figure: "p99Ms", unit: "ms", better: "lower", offeredPerSecond: 800, values: { direct: 1, a: 0, b: 3, c: 2 }, saturated: [], best: "a", deltaOverBaseline: { a: -1, b: 2, c: 1 } },
      { figure: "errorRatio", unit: "failed/all requests", better: "lower", offeredPerSecond: 800, values: { direct: 0, a: 1, b: 0, c: 0 }, saturated: [], best: null, deltaOverBaseline: { a: 1, b: 0, c: 0 } },
    ],
  };
  const failedStep = { figures: { latencyNote: "every one failed" }, offeredPerSecond: 800 } as unknown as SweepView["steps"][number];
  const view = comparisonView(comparison, [{ target: "a", url: "http://a/", steps: [failedStep] }]);
  // Without a: b 3, c 2 → c (the baseline is never best).
  expect(view.rows[0]).toMatchObject({ values: { direct: 1, a: null, b: 3, c: 2 }, best: "c", allFailed: ["a"], deltaOverBaseline: { a: null, b: 2, c: 1 } });
  // Not a latency row: untouched.
  expect(view.rows[1]).toMatchObject({ values: { a: 1 }, best: null, allFailed: [] });
});

describe("Markdown", () => {
  test("the figures of a benchmark as a person reads them", () => {
    const s = stackReport("phase-05", {
      benchmarks: { "cnpg-write-heavy": pgbenchOutcome({ scenario: "tpcb-like", rate: 298.803632, count: 596, p99: 1.305, perMillion: 1.4816e-4, trials: { count: 3, rate: { min: 290.057901, max: 300.609636 }, p99Ms: { min: 0.927, max: 1.305 } } }) },
    });
    const md = renderMarkdown({ generatedAt: "2026-12-07T06:00:00.000Z", summary: "1 of 1 stack has benchmark figures.", stacks: [s] });
    // 1.305 is 1.30499… as a double: three significant figures give 1.30, written 1.3.
    expect(md).toContain(
      "| cnpg-write-heavy | passed | 299 transactions/s | 596 | 0 | 0 | 1 ms | 2 ms | 3 ms | 1.3 ms | 10 ms | 3 trials: 290–301 transactions/s, p99 0.927–1.3 ms | latency p99<50 held | 1.48e-4 USD per million transactions |",
    );
    expect(md).toMatch(/^# platform-lab benchmark report\n\nGenerated 2026-12-07T06:00:00.000Z from `pulumi stack output` \(secrets hidden\)\. 1 of 1 stack has benchmark figures\./);
  });

  test("zero stacks, a stack never deployed, one without benchmarks, a failed benchmark: all in words, no NaN, no empty table", async () => {
    const outputs: Record<string, Record<string, unknown> | null> = { "phase-06": null, "phase-01": { namespace: "platform" }, "phase-05": { benchmarks: { "cnpg-read-heavy": refusedOutcome } } };
    const md = renderMarkdown(await buildReport(Object.keys(outputs), async (s) => outputs[s], at));
    expect(md).toContain("phase-06 has no outputs: it was never deployed");
    expect(md).toContain("phase-01 is deployed but exports no benchmarks");
    expect(md).toContain('- cnpg-read-heavy: failed without figures: init exited with 1: pgbench: error: connection to server at "10.0.0.1", port 5432 failed: Connection refused');
    expect(md).not.toMatch(/\| benchmark \|/); // no table of zero rows
    expect(md).not.toMatch(/NaN|undefined|Infinity/);
    expect(renderMarkdown(await buildReport([], async () => null, at))).toContain("No stacks to report on: name stacks, or pass --all.");
  });

  test("a pipe in a reason does not break the table", () => {
    const outcome = pgbenchOutcome({ scenario: "x", rate: 1, count: 10, p99: 1 });
    const md = renderMarkdown({ generatedAt: "t", summary: "s", stacks: [stackReport("phase-05", { benchmarks: { "a|b": outcome } })] });
    expect(md).toContain("| a\\|b | passed |");
  });
});

describe("HTML", () => {
  test("self-contained: no script, nothing fetched, a phone viewport, print styles", async () => {
    const html = renderHtml(await buildReport(["phase-06"], async () => null, at));
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain("@media print");
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script|<link|src="http|href="http|@import|url\(/);
  });

  test("every stack state in words; a failed benchmark has no empty chart", async () => {
    const outputs: Record<string, Record<string, unknown> | null> = { "phase-06": null, "phase-05": { benchmarks: { "cnpg-read-heavy": refusedOutcome } } };
    const html = renderHtml(await buildReport(Object.keys(outputs), async (s) => outputs[s], at));
    expect(html).toContain('<section class="stack" id="phase-06" data-state="no-outputs">');
    expect(html).toContain("<p class=\"no-chart\">No latency to chart: no run produced latencies.</p>");
    expect(html).toContain("<p class=\"no-chart\">No cost per unit to chart: no run has one joined.</p>");
    expect(html).not.toContain("<svg");
    expect(html).not.toMatch(/NaN|undefined|Infinity/);
    expect(renderHtml(await buildReport([], async () => null, at))).toContain("No stacks to report on");
  });

  test("text from outputs is escaped", () => {
    const html = renderHtml({ generatedAt: "t", summary: "s", stacks: [stackReport("phase-05", { benchmarks: { "<img src=x>": refusedOutcome } })] });
    expect(html).toContain("&lt;img src=x&gt;");
    expect(html).not.toContain("<img");
  });
});

test("JSON is the report model itself", async () => {
  const doc = await buildReport(["phase-06"], async () => null, at);
  expect(JSON.parse(renderReport("json", doc))).toEqual(JSON.parse(JSON.stringify(doc)));
});
