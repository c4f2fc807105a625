import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parsePgbenchReport } from "../../benchmarks/pgbench/report";

const fixture = (name: string) => readFileSync(join(__dirname, "../fixtures/pgbench", name), "utf8");

describe("pgbench report, real PostgreSQL 15.18 runs", () => {
  test("duration mode", () => {
    const r = parsePgbenchReport(fixture("pg15-duration.txt"));
    expect(r).toMatchObject({
      pgbenchVersion: "15.18 (Debian 15.18-0+deb12u1)", serverVersion: null, transactionType: "<builtin: TPC-B (sort of)>",
      scalingFactor: 2, queryMode: "simple", clients: 4, threads: 2, maxTries: 1, durationSeconds: 3, processed: 2989, expected: null,
      failed: 0, skipped: 0, latencyAverageMs: 4.019, latencyStddevMs: null, initialConnectionTimeMs: 11.45, tps: 995.212724,
      tpsBasis: "without initial connection time", aborted: false,
    });
  });

  test("transaction-count mode N/M", () => {
    const r = parsePgbenchReport(fixture("pg15-transactions-select-only.txt"));
    expect(r).toMatchObject({ transactionsPerClient: 200, processed: 400, expected: 400, durationSeconds: null, tps: 5575.068295 });
  });

  test("rate-limited with latency limit and progress lines", () => {
    const r = parsePgbenchReport(fixture("pg15-rate-latency-limit-progress.txt"));
    expect(r).toMatchObject({ processed: 710, skipped: 181, latencyLimit: { limitMs: 5, late: 217, of: 710 }, latencyAverageMs: 7.665, latencyStddevMs: 40.673, scheduleLag: { avgMs: 0.494, maxMs: 5.784 }, tps: 236.495286 });
  });

  test("failures detailed and retries", () => {
    expect(parsePgbenchReport(fixture("pg15-failures-detailed.txt"))).toMatchObject({ maxTries: 2, processed: 1644, failed: 1043, serializationFailures: 1043, deadlockFailures: 0, retried: 1593, totalRetries: 1593, latencyIncludesFailures: true, latencyAverageMs: 2.961 });
    expect(parsePgbenchReport(fixture("pg15-retries.txt"))).toMatchObject({ maxTries: 3, failed: 1173, serializationFailures: null, retried: 1542, totalRetries: 2859 });
  });

  test("overloaded -R: most transactions skipped", () => {
    expect(parsePgbenchReport(fixture("pg15-rate-skipped.txt"))).toMatchObject({ processed: 1729, skipped: 97840, latencyLimit: { limitMs: 1, late: 1729, of: 1729 } });
  });
});

describe("pgbench report, real pgbench 16.2 (pgserver wheel) against server 15.18", () => {
  test("mixed-version banner and the 15+ layout", () => {
    const r = parsePgbenchReport(fixture("pg16-rate-latency-limit-progress.txt"));
    expect(r).toMatchObject({ pgbenchVersion: "16.2", serverVersion: "15.18 (Debian 15.18-0+deb12u1)", processed: 934, skipped: 0, latencyLimit: { limitMs: 5, late: 4, of: 934 }, tps: 311.97392 });
    expect(parsePgbenchReport(fixture("pg16-duration.txt")).tps).toBeGreaterThan(0);
    expect(parsePgbenchReport(fixture("pg16-transactions-select-only.txt"))).toMatchObject({ processed: 400, expected: 400 });
    expect(parsePgbenchReport(fixture("pg16-failures-detailed.txt"))).toMatchObject({ processed: 3326, failed: 3735, serializationFailures: 3735, retried: 4421 });
  });
});

describe("pgbench report, constructed from pgbench.c printResults (13, 14, 17)", () => {
  test("PG14: spaced percent, no tries/failures lines", () => {
    expect(parsePgbenchReport(fixture("pg14-rate-latency-limit.txt"))).toMatchObject({ pgbenchVersion: "14.13 (Debian 14.13-1.pgdg120+1)", maxTries: null, failed: 0, skipped: 7, latencyLimit: { limitMs: 50, late: 12, of: 2000 }, tps: 199.952842 });
    expect(parsePgbenchReport(fixture("pg14-transactions.txt"))).toMatchObject({ processed: 4000, expected: 4000, tps: 9708.737864 });
    expect(parsePgbenchReport(fixture("pg14-connect.txt"))).toMatchObject({ pgbenchVersion: "14.13", averageConnectionTimeMs: 2.311, tpsBasis: "including reconnection times" });
  });

  test("PG13: the excluding-connections tps wins", () => {
    expect(parsePgbenchReport(fixture("pg13-duration.txt"))).toMatchObject({ tps: 985.602339, tpsBasis: "excluding connections establishing", initialConnectionTimeMs: null });
  });

  test("PG17: every optional line together", () => {
    expect(parsePgbenchReport(fixture("pg17-failures-retries-rate.txt"))).toMatchObject({
      pgbenchVersion: "17.2 (Debian 17.2-1.pgdg120+1)", serverVersion: "16.6 (Debian 16.6-1.pgdg120+1)", transactionType: "multiple scripts", queryMode: "prepared",
      processed: 3871, expected: 4000, failed: 97, serializationFailures: 90, deadlockFailures: 7, retried: 311, totalRetries: 402, skipped: 32,
      latencyLimit: { limitMs: 100, late: 41, of: 3871 }, scheduleLag: { avgMs: 1.902, maxMs: 88.31 }, tps: 398.622117,
    });
    expect(parsePgbenchReport(fixture("pg17-duration.txt")).processed).toBe(48210);
  });
});

describe("pgbench report errors", () => {
  test("an unknown line inside the report fails with its line number", () => {
    const text = fixture("pg15-duration.txt").replace("query mode: simple", "query mode: simple\nmystery line: 42");
    expect(() => parsePgbenchReport(text)).toThrow(/^pgbench report line 6: expected a pgbench report line .* got "mystery line: 42"/);
  });

  test("a malformed number is not skipped", () => {
    const text = fixture("pg15-duration.txt").replace("latency average = 4.019 ms", "latency average = 4,019 ms");
    expect(() => parsePgbenchReport(text)).toThrow('pgbench report line 12: expected a pgbench report line');
  });

  test("a truncated report says what was expected next", () => {
    const text = fixture("pg15-duration.txt").split("\n").slice(0, 13).join("\n");
    expect(() => parsePgbenchReport(text)).toThrow('pgbench report line 14: expected "tps = X (without initial connection time)"');
  });

  test("no report at all", () => {
    expect(() => parsePgbenchReport("pgbench: error: connection to server failed\n")).toThrow('expected "transaction type: ..." (no pgbench report in input)');
  });

  test("the last report wins when a log holds warm-up and measured runs", () => {
    const text = fixture("pg15-transactions-select-only.txt") + fixture("pg15-duration.txt");
    expect(parsePgbenchReport(text).processed).toBe(2989);
  });

  test("nothing completed: pgbench stops after the processed line", () => {
    const text = "transaction type: x.sql\nscaling factor: 1\nquery mode: simple\nnumber of clients: 1\nnumber of threads: 1\nduration: 1 s\nnumber of transactions actually processed: 0\npgbench: error: Run was aborted; the above results are incomplete.\n";
    expect(parsePgbenchReport(text)).toMatchObject({ processed: 0, tps: 0, aborted: true });
  });
});
