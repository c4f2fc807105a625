import { buildReport, reportSummary, stackReport } from "../../cli/report/reportModel";
import { parseStackOutputJson, stackOutputArgs } from "../../cli/report/stackOutputs";
import { pgbenchOutcome, refusedOutcome } from "./handOutputs";

describe("a stack's section in words", () => {
  test("no outputs: never deployed, and how to deploy it", () => {
    const s = stackReport("phase-06", null);
    expect(s.state).toBe("no-outputs");
    expect(s.summary).toBe("phase-06 has no outputs: it was never deployed (or not in this backend). Run `npm run lab -- up phase-06`.");
    expect(s.benchmarks).toEqual([]);
  });

  test("deployed without a benchmarks output: said so, no figures", () => {
    const s = stackReport("phase-01", { namespace: "platform" });
    expect(s.state).toBe("no-benchmarks");
    expect(s.summary).toMatch(/^phase-01 is deployed but exports no benchmarks/);
  });

  test("a benchmarks output that does not read is named by key, not rendered", () => {
    const s = stackReport("phase-05", { benchmarks: { "cnpg-write-heavy": { status: "exploded" } } });
    expect(s.state).toBe("no-benchmarks");
    expect(s.summary).toMatch(/could not be read/);
    expect(s.problems.join("\n")).toMatch(/outputs\.benchmarks\.cnpg-write-heavy\.status/);
  });

  test("a failed benchmark keeps its reason and has no figures", () => {
    const s = stackReport("phase-05", { benchmarks: { "cnpg-read-heavy": refusedOutcome } });
    expect(s.state).toBe("measured");
    expect(s.summary).toBe("1 measurement: 0 with figures, 1 failed without figures.");
    expect(s.benchmarks[0]).toMatchObject({ name: "cnpg-read-heavy", status: "failed", figures: null, reason: refusedOutcome.reason });
  });
});

describe("side by side of plain benchmarks", () => {
  test("same workload: the best per figure worked out by hand", () => {
    const s = stackReport("phase-05", {
      benchmarks: {
        a: pgbenchOutcome({ scenario: "tpcb-like", rate: 300, count: 3000, p99: 4, perMillion: 2 }),
        b: pgbenchOutcome({ scenario: "tpcb-like", rate: 450, count: 4500, p99: 6, perMillion: 1.5 }),
      },
    });
    const t = s.sideBySide!;
    expect(t.noWinner).toBeUndefined();
    const best = Object.fromEntries(t.rows.map((r) => [r.figure, r.best]));
    // rate: 450 > 300 → b; p99: 4 < 6 → a; p50 1 = 1 → tie, no single best; cost 1.5 < 2 → b.
    expect(best).toMatchObject({ rate: "b", p99: "a", p50: null, "cost per unit": "b" });
    expect(t.rows.find((r) => r.figure === "cost per unit")!.unit).toBe("USD per million transactions");
  });

  test("different workloads: shown, no winner, and why", () => {
    const s = stackReport("phase-05", {
      benchmarks: {
        "cnpg-write-heavy": pgbenchOutcome({ scenario: "tpcb-like", rate: 300, count: 3000, p99: 4 }),
        "cnpg-read-heavy": pgbenchOutcome({ scenario: "select-only", rate: 900, count: 9000, p99: 1 }),
        "cnpg-broken": refusedOutcome,
      },
    });
    const t = s.sideBySide!;
    expect(t.noWinner).toBe("different workloads (pgbench tpcb-like, pgbench select-only): side by side, no winner");
    expect(t.rows.every((r) => r.best === null)).toBe(true);
    expect(t.columns).toEqual(["cnpg-write-heavy", "cnpg-read-heavy"]);
    expect(t.without).toEqual(["cnpg-broken"]);
  });

  test("one benchmark with figures: nothing to put side by side", () => {
    expect(stackReport("phase-05", { benchmarks: { a: pgbenchOutcome({ scenario: "x", rate: 1, count: 10, p99: 1 }), b: refusedOutcome } }).sideBySide).toBeUndefined();
  });
});

test("a run where every operation failed has no latency to show", () => {
  const outcome = pgbenchOutcome({ scenario: "tpcb-like", rate: 0, count: 20, p99: 0 });
  const s = stackReport("phase-05", { benchmarks: { x: { ...outcome, status: "thresholds-failed", result: { ...outcome.result!, errors: 20 } } } });
  expect(s.benchmarks[0].figures!.latencyNote).toBe("every one of the 20 operations failed: no latency of the target to show");
});

test("the report's one-line summary counts stacks by state", async () => {
  const outputs: Record<string, Record<string, unknown> | null> = {
    "phase-01": { namespace: "platform" },
    "phase-05": { benchmarks: { a: pgbenchOutcome({ scenario: "x", rate: 1, count: 10, p99: 1 }) } },
    "phase-06": null,
    "phase-07": null,
  };
  const doc = await buildReport(Object.keys(outputs), async (s) => outputs[s], new Date("2026-12-07T06:00:00Z"));
  expect(doc.generatedAt).toBe("2026-12-07T06:00:00.000Z");
  expect(doc.summary).toBe("1 of 4 stacks has benchmark figures; 1 deployed without benchmarks; 2 never deployed (no outputs in this backend).");
  expect(reportSummary([])).toBe("No stacks to report on: name stacks, or pass --all.");
});

describe("reading pulumi's output", () => {
  test("secrets are never asked for", () => {
    expect(stackOutputArgs("phase-05")).toEqual(["stack", "output", "--json", "--show-secrets=false", "--stack", "phase-05"]);
  });
  test("{} (created, never deployed) is no outputs; text that is not JSON is an error naming the stack", () => {
    expect(parseStackOutputJson("phase-05", "{}\n")).toBeNull();
    expect(parseStackOutputJson("phase-05", '{"namespace":"data","password":"[secret]"}')).toEqual({ namespace: "data", password: "[secret]" });
    expect(() => parseStackOutputJson("phase-05", "warning: x")).toThrow(/pulumi stack output --stack phase-05: not JSON/);
    expect(() => parseStackOutputJson("phase-05", "[1]")).toThrow(/expected a JSON object of outputs/);
  });
});
