import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseVegetaReport, vegetaErrorCount, vegetaReportResult } from "../../benchmarks/vegeta/report";
import { parseVegetaResultsCsv, vegetaResultsResult } from "../../benchmarks/vegeta/results";

const fixture = (n: string) => readFileSync(join(__dirname, "../fixtures/vegeta", n), "utf8");

describe("vegeta report -type=json (real vegeta v12.13.0 runs)", () => {
  test("nanoseconds to ms, counts and rate as vegeta reports them", () => {
    const r = vegetaReportResult(parseVegetaReport(fixture("report-200.json")), { target: "http://127.0.0.1:44019/", toolVersion: "vegeta v12.13.0" });
    expect(r).toMatchObject({ tool: "vegeta", count: 100, rate: 50.5138029908755, errors: 0, durationSeconds: 1.979656927, startTime: "2026-11-23T18:16:40.303235042Z" });
    expect(r.latencyMs).toEqual({ avg: 1.530633, stddev: null, p50: 1.055606, p90: 2.165769, p95: 4.655538, p99: 9.983367, max: 13.822607 });
  });

  test("transport errors count as errors (status 0)", () => {
    const rep = parseVegetaReport(fixture("report-refused.json"));
    expect(vegetaErrorCount(rep)).toBe(20);
    expect(vegetaReportResult(rep, { target: "x" }).errors).toBe(20);
  });

  test("bad input is explained", () => {
    expect(() => parseVegetaReport("Requests [total]")).toThrow("vegeta report is not JSON (expected the output of `vegeta report -type=json`)");
    expect(() => parseVegetaReport('{"latencies":{}}')).toThrow("vegeta report: latencies.total:");
  });
});

describe("vegeta encode --to csv (real runs)", () => {
  test("rows parse, quoted errors with doubled quotes and commas included", () => {
    const rows = parseVegetaResultsCsv(fixture("results-refused.csv"));
    expect(rows).toHaveLength(20);
    expect(rows[0]).toMatchObject({ code: 0, latencyNs: 1715946, error: 'Get "http://127.0.0.1:1/": dial tcp 0.0.0.0:0->127.0.0.1:1: connect: connection refused' });
    expect(vegetaResultsResult(rows, { target: "x" }).errors).toBe(20);
  });

  test("exact nearest-rank percentiles from the rows; count and rate agree with the report", () => {
    const rows = parseVegetaResultsCsv(fixture("results-200.csv"));
    const r = vegetaResultsResult(rows, { target: "t" });
    const report = parseVegetaReport(fixture("report-200.json"));
    expect(r.count).toBe(report.requests);
    expect(r.rate).toBeCloseTo(report.rate, 9);
    const sorted = rows.map((x) => x.latencyNs).sort((a, b) => a - b);
    expect(r.latencyMs.p50).toBe(sorted[49] / 1e6);
    expect(r.latencyMs.p99).toBe(sorted[98] / 1e6);
    expect(r.latencyMs.max).toBe(report.latencies.max / 1e6);
    // vegeta truncates the mean to whole nanoseconds
    expect(Math.abs(r.latencyMs.avg - report.latencies.mean / 1e6)).toBeLessThan(1e-6);
  });

  test("errors with line numbers", () => {
    expect(() => parseVegetaResultsCsv("1,200,5,0,0,,\n2,abc,5,0,0,,\n")).toThrow('vegeta results line 2: expected code (column 2) as a whole number, got "abc"');
    expect(() => parseVegetaResultsCsv('1,200,5,0,0,"unterminated\n')).toThrow("vegeta results line 1: unterminated quoted field");
    expect(() => parseVegetaResultsCsv("\n")).toThrow("no result rows");
  });
});
