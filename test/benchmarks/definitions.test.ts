import { httpLoadDefinitionSchema, pgbenchDefinitionSchema } from "../../benchmarks/definitions";
import { parseOrExplain } from "../../lib/configErrors";

describe("pgbench definition", () => {
  test("defaults make a small duration run", () => {
    expect(parseOrExplain(pgbenchDefinitionSchema, {}, "benchmark.pgbench")).toEqual({
      scale: 10, mode: "tpcb-like", clients: 4, threads: 2, durationSeconds: 30, warmupSeconds: 5, trials: 1,
    });
  });

  test("transactions replace the default duration; threads default to at most clients", () => {
    const d = parseOrExplain(pgbenchDefinitionSchema, { transactions: 100, clients: 1 }, "b");
    expect(d.durationSeconds).toBeUndefined();
    expect(d.transactions).toBe(100);
    expect(d.threads).toBe(1);
  });

  test("threads above clients names key, value and bound", () => {
    expect(() => parseOrExplain(pgbenchDefinitionSchema, { clients: 4, threads: 8 }, "benchmark.pgbench")).toThrow(
      "benchmark.pgbench.threads: got 8, expected ≤ clients (4)",
    );
  });

  test("custom mode needs a script; -L needs -R; both lengths are refused", () => {
    expect(() => parseOrExplain(pgbenchDefinitionSchema, { mode: "custom" }, "p")).toThrow("p.script: got nothing, expected a pgbench script text (mode is custom)");
    expect(() => parseOrExplain(pgbenchDefinitionSchema, { latencyLimitMs: 10 }, "p")).toThrow("p.latencyLimitMs: got 10, expected a rate as well");
    expect(() => parseOrExplain(pgbenchDefinitionSchema, { durationSeconds: 5, transactions: 5 }, "p")).toThrow("p.transactions: got 5, expected either durationSeconds or transactions");
  });

  test("type, range, enum and unknown-key errors are all listed", () => {
    let message = "";
    try {
      parseOrExplain(pgbenchDefinitionSchema, { scale: 0, mode: "tpcc", clients: "4", durationSecs: 3 }, "benchmark.pgbench");
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("benchmark.pgbench.scale: got 0, expected ≥ 1");
    expect(message).toContain('benchmark.pgbench.mode: got "tpcc", expected one of "tpcb-like", "select-only", "custom"');
    expect(message).toContain('benchmark.pgbench.clients: got "4", expected a number');
    expect(message).toContain("benchmark.pgbench.durationSecs: unknown key, expected one of scale, mode, script, clients, threads, durationSeconds, transactions, rate, latencyLimitMs, warmupSeconds, trials");
  });
});

describe("http load definition", () => {
  test("defaults: constant arrival rate, GET, one runner", () => {
    const d = parseOrExplain(httpLoadDefinitionSchema, { url: "http://127.0.0.1:8080/" }, "h");
    expect(d).toMatchObject({ method: "GET", executor: "constant-arrival-rate", rate: 10, durationSeconds: 30, parallelism: 1, thresholds: {} });
  });

  test("ramping needs stages and measures their total length", () => {
    expect(() => parseOrExplain(httpLoadDefinitionSchema, { url: "http://x/", executor: "ramping-arrival-rate" }, "h")).toThrow("h.stages: got nothing, expected stages");
    const d = parseOrExplain(httpLoadDefinitionSchema, { url: "http://x/", executor: "ramping-arrival-rate", stages: [{ durationSeconds: 10, target: 50 }, { durationSeconds: 20, target: 100 }] }, "h");
    expect(d.durationSeconds).toBe(30);
  });

  test("bad url, VU bounds and threshold shapes are explained", () => {
    expect(() => parseOrExplain(httpLoadDefinitionSchema, { url: "not a url" }, "h")).toThrow('h.url: got "not a url", expected a valid url');
    expect(() => parseOrExplain(httpLoadDefinitionSchema, { url: "http://x/", preAllocatedVUs: 50, maxVUs: 10 }, "h")).toThrow("h.maxVUs: got 10, expected ≥ preAllocatedVUs (50)");
    expect(() => parseOrExplain(httpLoadDefinitionSchema, { url: "http://x/", thresholds: { http_req_duration: "p(99)<5" } }, "h")).toThrow('h.thresholds.http_req_duration: got "p(99)<5", expected an array');
  });
});

describe("HTTP definition: credentials only through secretHeaders", () => {
  test("a credential in plain headers is refused, naming the header and where it belongs, without echoing the value", () => {
    let message = "";
    try {
      parseOrExplain(httpLoadDefinitionSchema, { url: "http://x/", headers: { authorization: "Bearer SHOULD-NOT-ECHO" } }, "benchmark.http");
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("benchmark.http.headers.authorization");
    expect(message).toContain("move authorization to secretHeaders");
    expect(message).not.toContain("SHOULD-NOT-ECHO");
    expect(message).toContain("got [secret]");
  });

  test("a secret header names a Secret and key; a bad name or the same header twice is refused", () => {
    const d = parseOrExplain(httpLoadDefinitionSchema, { url: "http://x/", secretHeaders: { Cookie: { secretName: "session", key: "cookie" } } }, "h");
    expect(d.secretHeaders).toEqual({ Cookie: { secretName: "session", key: "cookie" } });
    expect(() => parseOrExplain(httpLoadDefinitionSchema, { url: "http://x/", secretHeaders: { Cookie: { secretName: "Not_A_Name", key: "k" } } }, "h")).toThrow(
      "h.secretHeaders.Cookie.secretName",
    );
    expect(() =>
      parseOrExplain(httpLoadDefinitionSchema, { url: "http://x/", headers: { "X-Trace": "1" }, secretHeaders: { "x-trace": { secretName: "s", key: "k" } } }, "h"),
    ).toThrow("h.headers.X-Trace");
  });
});
