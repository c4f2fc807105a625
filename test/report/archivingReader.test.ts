import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { listRuns, readRun } from "../../cli/archive/runArchive";
import { formatHistory } from "../../cli/archive/runHistory";
import { saveStackOutputs } from "../../cli/archive/saveStackRun";
import { archivingReader } from "../../cli/report/archivingReader";

/** `lab report --save` and `--history`: what the report read is what the archive holds. */
describe("lab report --save", () => {
  let projectDir: string;
  beforeEach(() => {
    projectDir = fs.mkdtempSync(path.join(os.tmpdir(), "lab-report-save-"));
    fs.writeFileSync(path.join(projectDir, "Pulumi.phase-05.yaml"), 'config:\n  lab:cluster: kind\n  lab:benchmark:\n    runId: "7"\n');
  });
  afterEach(() => fs.rmSync(projectDir, { recursive: true, force: true }));

  const outputs = { namespace: "lab-data", cost: { profile: "laptop" }, secretThing: "[secret]" };

  test("archives the outputs it hands the report, and only for stacks that have outputs", async () => {
    const seen: string[] = [];
    const reader = archivingReader(
      async (stack) => (stack === "phase-05" ? outputs : null),
      (stack, o) => seen.push(saveStackOutputs({ projectDir, stack, outputs: o, now: new Date("2026-12-07T06:00:00Z") })),
    );
    expect(await reader("phase-05")).toBe(outputs);
    expect(await reader("phase-03")).toBeNull();
    expect(seen).toHaveLength(1);
    const record = readRun(seen[0]);
    expect(record).toMatchObject({ stack: "phase-05", runId: "7", cluster: "kind", outputs });
    expect(path.relative(projectDir, seen[0])).toMatch(/^results\/phase-05\/2026-12-07T06-00-00.*-7\.json$/);
    expect(formatHistory("phase-05", listRuns(projectDir, "phase-05"))).toContain("phase-05/");
  });
});
