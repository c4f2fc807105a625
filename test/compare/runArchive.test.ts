import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { benchmarkEntries } from "../../cli/archive/benchmarkEntries";
import { buildRunRecord, listRuns, readRun, resolveRunFile, runContextFromStackFile, runFileName, saveRun } from "../../cli/archive/runArchive";
import { formatHistory } from "../../cli/archive/runHistory";
import { phase05Outputs, realPgbenchResult, trialsOutcome } from "./archivedOutputs";

/** The run archive: what a saved run holds, that it reads back the same, and how a bad file is refused. */

const trials = [
  { rate: 236, p50: 1.2, p95: 3.1, p99: 5.2 },
  { rate: 240, p50: 1.1, p95: 3.0, p99: 4.9 },
  { rate: 231, p50: 1.3, p95: 3.3, p99: 5.6 },
];
const failedRead = { status: "failed" as const, reason: "trial-1 exited with 2: pgbench: error: connection to server failed" };

let outputs: Record<string, unknown>;
let dir: string;
beforeAll(async () => {
  outputs = await phase05Outputs({ "write-heavy": trialsOutcome(realPgbenchResult(), trials), "read-heavy": failedRead });
});
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "lab-archive-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const at = new Date("2026-12-07T06:12:06.789Z");
const context = runContextFromStackFile({ "lab:cluster": "kind", "lab:benchmark": { runId: "2", writeHeavy: { clients: 16 } }, "lab:restoreCheck": '{"runId":"7"}' });

describe("what a run record holds", () => {
  test("run ids and lab:benchmark from the stack file (a YAML map or JSON text), nothing else", () => {
    expect(context).toEqual({ runIds: { benchmark: "2", restoreCheck: "7" }, benchmarkConfig: { runId: "2", writeHeavy: { clients: 16 } } });
    expect(runContextFromStackFile({ "lab:cluster": "kind" })).toEqual({ runIds: {}, benchmarkConfig: null });
  });

  test("phase-05 after a run: pgbench's version from its results, the profile from cost.profile, the run id in the file name", () => {
    const record = buildRunRecord({ stack: "phase-05", outputs, cluster: "kind", now: at, ...context });
    expect(record).toMatchObject({ schemaVersion: 1, stack: "phase-05", runId: "2", cluster: "kind", pricingProfile: "laptop", savedAt: "2026-12-07T06:12:06.789Z" });
    // What pgbench 15.18 printed in its banner, as the parser read it.
    expect(record.toolVersions).toEqual({ pgbench: ["15.18 (Debian 15.18-0+deb12u1)"] });
    expect(runFileName(record)).toBe("2026-12-07T06-12-06Z-2.json");
    // A stack file that leaves the run id at the phase's default says so in the name.
    expect(runFileName(buildRunRecord({ stack: "phase-05", outputs, cluster: "kind", now: at }))).toBe("2026-12-07T06-12-06Z-default.json");
  });

  test("a profile given wins over cost.profile; without either the run is refused", () => {
    expect(buildRunRecord({ stack: "phase-05", outputs, cluster: "hub", pricingProfile: "homelab", now: at }).pricingProfile).toBe("homelab");
    expect(() => buildRunRecord({ stack: "phase-01", outputs: { namespace: "x" }, cluster: "kind", now: at })).toThrow("phase-01: no pricing profile given and the outputs have no cost.profile");
  });

  test("a secret still wrapped by Pulumi is written as [secret]; the CLI's [secret] stays", () => {
    const wrapped = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "s3cr3t-password" };
    const record = buildRunRecord({ stack: "phase-05", outputs: { ...outputs, kubeconfig: wrapped, token: "[secret]" }, cluster: "kind", now: at });
    expect(record.outputs.kubeconfig).toBe("[secret]");
    expect(record.outputs.token).toBe("[secret]");
    expect(JSON.stringify(record)).not.toContain("s3cr3t-password");
  });

  test("a bad run id (from a hand-edited stack file) is refused naming the key", () => {
    expect(() => buildRunRecord({ stack: "phase-05", outputs, cluster: "kind", now: at, runIds: { benchmark: "Run 1" } })).toThrow(/runIds.benchmark: got "Run 1", expected a short lowercase id like 1 or 2026-11-23 \(a string matching/);
  });
});

describe("saving and reading back", () => {
  test("round trip: results/<stack>/<timestamp>-<runId>.json, listed oldest first, read back equal", () => {
    const later = saveRun({ projectDir: dir, stack: "phase-05", outputs, cluster: "kind", now: new Date("2026-12-08T09:00:00Z"), ...context });
    const earlier = saveRun({ projectDir: dir, stack: "phase-05", outputs, cluster: "kind", now: at, runIds: { benchmark: "1" } });
    expect(path.relative(dir, earlier)).toBe(path.join("results", "phase-05", "2026-12-07T06-12-06Z-1.json"));
    const runs = listRuns(dir, "phase-05");
    expect(runs.map((r) => r.file)).toEqual([earlier, later]);
    expect(runs[1].record).toEqual(buildRunRecord({ stack: "phase-05", outputs, cluster: "kind", now: new Date("2026-12-08T09:00:00Z"), ...context }));
    expect(readRun(later).outputs).toEqual(outputs);
    expect(listRuns(dir, "phase-04")).toEqual([]);
  });

  test("an archived run is never overwritten", () => {
    saveRun({ projectDir: dir, stack: "phase-05", outputs, cluster: "kind", now: at, ...context });
    expect(() => saveRun({ projectDir: dir, stack: "phase-05", outputs, cluster: "kind", now: at, ...context })).toThrow(/EEXIST/);
  });

  test("a run is named by path or by <stack>/<file> under results/, .json optional", () => {
    const file = saveRun({ projectDir: dir, stack: "phase-05", outputs, cluster: "kind", now: at, ...context });
    expect(resolveRunFile(dir, file)).toBe(file);
    expect(resolveRunFile(dir, "phase-05/2026-12-07T06-12-06Z-2")).toBe(file);
    expect(resolveRunFile(dir, "phase-05/2026-12-07T06-12-06Z-2.json")).toBe(file);
    expect(() => resolveRunFile(dir, "phase-05/nope")).toThrow(`no run archive "phase-05/nope": expected a file path or <stack>/<file> under ${path.join(dir, "results")}`);
  });
});

