import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildRunRecord, saveRun, type RunRecord } from "../../cli/archive/runArchive";
import { compareRuns, type BenchmarkComparison } from "../../cli/compare/compareRuns";
import { formatComparison } from "../../cli/compare/formatComparison";
import { lab } from "../helpers/lab";
import { phase04Outputs, phase05Outputs, realK6Outcome, realPgbenchResult, trialsOutcome, type TrialFigures } from "./archivedOutputs";

/**
 * `lab compare` on two archive files of phase-05 (pgbench, 4 and 3 trials) and phase-04 (k6
 * sweeps, one figure per step), built from the stacks' outputs under mocks with results parsed
 * from real tool output. Every expected figure below is worked out by hand from the trials.
 */

const trials = (rates: number[], p50: number[], p95: number[], p99: number[]): TrialFigures[] => rates.map((rate, i) => ({ rate, p50: p50[i], p95: p95[i], p99: p99[i] }));
// Write-heavy, 4 trials a side: B's rate is higher in every trial, its p50 lower in every trial,
// its p95 the same trial for trial, its p99 overlapping A's.
const writeA = trials([500, 505, 510, 495], [1.0, 1.1, 1.2, 1.05], [3, 3.1, 3.2, 3.05], [10, 10.5, 11, 12]);
const writeB = trials([600, 610, 590, 605], [0.9, 0.95, 0.85, 0.92], [3, 3.1, 3.2, 3.05], [10.2, 10.8, 11.5, 11.9]);
// Read-heavy, 3 trials a side, completely apart: still not testable at 0.05.
const readA = trials([900, 910, 905], [0.5, 0.5, 0.5], [1, 1, 1], [2, 2.1, 2.2]);
const readB = trials([1000, 1010, 1005], [0.4, 0.4, 0.4], [0.9, 0.9, 0.9], [1.8, 1.9, 2.0]);

let a: RunRecord;
let b: RunRecord;
let sweepA: RunRecord;
let sweepB: RunRecord;
beforeAll(async () => {
  const pg = realPgbenchResult();
  a = buildRunRecord({
    stack: "phase-05",
    outputs: await phase05Outputs({ "write-heavy": trialsOutcome(pg, writeA), "read-heavy": trialsOutcome(pg, readA) }),
    cluster: "kind",
    now: new Date("2026-12-07T06:00:00Z"),
    runIds: { benchmark: "1" },
    benchmarkConfig: { runId: "1" },
  });
  b = buildRunRecord({
    stack: "phase-05",
    outputs: await phase05Outputs({ "write-heavy": trialsOutcome(pg, writeB, "16.10 (Debian 16.10-1.pgdg120+1)"), "read-heavy": trialsOutcome(pg, readB, "16.10 (Debian 16.10-1.pgdg120+1)") }),
    cluster: "hub",
    now: new Date("2026-12-08T06:00:00Z"),
    runIds: { benchmark: "2" },
    benchmarkConfig: { runId: "2", writeHeavy: { clients: 16 } },
  });
  const k6 = realK6Outcome("x");
  const step = (scale: number) => (_target: string, offered: number) => ({ ...k6, result: { ...k6.result!, rate: offered * scale } });
  sweepA = buildRunRecord({ stack: "phase-04", outputs: await phase04Outputs(step(1)), cluster: "kind", now: new Date("2026-12-07T07:00:00Z"), runIds: { benchmark: "1" } });
  sweepB = buildRunRecord({ stack: "phase-04", outputs: await phase04Outputs(step(0.99)), cluster: "kind", now: new Date("2026-12-07T08:00:00Z"), runIds: { benchmark: "2" } });
});

const figure = (bench: BenchmarkComparison | undefined, name: string) => bench!.figures.find((f) => f.figure === name)!;

