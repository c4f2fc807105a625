import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { listRuns } from "../../cli/archive/runArchive";
import { saveStackRun } from "../../cli/archive/saveStackRun";
import { labUp } from "../../cli/run/pulumiRunner";
import { phase05Outputs, realPgbenchResult, trialsOutcome } from "./archivedOutputs";

/**
 * The save step at the end of `lab up`. No Pulumi CLI here: a stand-in `pulumi` on PATH records
 * its argv and answers `stack output` with outputs the phase-05 program produced under mocks, so
 * what is asserted is what labUp asks Pulumi for and what it writes to results/.
 */

let dir: string;
let outputsJson: string;
beforeAll(async () => {
  const trials = [1, 2, 3].map((i) => ({ rate: 230 + i, p50: 1, p95: 3, p99: 5 }));
  outputsJson = JSON.stringify(await phase05Outputs({ "write-heavy": trialsOutcome(realPgbenchResult(), trials), "read-heavy": { status: "failed", reason: "no report" } }));
});
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "lab-up-"));
  fs.writeFileSync(path.join(dir, "Pulumi.phase-05.yaml"), 'config:\n  lab:cluster: hub\n  lab:benchmark:\n    runId: "2026-12-07"\n');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test("saveStackRun: the cluster and run id from Pulumi.<stack>.yaml, the outputs as Pulumi printed them", () => {
  const file = saveStackRun({ projectDir: dir, stack: "phase-05", outputsJson, now: new Date("2026-12-07T06:30:00Z") });
  expect(path.relative(dir, file)).toBe(path.join("results", "phase-05", "2026-12-07T06-30-00Z-2026-12-07.json"));
  const [run] = listRuns(dir, "phase-05");
  expect(run.record).toMatchObject({ cluster: "hub", runId: "2026-12-07", runIds: { benchmark: "2026-12-07" }, pricingProfile: "laptop", benchmarkConfig: { runId: "2026-12-07" } });
  expect(run.record.outputs).toEqual(JSON.parse(outputsJson));
  expect(() => saveStackRun({ projectDir: dir, stack: "phase-05", outputsJson: "warning: stack has no outputs", now: new Date() })).toThrow("pulumi stack output --json for phase-05 printed no JSON");
});

test("lab up phase-05 reads the outputs with --show-secrets=false and archives them", () => {
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin);
  const argvLog = path.join(dir, "pulumi-argv.log");
  fs.writeFileSync(path.join(dir, "outputs.json"), outputsJson);
  fs.writeFileSync(
    path.join(bin, "pulumi"),
    `#!/bin/sh\necho "$*" >> "${argvLog}"\ncase "$1 $2" in "stack output") cat "${path.join(dir, "outputs.json")}" ;; esac\nexit 0\n`,
    { mode: 0o755 },
  );
  fs.writeFileSync(path.join(bin, "kubectl"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
  // Node's child_process reads the worker's real environment, not the copy jest hands the test.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const realEnv = ((require("vm") as typeof import("vm")).runInThisContext("process") as NodeJS.Process).env;
  const saved = { PATH: realEnv.PATH, passphrase: realEnv.PULUMI_CONFIG_PASSPHRASE, backend: realEnv.PULUMI_BACKEND_URL };
  const setBoth = (key: string, value: string | undefined) => {
    for (const env of [realEnv, process.env]) {
      if (value === undefined) delete env[key];
      else env[key] = value;
    }
  };
  setBoth("PATH", `${bin}:${saved.PATH}`);
  setBoth("PULUMI_CONFIG_PASSPHRASE", "test-only");
  setBoth("PULUMI_BACKEND_URL", undefined);
  const stdout = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
  const stderr = jest.spyOn(console, "error").mockImplementation(() => undefined);
  try {
    labUp(dir, "phase-05");
    expect(stdout).toHaveBeenCalledWith(outputsJson);
    expect(stderr).toHaveBeenCalledWith(expect.stringMatching(/^\nrun archived to results\/phase-05\/\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ-2026-12-07\.json/));
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    setBoth("PATH", saved.PATH);
    setBoth("PULUMI_CONFIG_PASSPHRASE", saved.passphrase);
    setBoth("PULUMI_BACKEND_URL", saved.backend);
  }
  const argv = fs.readFileSync(argvLog, "utf8").trim().split("\n");
  // hub, then phase-01 and phase-03 (phase-05 reads both), then phase-05; the outputs read last, secrets hidden.
  expect(argv.filter((a) => a.startsWith("up "))).toEqual(["up --yes --stack hub", "up --yes --stack phase-01", "up --yes --stack phase-03", "up --yes --stack phase-05"]);
  expect(argv[argv.length - 1]).toBe("stack output --json --show-secrets=false --stack phase-05");
  const runs = listRuns(dir, "phase-05");
  expect(runs).toHaveLength(1);
  expect(runs[0].record).toMatchObject({ stack: "phase-05", cluster: "hub", runId: "2026-12-07", toolVersions: { pgbench: ["15.18 (Debian 15.18-0+deb12u1)"] } });
});