describe("bad files name the file and the key", () => {
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const good = () => buildRunRecord({ stack: "phase-05", outputs, cluster: "kind", now: at, ...context });

  test("not JSON", () => {
    const file = write("cut.json", '{"schemaVersion": 1, "stack":');
    expect(() => readRun(file)).toThrow(new RegExp(`^${file}: not a run archive file: `));
  });

  test("a schema version this lab does not know", () => {
    const file = write("future.json", JSON.stringify({ ...good(), schemaVersion: 2 }));
    expect(() => readRun(file)).toThrow(`Invalid run archive ${file}`);
    expect(() => readRun(file)).toThrow("schemaVersion: got 2, expected 1");
  });

  test("a missing cluster and a mistyped key", () => {
    const { cluster: _cluster, ...rest } = good();
    const file = write("edited.json", JSON.stringify({ ...rest, clustr: "kind" }));
    expect(() => readRun(file)).toThrow(/cluster: got nothing, expected/);
    expect(() => readRun(file)).toThrow("clustr: unknown key");
  });

  test("a bad file in the folder stops the listing with its name rather than hiding it", () => {
    saveRun({ projectDir: dir, stack: "phase-05", outputs, cluster: "kind", now: at, ...context });
    const bad = path.join(dir, "results", "phase-05", "2026-12-09T00-00-00Z-3.json");
    fs.writeFileSync(bad, "{}");
    expect(() => listRuns(dir, "phase-05")).toThrow(`Invalid run archive ${bad}`);
  });

  test("a benchmark result edited out of shape is named by its key", () => {
    const broken = JSON.parse(JSON.stringify(outputs));
    broken.benchmarks["cnpg-write-heavy"].result.rate = "fast";
    expect(() => benchmarkEntries(broken)).toThrow("outputs.benchmarks.cnpg-write-heavy.result.rate: got \"fast\", expected a number");
  });
});

describe("the benchmarks a run holds and the history", () => {
  test("phase-05: each pgbench benchmark by name, each trial's figures from the result", () => {
    const entries = benchmarkEntries(outputs);
    expect(entries.map((e) => [e.name, e.status])).toEqual([
      ["cnpg-write-heavy", "passed"],
      ["cnpg-read-heavy", "failed"],
    ]);
    expect(entries[0].figures!.rate).toEqual({ reported: 236, trials: [236, 240, 231] });
    expect(entries[0].figures!.p99.trials).toEqual([5.2, 4.9, 5.6]);
    expect(entries[0].definition).toMatchObject({ scenario: "tpcb-like", trials: 3, target: "cnpg lab-pg (1 instance, PostgreSQL 17)" });
    expect(entries[1]).toEqual({ name: "cnpg-read-heavy", status: "failed", reason: failedRead.reason, definition: {} });
  });

  test("a result recorded before each trial was kept: the trials' range, no values to rank", () => {
    const old = JSON.parse(JSON.stringify(outputs));
    delete old.benchmarks["cnpg-write-heavy"].result.trials.perTrial;
    expect(benchmarkEntries(old)[0].figures!.rate).toEqual({ reported: 236, trials: null, range: { min: 231, max: 240 } });
  });

  test("history: one line per run, oldest first, with when, run id, cluster, profile, benchmarks and the file", () => {
    saveRun({ projectDir: dir, stack: "phase-05", outputs, cluster: "kind", now: at, runIds: { benchmark: "1" } });
    saveRun({ projectDir: dir, stack: "phase-05", outputs, cluster: "hub", pricingProfile: "homelab", now: new Date("2026-12-08T09:30:00Z"), ...context });
    expect(formatHistory("phase-05", listRuns(dir, "phase-05")).split("\n")).toEqual([
      "phase-05: 2 archived runs (when, run id, cluster, pricing profile, benchmarks, file)",
      "2026-12-07 06:12:06Z  run 1  kind  laptop   2 benchmarks: 1 passed, 1 failed  phase-05/2026-12-07T06-12-06Z-1.json",
      "2026-12-08 09:30:00Z  run 2  hub   homelab  2 benchmarks: 1 passed, 1 failed  phase-05/2026-12-08T09-30-00Z-2.json",
    ]);
    expect(formatHistory("phase-04", [])).toBe("phase-04: no archived runs (lab up saves one to results/phase-04/)");
  });
});