describe("phase-05: pgbench with trials", () => {
  test("rate: medians 502.5 and 602.5 /s (+19.90%), ±1.5% and ±2.1%, every B trial above every A trial: p = 2/70", () => {
    const c = compareRuns({ label: "a.json", record: a }, { label: "b.json", record: b });
    const rate = figure(c.benchmarks.find((x) => x.name === "cnpg-write-heavy"), "rate");
    // A sorted 495 500 505 510: median (500+505)/2; spread max(510-502.5, 502.5-495) / 502.5 = 1.49%.
    expect(rate.a).toEqual({ median: 502.5, min: 495, max: 510, spreadPercent: expect.closeTo(1.4925, 3), trials: 4 });
    // B sorted 590 600 605 610: median 602.5; spread max(7.5, 12.5) / 602.5 = 2.07%.
    expect(rate.b).toEqual({ median: 602.5, min: 590, max: 610, spreadPercent: expect.closeTo(2.0747, 3), trials: 4 });
    expect(rate.deltaPercent).toBeCloseTo((100 / 502.5) * 100, 10);
    expect(rate.significance).toEqual({ verdict: "significant", p: expect.closeTo(2 / 70, 12), method: "exact" });
  });

  test("p50 lower in every trial is significant; p95 equal trial for trial is p = 1 (all ties); overlapping p99 is not (U = 7, p = 62/70)", () => {
    const bench = compareRuns({ label: "a", record: a }, { label: "b", record: b }).benchmarks.find((x) => x.name === "cnpg-write-heavy");
    const p50 = figure(bench, "p50");
    // Medians (1.05+1.1)/2 = 1.075 and (0.9+0.92)/2 = 0.91: (0.91 - 1.075) / 1.075 = -15.35%.
    expect(p50.a.median).toBeCloseTo(1.075, 12);
    expect(p50.b.median).toBeCloseTo(0.91, 12);
    expect(p50.deltaPercent).toBeCloseTo(-15.3488, 3);
    expect(p50.significance).toMatchObject({ verdict: "significant", p: expect.closeTo(2 / 70, 12) });
    expect(figure(bench, "p95")).toMatchObject({ deltaPercent: 0, significance: { verdict: "no significant difference", p: 1, method: "normal" } });
    // A 10 10.5 11 12 against B 10.2 10.8 11.5 11.9: A above B in 0 + 1 + 2 + 4 = 7 pairs;
    // P(U <= 7) = (1+1+2+3+5+5+7+7) / 70 = 31/70, two-sided 62/70.
    const p99 = figure(bench, "p99");
    expect([p99.a.median, p99.b.median]).toEqual([10.75, 11.15]);
    expect(p99.significance).toEqual({ verdict: "no significant difference", p: expect.closeTo(62 / 70, 12), method: "exact" });
  });

  test("3 trials a side is 'not enough trials', however far apart", () => {
    const bench = compareRuns({ label: "a", record: a }, { label: "b", record: b }).benchmarks.find((x) => x.name === "cnpg-read-heavy")!;
    expect(figure(bench, "rate").a).toMatchObject({ median: 905, trials: 3 });
    for (const f of bench.figures) expect(f.significance).toEqual({ verdict: "not enough trials", reason: "3 against 3 trials: the smallest p the test can give is 0.10, above alpha 0.05" });
  });

  test("caveats: the cluster, pgbench's version and the benchmark definition changed; the run id alone is no caveat", () => {
    const c = compareRuns({ label: "a", record: a }, { label: "b", record: b });
    expect(c.caveats).toEqual([
      "different clusters: kind in A, hub in B (different machines measure differently)",
      "different pgbench versions: 15.18 (Debian 15.18-0+deb12u1) in A, 16.10 (Debian 16.10-1.pgdg120+1) in B",
      "different benchmark definitions (lab:benchmark): writeHeavy changed",
    ]);
    expect(compareRuns({ label: "a", record: a }, { label: "a again", record: { ...a, runId: "9", runIds: { benchmark: "9" }, benchmarkConfig: { runId: "9" } } }).caveats).toEqual([]);
    const otherProfile = compareRuns({ label: "a", record: a }, { label: "aws", record: { ...a, pricingProfile: "aws" } });
    expect(otherProfile.caveats).toEqual(["different pricing profiles: laptop in A, aws in B (their cost figures are not comparable)"]);
  });

  test("a benchmark that failed on one side is named with its reason, not compared", () => {
    const failed = JSON.parse(JSON.stringify(b)) as RunRecord;
    (failed.outputs.benchmarks as Record<string, unknown>)["cnpg-read-heavy"] = { status: "failed", reason: "trial-1 exited with 2: pgbench: error: connection to server failed" };
    const bench = compareRuns({ label: "a", record: a }, { label: "b", record: failed }).benchmarks.find((x) => x.name === "cnpg-read-heavy")!;
    expect(bench).toEqual({
      name: "cnpg-read-heavy",
      statusA: "passed",
      statusB: "failed",
      figures: [],
      note: "no figures to compare (B failed: trial-1 exited with 2: pgbench: error: connection to server failed)",
    });
  });

  test("text: the table a person reads, reasons below it", () => {
    const text = formatComparison(compareRuns({ label: "a.json", record: a }, { label: "b.json", record: b }), "text");
    const lines = text.split("\n");
    expect(lines[0]).toBe("A: phase-05 run 1 on kind, laptop prices, saved 2026-12-07T06:00:00.000Z (a.json)");
    expect(lines).toContain("  - different clusters: kind in A, hub in B (different machines measure differently)");
    const row = (start: string) => lines.find((l) => l.startsWith(start))!.split(/\s{2,}/);
    expect(row("cnpg-write-heavy")).toEqual(["cnpg-write-heavy", "rate /s", "502.5 ±1.5% (4 trials)", "602.5 ±2.1% (4 trials)", "+19.90%", "significant (p=0.029)"]);
    // p99 spread: A max(12 - 10.75, 10.75 - 10) / 10.75 = 11.6%; B max(11.9 - 11.15, 11.15 - 10.2) / 11.15 = 8.5%.
    expect(lines.find((l) => l.includes("p99 ms") && l.includes("10.75"))!.trim().split(/\s{2,}/)).toEqual(["p99 ms", "10.75 ±11.6% (4 trials)", "11.15 ±8.5% (4 trials)", "+3.72%", "~ (p=0.886)"]);
    expect(row("cnpg-read-heavy")).toEqual(["cnpg-read-heavy", "rate /s", "905 ±0.6% (3 trials)", "1005 ±0.5% (3 trials)", "+11.05%", "not enough trials"]);
    expect(lines.slice(-2)).toEqual(["not enough trials:", "  - 3 against 3 trials: the smallest p the test can give is 0.10, above alpha 0.05"]);
  });

  test("markdown: the same rows as a table; json: the whole comparison", () => {
    const c = compareRuns({ label: "a.json", record: a }, { label: "b.json", record: b });
    const md = formatComparison(c, "md").split("\n");
    expect(md).toContain("| benchmark | figure | A | B | delta | significance |");
    expect(md).toContain("| cnpg-write-heavy | rate /s | 502.5 ±1.5% (4 trials) | 602.5 ±2.1% (4 trials) | +19.90% | significant (p=0.029) |");
    expect(md.filter((l) => l.startsWith("| cnpg-"))).toHaveLength(8);
    expect(JSON.parse(formatComparison(c, "json"))).toEqual(JSON.parse(JSON.stringify(c)));
  });
});

