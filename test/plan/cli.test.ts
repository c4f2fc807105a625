import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stackNames } from "../../stacks/stackNames";
import { projectDir } from "../helpers/stackRun";

/** The real CLI, as `npm run lab -- ...` runs it. */
function lab(...args: string[]) {
  return spawnSync(path.join(projectDir, "node_modules", ".bin", "tsx"), ["cli/lab.ts", ...args], { cwd: projectDir, encoding: "utf8", timeout: 90_000 });
}

interface PlanJson {
  summary: { stacks: number; ok: number; failed: string[] };
  stacks: { stack: string; ok: boolean; cost?: { monthlyRunRateUsd: number; awsReferenceMonthlyUsd: number; profile: string } }[];
  idleCapacity?: unknown;
}

let planAll: ReturnType<typeof lab>;
let tmp: string;

beforeAll(() => {
  planAll = lab("plan", "--all", "--json");
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lab-plan-"));
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("lab plan --all --json", () => {
  it("exits 0", () => {
    expect({ status: planAll.status, stderr: planAll.status === 0 ? "" : planAll.stderr }).toEqual({ status: 0, stderr: "" });
  });

  it("prints exactly one JSON document on stdout, nothing else", () => {
    const document = JSON.parse(planAll.stdout) as PlanJson;
    expect(planAll.stdout.trim().startsWith("{")).toBe(true);
    expect(planAll.stdout.trim().endsWith("}")).toBe(true);
    expect(document.summary).toMatchObject({ stacks: 12, ok: 12, failed: [] });
    expect(document.stacks.map((s) => s.stack)).toEqual([...stackNames]);
    expect(document.idleCapacity).toBeDefined();
  });

  it("prints no kubeconfig", () => {
    expect(planAll.stdout).not.toContain("kind: Config");
  });
});

describe("lab plan with a bad stack name", () => {
  it("exits non-zero and lists the valid stacks on stderr", () => {
    const result = lab("plan", "phase-99");
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`lab plan: <stacks>: got "phase-99", expected one of ${stackNames.join(", ")}`);
  });
});

describe("lab plan --all --cost-diff", () => {
  it("prints the per-stack change against an earlier plan", () => {
    const earlier = JSON.parse(planAll.stdout) as PlanJson;
    const phase01 = earlier.stacks.find((s) => s.stack === "phase-01");
    if (!phase01?.cost) throw new Error("phase-01 has no cost in the plan");
    const current = phase01.cost.monthlyRunRateUsd;
    phase01.cost = { ...phase01.cost, monthlyRunRateUsd: current + 1 };
    const earlierFile = path.join(tmp, "earlier-plan.json");
    fs.writeFileSync(earlierFile, JSON.stringify(earlier));

    const result = lab("plan", "--all", "--cost-diff", earlierFile);
    expect(result.status).toBe(0);
    const row = result.stdout.split("\n").find((l) => l.startsWith("| phase-01 |"));
    expect(row).toBeDefined();
    // before = current + 1, after = current: a change of -$1.00
    expect(row).toContain("-$1.00");
    const priced = earlier.stacks.filter((s) => s.cost).length;
    expect(result.stdout).toContain(`1 of ${priced} priced stacks changed.`);
    expect(result.stdout).toContain("Not priced (no cost block): hub, kind.");
  });
});

describe("lab plan --manifests DIR", () => {
  it("writes each stack's own objects under DIR/<stack>/ in deploy order, secrets only as placeholders", () => {
    const dir = path.join(tmp, "manifests");
    const run = lab("plan", "phase-01", "phase-05", "--manifests", dir);
    expect({ status: run.status, stderr: run.status === 0 ? "" : run.stderr }).toEqual({ status: 0, stderr: "" });
    expect(fs.readdirSync(dir).sort()).toEqual(["phase-01", "phase-05"]);
    const files = fs.readdirSync(path.join(dir, "phase-05"));
    expect(files[0]).toMatch(/^001-namespace-/);
    const all = files.map((f) => fs.readFileSync(path.join(dir, "phase-05", f), "utf8")).join("\n");
    expect(all).toContain("kind: StatefulSet");
    expect(all).not.toContain("kind: Release");
    expect(all).toMatch(/password: secret-placeholder/);
  });
});
