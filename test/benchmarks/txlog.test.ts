import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { nearestRankIndex, summarizeLatencies } from "../../benchmarks/latencyStats";
import { parsePgbenchReport } from "../../benchmarks/pgbench/report";
import { parseTxlog, summarizeTxlogs } from "../../benchmarks/pgbench/txlog";

const dir = join(__dirname, "../fixtures/pgbench");

describe("nearest-rank percentiles", () => {
  test("1..20 ms by hand: rank ceil(p/100*N)", () => {
    const s = summarizeLatencies(Array.from({ length: 20 }, (_, i) => 20 - i));
    // p50 -> rank 10, p90 -> 18, p95 -> 19, p99 -> ceil(19.8) = 20
    expect(s).toEqual({ avg: 10.5, stddev: expect.closeTo(Math.sqrt(33.25), 12), p50: 10, p90: 18, p95: 19, p99: 20, max: 20 });
  });

  test("rank is exact where floating point would slip (p*N divisible by 100)", () => {
    expect(nearestRankIndex(99, 100)).toBe(98);
    expect(nearestRankIndex(99, 1000)).toBe(989);
    expect(nearestRankIndex(50, 1)).toBe(0);
    // 0.1 * 3 * 10 = 3.0000000000000004 in floating point: ceil would give rank 4
    expect(nearestRankIndex(0.1 * 3 * 10, 100)).toBe(2);
    // k6's p(99.9) over 1000 samples: rank 999 (99.9 / 100 * 1000 is 999.0000000000001 in floating point: ceil would give 1000)
    expect(nearestRankIndex(99.9, 1000)).toBe(998);
    expect(() => nearestRankIndex(99.95001, 10)).toThrow("at most 3 decimals");
    expect(() => nearestRankIndex(0, 10)).toThrow("in (0, 100]");
  });
});

describe("per-transaction logs", () => {
  const thread0 = ["0 1 1000 0 1700000000 100000", "0 2 3000 0 1700000000 200000", "1 1 2000 0 1700000000 150000", "1 2 skipped 0 1700000000 160000", "1 3 failed 0 1700000000 170000"].join("\n");
  const thread1 = ["2 1 5000 0 1700000000 300000", "2 2 4000 0 1700000000 400000", ""].join("\n");

  test("merges threads, counts skipped and failed apart, times from epoch fields", () => {
    const s = summarizeTxlogs([parseTxlog(thread0), parseTxlog(thread1)]);
    expect(s).toMatchObject({ count: 5, skipped: 1, failed: 1, firstStartEpochUs: 1700000000_099000, lastEndEpochUs: 1700000000_400000 });
    expect(s.latencyMs).toMatchObject({ avg: 3, p50: 3, p90: 5, p95: 5, p99: 5, max: 5 });
    expect(s.latencyMs.stddev).toBeCloseTo(Math.SQRT2, 12);
  });

  test("optional columns: lag with -R, retries with --max-tries, positional", () => {
    expect(parseTxlog("0 1 1784 0 1795457606 319039 184")[0]).toMatchObject({ latencyUs: 1784, scheduleLagUs: 184, retries: null });
    expect(parseTxlog("1 6 failed 0 1795457744 659047 2", { columns: { scheduleLag: false, retries: true } })[0]).toMatchObject({ status: "failed", scheduleLagUs: null, retries: 2 });
    expect(parseTxlog("0 1 900 0 1795457744 659047 12 1")[0]).toMatchObject({ scheduleLagUs: 12, retries: 1 });
    expect(parseTxlog("0 1 serialization 0 1795457614 145665 1", { columns: { scheduleLag: false, retries: true } })[0].status).toBe("serialization");
  });

  test("errors carry source and line number", () => {
    expect(() => parseTxlog("0 1 100 0 1 2\n0 2 abc 0 1 2\n", { source: "pgbench_tx.77" })).toThrow('pgbench_tx.77 line 2: expected latency in microseconds or one of skipped/failed/serialization/deadlock/other in field 3, got "abc"');
    expect(() => parseTxlog("0 1 100 0 1\n")).toThrow("txlog line 1: expected 6 to 8 fields");
    expect(() => parseTxlog("0 1 100 0 1 2 3", { columns: { scheduleLag: false, retries: false } })).toThrow("txlog line 1: expected 6 fields (schedule_lag off, retries off), got 7");
    expect(() => summarizeTxlogs([parseTxlog("0 1 skipped 0 1 2")])).toThrow("no successful transaction");
  });

  test("real PG15 -R -L logs: counts match pgbench's own report, percentiles match a plain sort", () => {
    const files = readdirSync(dir).filter((f) => f.startsWith("pg15-rate-latency-limit-progress.txlog."));
    expect(files).toHaveLength(2);
    const texts = files.map((f) => readFileSync(join(dir, f), "utf8"));
    const s = summarizeTxlogs(texts.map((t) => parseTxlog(t, { columns: { scheduleLag: true, retries: false } })));
    const report = parsePgbenchReport(readFileSync(join(dir, "pg15-rate-latency-limit-progress.txt"), "utf8"));
    expect(s.count).toBe(report.processed);
    expect(s.skipped).toBe(report.skipped);
    // pgbench's own mean and stddev are over the same transactions (rounded to 3 decimals).
    expect(s.latencyMs.avg).toBeCloseTo(report.latencyAverageMs!, 2);
    expect(s.latencyMs.stddev!).toBeCloseTo(report.latencyStddevMs!, 2);
    const lat = texts.flatMap((t) => t.split("\n")).map((l) => l.split(" ")[2]).filter((v) => /^\d+$/.test(v ?? "")).map(Number).sort((a, b) => a - b);
    expect(s.latencyMs.p99).toBe(lat[Math.ceil(0.99 * lat.length) - 1] / 1000);
    expect(s.latencyMs.max).toBe(lat[lat.length - 1] / 1000);
  });

  test("real PG16 logs agree with pgbench 16's report", () => {
    const files = readdirSync(dir).filter((f) => f.startsWith("pg16-rate-latency-limit-progress.txlog."));
    const s = summarizeTxlogs(files.map((f) => parseTxlog(readFileSync(join(dir, f), "utf8"))));
    const report = parsePgbenchReport(readFileSync(join(dir, "pg16-rate-latency-limit-progress.txt"), "utf8"));
    expect(s.count).toBe(report.processed);
    expect(s.latencyMs.avg).toBeCloseTo(report.latencyAverageMs!, 2);
  });

  test("real PG15 failure logs (--failures-detailed, --max-tries)", () => {
    const e = parseTxlog(readFileSync(join(dir, "pg15-failures-detailed.txlog"), "utf8"), { columns: { scheduleLag: false, retries: true } });
    expect(e.some((x) => x.status === "serialization")).toBe(true);
    const r = parseTxlog(readFileSync(join(dir, "pg15-retries.txlog"), "utf8"), { columns: { scheduleLag: false, retries: true } });
    expect(r.every((x) => x.retries !== null)).toBe(true);
  });
});
