import { join } from "node:path";
import { lab, labJson } from "../helpers/lab";
import { benchmarkResultSchema } from "../../lib/benchmarkResult";

const f = (tool: string, n: string) => join(__dirname, "../fixtures", tool, n);

describe("lab parse", () => {
  test("pgbench with its thread logs", async () => {
    const out = await labJson(
      "parse", "pgbench", f("pgbench", "pg15-rate-latency-limit-progress.txt"),
      "--txlog", f("pgbench", "pg15-rate-latency-limit-progress.txlog.4936"),
      "--txlog=" + f("pgbench", "pg15-rate-latency-limit-progress.txlog.4936.1"),
      "--target", "postgres://127.0.0.1:54329/postgres", "--schedule-lag",
    );
    expect(benchmarkResultSchema.parse(out)).toMatchObject({ tool: "pgbench", toolVersion: "15.18 (Debian 15.18-0+deb12u1)", scenario: "tpcb-like", count: 710, rate: 236.495286, dropped: 181, errors: 0 });
    expect(out.thresholds).toEqual([{ metric: "latency", expression: "<5ms for every transaction (-L)", passed: false }]);
  });

  test("logs of another run are refused", async () => {
    const run = await lab("parse", "pgbench", f("pgbench", "pg15-duration.txt"), "--txlog", f("pgbench", "pg15-rate-latency-limit-progress.txlog.4936"));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("pgbench per-transaction logs hold 343 successful transactions but the report says 2989");
  });

  test("k6: one runner, and two merged", async () => {
    const one = await labJson("parse", "k6", f("k6", "handle-summary-runner-0.log"));
    // Counts from the runners' raw CSV rows (test/fixtures/k6/raw-runner-*.csv), 4 s measured.
    expect(one).toMatchObject({ tool: "k6", count: 401, errors: 14, target: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/$/) });
    const two = await labJson("parse", "k6", f("k6", "handle-summary-runner-0.log"), f("k6", "handle-summary-runner-1.log"));
    expect(two).toMatchObject({ count: 801, errors: 17 });
    expect(two.rate).toBeCloseTo(801 / 4, 9);
  });

  test("usage errors name the problem", async () => {
    expect((await lab("parse", "jmeter", "x")).stderr).toContain("lab: no such command: lab parse jmeter x; expected one of\n  lab parse k6\n  lab parse pgbench");
    expect((await lab("parse", "k6")).stderr).toContain("lab parse k6: needs <files> (one file per runner)");
    expect((await lab("parse", "k6", "/nonexistent/file")).stderr).toContain("cannot read /nonexistent/file");
    expect((await lab("parse", "pgbench", "a", "--txlog")).stderr).toContain("lab parse pgbench: --txlog needs a value");
    expect((await lab("parse", "pgbench", "a", "--bogus", "1")).stderr).toContain("lab parse pgbench: unknown option --bogus (options: ");
    expect((await lab("parse", "pgbench", "a", "b")).stderr).toContain('lab parse pgbench: unexpected argument "b"');
  });
});