describe("phase-04: sweeps, compared per step", () => {
  test("each step by target and rate; one figure per step, so 'not enough trials' with the reason", () => {
    const c = compareRuns({ label: "a", record: sweepA }, { label: "b", record: sweepB });
    expect(c.benchmarks.map((x) => x.name)).toEqual(["baseline @ 100/s", "baseline @ 300/s", "traefik @ 100/s", "traefik @ 300/s"]);
    const rate = figure(c.benchmarks[3], "rate");
    // 300 /s achieved in A, 0.99 x 300 = 297 in B: -1.00%. No trials, so no spread either.
    expect(rate.a).toEqual({ median: 300, min: null, max: null, spreadPercent: null, trials: null });
    expect(rate.deltaPercent).toBeCloseTo(-1, 10);
    expect(rate.significance).toEqual({ verdict: "not enough trials", reason: "neither run kept each trial's figures, only the median trial's" });
    // The real k6 log's thresholds failed (p(50)<0.001 on purpose): that is said beside the figures.
    expect(formatComparison(c, "text")).toContain("\ntraefik @ 300/s: thresholds-failed in A, thresholds-failed in B");
    // Same k6 (v1.8.1, from the real log) and the same definitions: nothing to warn about.
    expect(c.caveats).toEqual([]);
    expect(sweepA.toolVersions).toEqual({ k6: ["k6 v1.8.1 (go1.26.8, linux/amd64)"] });
  });

  test("a step only one run has is listed, not dropped silently", () => {
    const fewer = JSON.parse(JSON.stringify(sweepB)) as RunRecord;
    (fewer.outputs.benchmarks as { gateways: Record<string, { steps: unknown[] }> }).gateways.traefik.steps.pop();
    const c = compareRuns({ label: "a", record: sweepA }, { label: "b", record: fewer });
    expect(c.onlyInA).toEqual(["traefik @ 300/s"]);
    expect(formatComparison(c, "text")).toContain("\ntraefik @ 300/s: only in A");
  });
});

describe("lab compare on files", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "lab-compare-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("two saved runs by path, --format md; a bad file exits 1 naming it", async () => {
    const save = (r: RunRecord) => saveRun({ projectDir: dir, stack: r.stack, outputs: r.outputs, cluster: r.cluster, now: new Date(r.savedAt), runIds: r.runIds, benchmarkConfig: r.benchmarkConfig });
    const fileA = save(a);
    const fileB = save(b);
    const run = await lab("compare", fileA, fileB, "--format", "md");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("| cnpg-write-heavy | rate /s | 502.5 ±1.5% (4 trials) | 602.5 ±2.1% (4 trials) | +19.90% | significant (p=0.029) |");
    const bad = path.join(dir, "bad.json");
    fs.writeFileSync(bad, JSON.stringify({ ...a, schemaVersion: 2 }));
    const refused = await lab("compare", fileA, bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Invalid run archive ${bad}`);
    expect(refused.stderr).toContain("schemaVersion: got 2, expected 1");
    expect((await lab("compare", fileA, fileB, "--format", "html")).code).toBe(2);
  });
});
