import { join } from "node:path";
import { parseToolOutput, runParseCommand } from "../../benchmarks/parse";
import { benchmarkResultSchema } from "../../lib/benchmarkResult";

const f = (tool: string, n: string) => join(__dirname, "../fixtures", tool, n);

describe("lab parse", () => {
  test("pgbench with its thread logs", async () => {
    const out = JSON.parse(
      await runParseCommand([
        "parse", "pgbench", f("pgbench", "pg15-rate-latency-limit-progress.txt"),
        "--txlog", f("pgbench", "pg15-rate-latency-limit-progress.txlog.4936"),
        "--txlog", f("pgbench", "pg15-rate-latency-limit-progress.txlog.4936.1"),
        "--target", "postgres://127.0.0.1:54329/postgres", "--schedule-lag",
      ]),
    );
    expect(benchmarkResultSchema.parse(out)).toMatchObject({ tool: "pgbench", toolVersion: "15.18 (Debian 15.18-0+deb12u1)", scenario: "tpcb-like", count: 710, rate: 236.495286, dropped: 181, errors: 0 });
    expect(out.thresholds).toEqual([{ metric: "latency", expression: "<5ms for every transaction (-L)", passed: false }]);
  });

  test("pgbench without logs is refused: it prints no percentiles", async () => {
    await expect(runParseCommand(["pgbench", f("pgbench", "pg15-duration.txt")])).rejects.toThrow("pgbench prints no latency percentiles: pass its per-transaction logs");
  });

  test("logs of another run are refused", async () => {
    await expect(runParseCommand(["pgbench", f("pgbench", "pg15-duration.txt"), "--txlog", f("pgbench", "pg15-rate-latency-limit-progress.txlog.4936")])).rejects.toThrow(
      "pgbench per-transaction logs hold 343 successful transactions but the report says 2989",
    );
  });

  test("k6: one runner, and two merged", async () => {
    const one = JSON.parse(await runParseCommand(["k6", f("k6", "handle-summary-runner-0.log")]));
    expect(one).toMatchObject({ tool: "k6", count: 3000, target: "http://podinfo.apps.svc:9898/" });
    const two = JSON.parse(await runParseCommand(["k6", f("k6", "handle-summary-runner-0.log"), f("k6", "handle-summary-runner-1.log")]));
    expect(two).toMatchObject({ count: 6000, errors: 4, rate: 200 });
  });

  test("vegeta with and without raw results", async () => {
    const withCsv = JSON.parse(await runParseCommand(["vegeta", f("vegeta", "report-200.json"), "--results", f("vegeta", "results-200.csv"), "--target", "http://127.0.0.1:44019/"]));
    const reportOnly = parseToolOutput("vegeta", require("node:fs").readFileSync(f("vegeta", "report-200.json"), "utf8"), { target: "t" });
    expect(withCsv.count).toBe(100);
    expect(withCsv.latencyMs.p99).toBe(6.144128);
    expect(reportOnly.latencyMs.p99).toBe(9.983367);
  });

  test("usage errors", async () => {
    await expect(runParseCommand(["jmeter", "x"])).rejects.toThrow('expected a tool (k6, pgbench, vegeta), got "jmeter"');
    await expect(runParseCommand(["k6"])).rejects.toThrow("expected a file to parse");
    await expect(runParseCommand(["k6", "/nonexistent/file"])).rejects.toThrow("cannot read /nonexistent/file");
    await expect(runParseCommand(["pgbench", "a", "--txlog"])).rejects.toThrow("--txlog needs a value");
    await expect(runParseCommand(["vegeta", "a", "--bogus", "1"])).rejects.toThrow("unknown option --bogus");
  });
});
