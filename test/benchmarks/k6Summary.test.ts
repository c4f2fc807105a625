import { readFileSync } from "node:fs";
import { join } from "node:path";
import { HISTOGRAM_BUCKETS } from "../../benchmarks/k6/histogram";
import { executionSegments, mergeK6Measured } from "../../benchmarks/k6/merge";
import { k6MeasuredToResult, parseK6Any, parseK6HandleSummary, parseK6SummaryExport } from "../../benchmarks/k6/summary";
import { independentK6Figures, type IndependentFigures } from "../../benchmarks/local/independentCheck";
import { CAPTURED } from "../fixtures/k6/capture";
import { csvDurations, independentHistogram } from "./independentBuckets";

/**
 * The k6 parsers and the runner merge on real captures (test/fixtures/k6: two segmented runners of
 * the generated script on k6 v1.8.1, see capture.ts). Every expectation comes from k6's own raw
 * per-request CSV of the same run, read by awk (independentK6Figures) or bucketed a second way.
 */
const fixture = (n: string) => readFileSync(join(__dirname, "../fixtures/k6", n), "utf8");
const runnerLog = (i: number) => fixture(`handle-summary-runner-${i}.log`);
const csv = (i: number) => fixture(`raw-runner-${i}.csv`);
const summaryData = (i: number) => JSON.parse(runnerLog(i).split("\n").find((l) => l.startsWith("LAB_K6_SUMMARY "))!.slice("LAB_K6_SUMMARY ".length));
const BUCKET_GROWTH = 1.02;

type Exact = IndependentFigures & { errors: number };
let exact: Exact[] = [];
let exactBoth: Exact;
beforeAll(async () => {
  exact = await Promise.all([0, 1].map((i) => independentK6Figures([csv(i)])));
  exactBoth = await independentK6Figures([csv(0), csv(1)]);
});

describe("k6 handleSummary data (the marked log line of a real runner)", () => {
  test("measured-only count, errors, max and mean equal k6's raw rows; k6's own threshold verdicts", () => {
    const m = parseK6HandleSummary(runnerLog(0));
    expect(m).toMatchObject({ source: "handleSummary", measuredOnly: true, measureSeconds: CAPTURED.durationSeconds, dropped: 0 });
    expect(m.count).toBe(exact[0].count);
    expect(m.errors).toBe(exact[0].errors);
    expect(m.errors).toBeGreaterThan(0);
    expect(m.trend.max).toBe(exact[0].max);
    expect(Math.abs(m.trend.avg / exact[0].avg - 1)).toBeLessThan(1e-9);
    // p(50)<0.001 ms cannot hold on any real request: k6 itself marked it crossed (exit 99 in the log).
    expect(m.thresholds).toEqual(
      expect.arrayContaining([
        { metric: "http_req_duration", expression: "p(99)<5000", passed: true },
        { metric: "http_req_duration", expression: "p(50)<0.001", passed: false },
      ]),
    );
    const result = k6MeasuredToResult(m);
    // Rate over the measured window, not k6's counter rate over warm-up + measure.
    expect(result.rate).toBeCloseTo(exact[0].count / CAPTURED.durationSeconds, 9);
    expect(result.latencyMs.p50).toBe(m.trend.med);
  });

  test("the latency bucket counters hold every measured request in the bucket a second method puts it in", () => {
    const m = parseK6HandleSummary(runnerLog(0));
    expect(m.histogram).toEqual(independentHistogram(csvDurations(csv(0)), HISTOGRAM_BUCKETS));
  });

  test("warm-up requests are not in the measured figures", () => {
    const m = parseK6HandleSummary(runnerLog(0));
    const data = summaryData(0);
    const warmup = csvDurations(csv(0), "warmup").length;
    expect(warmup).toBeGreaterThan(0);
    // The untagged metric counts warm-up too: proof the {scenario:measure} submetric was picked.
    expect(data.metrics.http_reqs.values.count).toBe(m.count + warmup);
  });

  test("errors: no marker, bad JSON, a summary without p(99), a non-HTTP summary", () => {
    expect(() => parseK6HandleSummary("k6 v1.0.0\nrunning...\n")).toThrow('k6 log (3 lines): expected a line starting with "LAB_K6_SUMMARY"');
    expect(() => parseK6HandleSummary("a\nLAB_K6_SUMMARY {oops\n")).toThrow("k6 log line 2: expected JSON after");
    const data = summaryData(0);
    delete data.metrics["http_req_duration{scenario:measure}"].values["p(99)"];
    expect(() => parseK6HandleSummary(`LAB_K6_SUMMARY ${JSON.stringify(data)}`)).toThrow("http_req_duration{scenario:measure} has no p(99): the run must set summaryTrendStats");
    expect(() => parseK6HandleSummary('LAB_K6_SUMMARY {"metrics":{"vus":{"type":"gauge","contains":"default","values":{"value":1}}}}')).toThrow("no http_req_duration metric");
  });
});

