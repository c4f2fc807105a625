import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { clusterOfStack, readStackConfig, readStackFile } from "../../cli/plan/stackConfigFile";
import { projectDir } from "../helpers/stackRun";

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "stack-file-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (stack: string, text: string) => writeFileSync(join(dir, `Pulumi.${stack}.yaml`), text);

describe("Pulumi.<stack>.yaml, read once for the plan and for lab up", () => {
  test("lab:cluster picks the cluster; absent or no file means kind", () => {
    write("phase-05", "config:\n  lab:cluster: hub\n");
    write("phase-03", "config:\n  lab:pricing:\n    profile: aws\n");
    write("phase-04", "");
    expect([clusterOfStack(dir, "phase-05"), clusterOfStack(dir, "phase-03"), clusterOfStack(dir, "phase-04"), clusterOfStack(dir, "phase-06")]).toEqual(["hub", "kind", "kind", "kind"]);
  });

  test("a typo in lab:cluster is an error naming the key, the value and the file, not a quiet kind", () => {
    write("phase-05", "config:\n  lab:cluster: hbu\n");
    expect(() => clusterOfStack(dir, "phase-05")).toThrow('Invalid Pulumi.phase-05.yaml:\n  - lab:cluster: got "hbu", expected one of "kind", "hub"');
  });

  test("a stack file whose config is not a map is an error naming the file", () => {
    write("phase-05", "config:\n  - lab:cluster\n");
    expect(() => readStackFile(dir, "phase-05")).toThrow("Invalid Pulumi.phase-05.yaml:\n  - config: got [\"lab:cluster\"], expected an object");
  });

  test("structured values become JSON text as the engine hands them over; secure values never leave the file", () => {
    write("phase-05", "config:\n  lab:backup:\n    retention: 4w\n  lab:workers: 2\n  lab:token:\n    secure: v1:abcdef\n");
    expect(readStackConfig(dir, "phase-05")).toEqual({
      values: { "lab:backup": '{"retention":"4w"}', "lab:workers": "2", "lab:token": "[encrypted in the stack file]" },
      secretKeys: ["lab:token"],
      placeholders: ["lab:token"],
    });
  });

  test("every committed stack file parses, and each phase's cluster is one of the two", () => {
    for (const stack of ["phase-01", "phase-05", "phase-10"]) expect(["kind", "hub"]).toContain(clusterOfStack(projectDir, stack));
  });
});
