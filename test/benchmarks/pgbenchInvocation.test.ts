import { pgbenchDefinitionSchema } from "../../benchmarks/definitions";
import { parseOrExplain } from "../../lib/configErrors";
import { pgbenchInvocation, shellQuote, txlogFilesFor } from "../../benchmarks/pgbench/invocation";

const def = (input: object) => parseOrExplain(pgbenchDefinitionSchema, input, "benchmark.pgbench");

describe("pgbench invocation", () => {
  test("defaults: init, warm-up, measured duration run with logs", () => {
    const inv = pgbenchInvocation(def({}), { logDir: "/out/" });
    expect(inv.init).toEqual(["pgbench", "-i", "-s", "10", "--quiet"]);
    expect(inv.warmup).toEqual(["pgbench", "-c", "4", "-j", "2", "-T", "5", "-b", "tpcb-like"]);
    expect(inv.run).toEqual(["pgbench", "-c", "4", "-j", "2", "-T", "30", "-b", "tpcb-like", "-n", "--log", "--log-prefix=/out/pgbench_tx"]);
    expect(inv.txlogColumns).toEqual({ scheduleLag: false, retries: false });
    expect(inv.script).toBeNull();
  });

  test("open model: -R and -L, transaction count, custom script, progress, no warm-up", () => {
    const inv = pgbenchInvocation(def({ mode: "custom", script: "SELECT 1;", rate: 250, latencyLimitMs: 20, transactions: 100, clients: 8, threads: 4, warmupSeconds: 0 }), {
      logDir: "/tmp/x",
      scriptPath: "/bench/script.sql",
      progressSeconds: 5,
    });
    expect(inv.warmup).toBeNull();
    expect(inv.run).toEqual(["pgbench", "-c", "8", "-j", "4", "-R", "250", "-L", "20", "-t", "100", "-f", "/bench/script.sql", "-P", "5", "--log", "--log-prefix=/tmp/x/pgbench_tx"]);
    expect(inv.script).toEqual({ path: "/bench/script.sql", text: "SELECT 1;" });
    expect(inv.txlogColumns.scheduleLag).toBe(true);
  });

  test("no connection detail or secret ever appears in argv (libpq env vars only)", () => {
    const inv = pgbenchInvocation(def({}), { logDir: "/o" });
    for (const argv of [inv.init, inv.warmup!, inv.run]) {
      expect(argv.join(" ")).not.toMatch(/-h |-p |-U |password|postgres:\/\//);
    }
  });

  test("log files of every thread are found, nothing else", () => {
    expect(txlogFilesFor("/o/pgbench_tx", ["pgbench_tx.123", "pgbench_tx.123.1", "pgbench_tx.123.2", "script.sql", "pgbench_txx.1", "pgbench_tx.123.bak"])).toEqual([
      "pgbench_tx.123",
      "pgbench_tx.123.1",
      "pgbench_tx.123.2",
    ]);
  });

  test("shell quoting for the Job's sh -c", () => {
    expect(shellQuote(["pgbench", "-f", "/a b/it's.sql", "--log-prefix=/o/x"])).toBe("pgbench -f '/a b/it'\\''s.sql' --log-prefix=/o/x");
  });
});
