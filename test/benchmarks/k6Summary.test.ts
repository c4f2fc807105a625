import { readFileSync } from "node:fs";
import { join } from "node:path";
import { histogramOf, histogramPercentile } from "../../benchmarks/k6/histogram";
import { executionSegments, mergeK6Measured } from "../../benchmarks/k6/merge";
import { k6MeasuredToResult, parseK6Any, parseK6HandleSummary, parseK6SummaryExport } from "../../benchmarks/k6/summary";
import { summarizeLatencies } from "../../benchmarks/latencyStats";
import { OPTS, RUNNERS } from "../fixtures/k6/construct";
import { buildHandleSummaryData, syntheticLatencies } from "./k6SummaryBuilder";

const fixture = (n: string) => readFileSync(join(__dirname, "../fixtures/k6", n), "utf8");

describe("k6 handleSummary data (marked log line)", () => {
  test("measured-only figures, counts, errors, dropped, thresholds ok=passed", () => {
    const m = parseK6HandleSummary(fixture("handle-summary-runner-0.log"));
    const r0 = RUNNERS[0];
    const sorted = [...r0.measureMs].sort((a, b) => a - b);
    expect(m).toMatchObject({ source: "handleSummary", toolVersion: "v1.0.0 (go1.24.2, linux/amd64)", measuredOnly: true, count: 3000, errors: 3, dropped: 2, measureSeconds: 30, target: OPTS.target });
    expect(m.trend.max).toBe(sorted[sorted.length - 1]);
    expect(m.trend.min).toBe(sorted[0]);
    expect(m.histogram).toEqual(histogramOf(r0.measureMs));
    expect(m.thresholds).toEqual(
      expect.arrayContaining([
        { metric: "http_req_duration", expression: "p(99)<500", passed: true },
        { metric: "http_req_duration", expression: "p(50)<4.5", passed: true },
      ]),
    );
    const result = k6MeasuredToResult(m);
    // Rate over the measured window, not k6's counter rate over warm-up + measure.
    expect(result).toMatchObject({ tool: "k6", count: 3000, rate: 100, errors: 3, dropped: 2, scenario: "constant-arrival-rate", durationSeconds: 30 });
    expect(result.latencyMs.p50).toBe(m.trend.med);
    // start = summary time - whole run + warm-up
    expect(result.startTime).toBe(new Date(Date.parse("2025-06-01T10:00:35.000Z") - 35012 + 5000).toISOString());
  });

  test("warm-up samples are not in the measured figures", () => {
    const m = parseK6HandleSummary(fixture("handle-summary-runner-0.log"));
    expect(m.count).toBe(RUNNERS[0].measureMs.length);
    const measured = RUNNERS[0].measureMs;
    expect(m.trend.avg).toBeCloseTo(measured.reduce((a, b) => a + b, 0) / measured.length, 9);
    // The untagged metric (warm-up included) differs: proof the submetric was picked.
    const data = JSON.parse(fixture("handle-summary-runner-0.log").split("LAB_K6_SUMMARY ")[1]);
    expect(data.metrics.http_reqs.values.count).toBe(3500);
    expect(data.metrics.http_req_duration.values.avg).not.toBeCloseTo(m.trend.avg, 3);
  });

  test("errors: no marker, bad JSON, missing p(99), non-HTTP summary", () => {
    expect(() => parseK6HandleSummary("k6 v1.0.0\nrunning...\n")).toThrow('k6 log (3 lines): expected a line starting with "LAB_K6_SUMMARY"');
    expect(() => parseK6HandleSummary("a\nLAB_K6_SUMMARY {oops\n")).toThrow("k6 log line 2: expected JSON after");
    const data = buildHandleSummaryData(RUNNERS[0], { ...OPTS, summaryAt: "2025-06-01T10:00:35.000Z" });
    delete (data.metrics as any)["http_req_duration{scenario:measure}"].values["p(99)"];
    expect(() => parseK6HandleSummary(`LAB_K6_SUMMARY ${JSON.stringify(data)}`)).toThrow("http_req_duration{scenario:measure} has no p(99): the run must set summaryTrendStats");
    expect(() => parseK6HandleSummary('LAB_K6_SUMMARY {"metrics":{"vus":{"type":"gauge","contains":"default","values":{"value":1}}}}')).toThrow("no http_req_duration metric");
  });
});