describe("k6 --summary-export (the same real runner's file)", () => {
  test("flattened values equal the handleSummary figures; a threshold true means FAILED; no start time in it", () => {
    const m = parseK6SummaryExport(fixture("summary-export.json"));
    const fromLog = parseK6HandleSummary(runnerLog(0));
    expect(m.trend).toEqual(fromLog.trend);
    expect(m.count).toBe(exact[0].count);
    expect(m.errors).toBe(exact[0].errors);
    expect(m.thresholds).toEqual(
      expect.arrayContaining([
        { metric: "http_req_duration", expression: "p(99)<5000", passed: true },
        { metric: "http_req_duration", expression: "p(50)<0.001", passed: false },
      ]),
    );
    expect(m.startTime).toBeNull();
    expect(() => k6MeasuredToResult(m, { target: "t" })).toThrow("--start-time");
    expect(k6MeasuredToResult(m, { startTime: "2026-12-06T21:45:37Z", measureSeconds: CAPTURED.durationSeconds, target: "http://t/" }).rate).toBeCloseTo(exact[0].count / CAPTURED.durationSeconds, 9);
    expect(parseK6Any(fixture("summary-export.json")).source).toBe("summary-export");
  });

  test("a threshold verdict that is not a boolean is refused", () => {
    const exp = JSON.parse(fixture("summary-export.json"));
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

  test("2 real runners merged: counts, errors, max and mean exact; percentiles within one bucket of the exact ones", () => {
    const runners = [0, 1].map((i) => parseK6HandleSummary(runnerLog(i)));
    const merged = mergeK6Measured(runners);
    expect(merged.histogram).toEqual(independentHistogram([...csvDurations(csv(0)), ...csvDurations(csv(1))], HISTOGRAM_BUCKETS));
    expect(merged).toMatchObject({ count: exactBoth.count, errors: exactBoth.errors });
    expect(merged.trend.max).toBe(exactBoth.max);
    expect(Math.abs(merged.trend.avg / exactBoth.avg - 1)).toBeLessThan(1e-9);
    for (const [key, ex] of [["med", exactBoth.p50], ["p90", exactBoth.p90], ["p95", exactBoth.p95], ["p99", exactBoth.p99]] as const) {
      expect(merged.trend[key]).toBeGreaterThanOrEqual(ex);
      expect(merged.trend[key] / ex).toBeLessThanOrEqual(BUCKET_GROWTH + 1e-12);
    }
    // Thresholds are judged again on the merged figures.
    expect(merged.thresholds).toEqual(expect.arrayContaining([{ metric: "http_req_duration", expression: "p(50)<0.001", passed: false }]));
    expect(k6MeasuredToResult(merged).count).toBe(exactBoth.count);
  });

  test("a runner without histogram cannot be merged", () => {
    const data = summaryData(1);
    for (const key of Object.keys(data.metrics)) if (key.startsWith("lab_latency_bucket_")) delete data.metrics[key];
    const bare = parseK6HandleSummary(`LAB_K6_SUMMARY ${JSON.stringify(data)}`);
    expect(() => mergeK6Measured([parseK6HandleSummary(runnerLog(0)), bare])).toThrow("k6 runner 2 of 2 has no latency histogram");
  });
});
