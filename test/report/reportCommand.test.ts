import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { reportFormatFor } from "../../cli/report/reportCommand";
import { pulumiStackOutputReader } from "../../cli/report/stackOutputs";
import { lab } from "../helpers/lab";
import { pgbenchOutcome } from "./handOutputs";

/**
 * `lab report` end to end through the real reader (spawning `pulumi stack output`), with a stand-in
 * `pulumi` first on PATH: it prints a stack's outputs from a file, answers "no stack named" like
 * pulumi for the others, and refuses any argv other than the one without secrets.
 */
const dir = mkdtempSync(join(tmpdir(), "lab-report-cmd-"));
const savedPath = process.env.PATH;

beforeAll(() => {
  writeFileSync(
    join(dir, "pulumi"),
    `#!/bin/sh
[ "$1" = version ] && { echo v3.248.0; exit 0; }
[ "$*" = "stack output --json --show-secrets=false --stack $6" ] || { echo "unexpected argv: $*" >&2; exit 3; }
[ "$6" = phase-09 ] && { echo "error: failed to load checkpoint: permission denied" >&2; exit 255; }
f="${dir}/$6.json"; [ -f "$f" ] || { echo "error: no stack named '$6' found" >&2; exit 255; }
cat "$f"
`,
  );
  chmodSync(join(dir, "pulumi"), 0o755);
  writeFileSync(join(dir, "phase-05.json"), JSON.stringify({ namespace: "data", redis: "[secret]", benchmarks: { "cnpg-write-heavy": pgbenchOutcome({ scenario: "tpcb-like", rate: 300, count: 3000, p99: 4 }) } }));
  writeFileSync(join(dir, "phase-02.json"), "{}");
  process.env.PATH = `${dir}:${savedPath}`;
});
afterAll(() => {
  process.env.PATH = savedPath;
  rmSync(dir, { recursive: true, force: true });
});

test("Markdown on stdout by default: a deployed stack's figures, a created-but-empty one and an unknown one in words", async () => {
  const run = await lab("report", "phase-05", "phase-02", "phase-06");
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  expect(run.stdout).toContain("1 of 3 stacks has benchmark figures; 2 never deployed (no outputs in this backend).");
  expect(run.stdout).toContain("| cnpg-write-heavy | passed | 300 transactions/s | 3000 |");
  expect(run.stdout).toContain("phase-06 has no outputs");
  expect(run.stdout).not.toContain("--show-secrets=true");
});

test("--out report.html writes one HTML file; --format json the model", async () => {
  const out = join(dir, "report.html");
  const run = await lab("report", "phase-05", "--out", out);
  expect(run.code).toBe(0);
  expect(run.stderr).toMatch(/^wrote .*report\.html \(html, \d+ bytes\): 1 of 1 stack has benchmark figures\./);
  expect(readFileSync(out, "utf8")).toMatch(/^<!doctype html>/);
  const json = await lab("report", "phase-05", "--format", "json");
  expect(JSON.parse(json.stdout).stacks[0]).toMatchObject({ stack: "phase-05", state: "measured" });
});

test("a pulumi failure that is not 'no such stack' fails the command with pulumi's words", async () => {
  const run = await lab("report", "phase-09");
  expect(run.code).toBe(1);
  expect(run.stderr).toContain("lab report: pulumi stack output --json --show-secrets=false --stack phase-09 failed (exit 255): error: failed to load checkpoint: permission denied");
});

test("no stack and no --all is refused; a bad format is named", async () => {
  expect((await lab("report")).stderr).toContain("report needs a stack or --all");
  const bad = await lab("report", "phase-05", "--format", "pdf");
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/--format/);
  expect(existsSync(join(dir, "pdf"))).toBe(false);
});

test("the format follows --out's extension unless --format says otherwise", () => {
  expect(reportFormatFor(undefined, undefined)).toBe("md");
  expect(reportFormatFor(undefined, "r.HTML")).toBe("html");
  expect(reportFormatFor(undefined, "r.json")).toBe("json");
  expect(reportFormatFor(undefined, "r.md")).toBe("md");
  expect(reportFormatFor("md", "r.html")).toBe("md");
});

test("no pulumi on PATH: how to install it, not spawn's ENOENT", async () => {
  await expect(pulumiStackOutputReader(dir, { PATH: join(dir, "empty") })("phase-05")).rejects.toThrow(/Missing prerequisites:\n  - pulumi: install with curl -fsSL https:\/\/get\.pulumi\.com/);
});