describe("k6 --summary-export", () => {
  test("flattened values; threshold true means FAILED", () => {
    const m = parseK6SummaryExport(fixture("summary-export.json"));
    const fromLog = parseK6HandleSummary(fixture("handle-summary-runner-0.log"));
    expect(m.trend).toEqual(fromLog.trend);
    expect(m.count).toBe(3000);
    expect(m.errors).toBe(3);
    expect(m.thresholds).toEqual(expect.arrayContaining([{ metric: "http_req_duration", expression: "p(99)<500", passed: true }]));
    expect(m.startTime).toBeNull();
    expect(() => k6MeasuredToResult(m, { target: "t" })).toThrow("--start-time");
    expect(k6MeasuredToResult(m, { startTime: "2025-06-01T10:00:05Z", measureSeconds: 30, target: "http://t/" }).rate).toBe(100);
    expect(parseK6Any(fixture("summary-export.json")).source).toBe("summary-export");
  });

  test("a failed threshold in export form comes out passed=false", () => {
    const data = buildHandleSummaryData(RUNNERS[0], { ...OPTS, summaryAt: "2025-06-01T10:00:35.000Z", thresholds: { "http_req_duration{scenario:measure}": { "p(95)<1": false } } });
    const exp = JSON.parse(fixture("summary-export.json"));
    exp.metrics["http_req_duration{scenario:measure}"].thresholds = { "p(95)<1": true };
    expect(parseK6SummaryExport(JSON.stringify(exp)).thresholds).toEqual([{ metric: "http_req_duration", expression: "p(95)<1", passed: false }]);
    expect(parseK6HandleSummary(`LAB_K6_SUMMARY ${JSON.stringify(data)}`).thresholds).toEqual([{ metric: "http_req_duration", expression: "p(95)<1", passed: false }]);
    exp.metrics["http_req_duration{scenario:measure}"].thresholds = { "p(95)<1": { ok: true } };
    expect(() => parseK6SummaryExport(JSON.stringify(exp))).toThrow("expected a boolean (true = failed)");
  });
});

describe("merging segmented runners", () => {
  test("execution segments cover 0..1 once, with one shared sequence", () => {
    expect(executionSegments(1)).toEqual([{ segment: "0:1", sequence: "0,1" }]);
    expect(executionSegments(3)).toEqual([
      { segment: "0:1/3", sequence: "0,1/3,2/3,1" },
      { segment: "1/3:2/3", sequence: "0,1/3,2/3,1" },
      { segment: "2/3:1", sequence: "0,1/3,2/3,1" },
    ]);
    expect(() => executionSegments(0)).toThrow("parallelism must be a whole number ≥ 1, got 0");
  });

  test("merge of 2 runners equals the histogram of all samples; sums and maxes; percentiles never averaged", () => {
    const runners = [0, 1].map((i) => parseK6HandleSummary(fixture(`handle-summary-runner-${i}.log`)));
    const merged = mergeK6Measured(runners);
    const all = [...RUNNERS[0].measureMs, ...RUNNERS[1].measureMs];
    const histAll = histogramOf(all);
    expect(merged.histogram).toEqual(histAll);
    expect(merged).toMatchObject({ count: 6000, errors: 4, dropped: 2 });
    expect(merged.trend.max).toBe(Math.max(...all));
    expect(merged.trend.min).toBe(Math.min(...all));
    expect(merged.trend.avg).toBeCloseTo(all.reduce((a, b) => a + b, 0) / all.length, 9);
    for (const [p, key] of [[50, "med"], [90, "p90"], [95, "p95"], [99, "p99"]] as const) {
      expect(merged.trend[key]).toBe(histogramPercentile(histAll, p, merged.trend.max));
    }
    // Within one bucket (2%) of the exact nearest-rank percentile of all samples...
    const exact = summarizeLatencies(all);
    for (const [key, ex] of [["med", exact.p50], ["p90", exact.p90], ["p95", exact.p95], ["p99", exact.p99]] as const) {
      expect(merged.trend[key]).toBeGreaterThanOrEqual(ex);
      expect(merged.trend[key] / ex).toBeLessThanOrEqual(1.02 + 1e-12);
    }
    // ...whereas averaging the runners' p99 would be off by more than that here.
    const averaged = (runners[0].trend.p99 + runners[1].trend.p99) / 2;
    expect(Math.abs(averaged / exact.p99 - 1)).toBeGreaterThan(0.02);
    // Thresholds re-judged on merged figures: p(50)<4.5 passed on runner 0 only; the merged median decides.
    const t = merged.thresholds.find((x) => x.expression === "p(50)<4.5")!;
    expect(t.passed).toBe(histogramPercentile(histAll, 50, merged.trend.max) < 4.5);
    const result = k6MeasuredToResult(merged);
    expect(result).toMatchObject({ count: 6000, rate: 200 });
  });

  test("a runner without histogram cannot be merged", () => {
    const data = buildHandleSummaryData({ measureMs: syntheticLatencies(10, 3, 2), warmupMs: [], failedMeasure: 0, droppedMeasure: 0 }, { ...OPTS, summaryAt: "2025-06-01T10:00:35.000Z", withHistogram: false });
    const bare = parseK6HandleSummary(`LAB_K6_SUMMARY ${JSON.stringify(data)}`);
    expect(() => mergeK6Measured([parseK6HandleSummary(fixture("handle-summary-runner-0.log")), bare])).toThrow("k6 runner 2 of 2 has no latency histogram");
  });
});
