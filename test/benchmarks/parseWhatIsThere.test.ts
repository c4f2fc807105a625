import { join } from "node:path";
import { lab, labJson } from "../helpers/lab";
import { benchmarkResultSchema } from "../../lib/benchmarkResult";
import { partialResultSchema } from "../../benchmarks/partialResult";

/**
 * `lab parse` on what a tool printed with no lab flags: real captures only (test/fixtures/README.md,
 * "Outputs as a new user has them"): pgbench 15.18 without --log, k6 v1.8.1 --summary-export with
 * its default trend stats, and runs that failed before reporting.
 */
const f = (tool: string, n: string) => join(__dirname, "../fixtures", tool, n);
const PERCENTILE_NOTE = "pgbench prints no latency percentiles: run it with --log (-l) and pass each thread's log with --txlog";

describe("lab parse on a plain pgbench report (no transaction logs)", () => {
  test("counts, tps and average from the report; percentiles, start time and target null with how to get them", async () => {
    const out = partialResultSchema.parse(await labJson("parse", "pgbench", f("pgbench", "pg15-duration-no-txlog.txt")));
    expect(out).toMatchObject({ tool: "pgbench", toolVersion: "15.18 (Debian 15.18-0+deb12u1)", scenario: "tpcb-like", count: 2101, rate: 1061.509445, errors: 0, dropped: 0, target: null, startTime: null });
    expect(out.durationSeconds).toBeCloseTo(2101 / 1061.509445, 9);
    expect(out.latencyMs).toEqual({ avg: 1.884, stddev: null, p50: null, p90: null, p95: null, p99: null, max: null });
    expect(out.notes["latencyMs.p99"]).toBe(PERCENTILE_NOTE);
    expect(out.notes.startTime).toContain("pass --start-time, or --txlog");
    expect(out.notes.target).toContain("pass --target");
  });

  test("--rate -L: skipped, late transactions as a failed threshold, stddev as printed; flags fill what was missing", async () => {
    const out = await labJson(
      "parse", "pgbench", f("pgbench", "pg15-rate-no-txlog.txt"),
      "--target", "postgres://127.0.0.1:5432/postgres", "--start-time", "2026-11-25T12:03:20Z", "--scenario", "mine",
    );
    expect(out).toMatchObject({ count: 339, rate: 170.551535, dropped: 47, scenario: "mine", target: "postgres://127.0.0.1:5432/postgres", startTime: "2026-11-25T12:03:20Z" });
    expect(out.latencyMs).toMatchObject({ avg: 4.49, stddev: 7.641, p99: null });
    expect(out.thresholds).toEqual([{ metric: "latency", expression: "<5ms for every transaction (-L)", passed: false }]);
    expect(Object.keys(out.notes).sort()).toEqual(["latencyMs.max", "latencyMs.p50", "latencyMs.p90", "latencyMs.p95", "latencyMs.p99"]);
  });

  test("a pgbench that could not connect: exit 1 with pgbench's own error lines", async () => {
    const run = await lab("parse", "pgbench", f("pgbench", "pg15-connection-refused.txt"));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('pgbench failed before reporting: pgbench: error: connection to server at "127.0.0.1", port 1 failed: Connection refused');
    expect(run.stderr).not.toContain("transaction type");
  });
});

describe("lab parse on a plain k6 --summary-export file", () => {
  test("counts, rate, the percentiles it holds; p(99), start time, target, version null with how to get them", async () => {
    const out = partialResultSchema.parse(await labJson("parse", "k6", f("k6", "v1.8.1-summary-export-200.json")));
    expect(out).toMatchObject({ tool: "k6", count: 2406, errors: 0, target: null, startTime: null, toolVersion: null });
    // No run length in the file: count ÷ http_reqs.rate, said so.
    expect(out.rate).toBeCloseTo(1202.3308343578224, 9);
    expect(out.notes.durationSeconds).toContain("derived from http_reqs count ÷ rate");
    expect(out.latencyMs).toEqual({ avg: 1.3801637980049883, stddev: null, p50: 1.0581, p90: 2.114002, p95: 3.3558244999999998, p99: null, max: 25.400703 });
    expect(out.notes["latencyMs.p99"]).toContain("--summary-trend-stats=avg,min,med,max,p(90),p(95),p(99)");
    expect(out.notes.startTime).toContain("--start-time");
  });

  test("flags set what the file lacks and override what it holds", async () => {
    const out = await labJson(
      "parse", "k6", f("k6", "v1.8.1-summary-export-200.json"),
      "--target", "http://127.0.0.1:18931/", "--start-time", "2026-11-25T12:03:26Z", "--tool-version", "v1.8.1", "--measure-seconds", "2",
    );
    expect(out).toMatchObject({ target: "http://127.0.0.1:18931/", startTime: "2026-11-25T12:03:26Z", toolVersion: "v1.8.1", durationSeconds: 2, rate: 1203 });
    expect(Object.keys(out.notes)).toEqual(["latencyMs.p99"]);
  });

  test("every request refused: a result whose errors are its count, said in a note", async () => {
    const out = await labJson("parse", "k6", f("k6", "v1.8.1-summary-export-refused.json"), "--target", "http://127.0.0.1:1/");
    expect(out.count).toBeGreaterThan(0);
    expect(out.errors).toBe(out.count);
    expect(out.notes.errors).toContain("every request failed");
  });

  test("a complete input is a full result, as before", async () => {
    const out = await labJson("parse", "k6", f("k6", "handle-summary-runner-0.log"));
    expect(benchmarkResultSchema.strict().safeParse(out).success).toBe(true);
  });

  test("a k6 that failed before reporting: exit 1 with k6's own error line", async () => {
    const run = await lab("parse", "k6", f("k6", "v1.8.1-bad-script.log"));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("k6 failed before reporting: time=\"2026-11-25T12:03:36Z\" level=error msg=\"could not initialize 'bad.js'");
  });

  test("k6's printed summary of a run whose host did not resolve: exit 1 naming the --summary-export and the failure line", async () => {
    const run = await lab("parse", "k6", f("k6", "v1.8.1-dns-failure.log"));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("run k6 with --summary-export FILE");
    expect(run.stderr).toContain("lookup no-such-host.invalid");
    expect(run.stderr).toContain("no such host");
  });
});
