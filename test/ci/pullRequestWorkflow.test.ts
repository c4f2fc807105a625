import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { images, kindCliVersion } from "../../components/charts";
import { projectDir } from "../helpers/stackRun";

/** The PR workflow cannot run here; what can be checked is its shape and the versions it derives. */
const workflow = parse(fs.readFileSync(path.join(projectDir, ".github", "workflows", "pull-request.yml"), "utf8"));
type Step = { name?: string; id?: string; run?: string; if?: string; uses?: string };
const steps = (job: string): Step[] => workflow.jobs[job].steps;

describe("the kind end-to-end job", () => {
  const e2e = steps("kind-e2e");
  const index = (pattern: RegExp) => e2e.findIndex((s) => pattern.test(s.run ?? ""));

  it("brings the main job up through `lab up phase-05`, reports, and always destroys the kind stack last", () => {
    const up = index(/npm run lab -- up phase-05/);
    const report = index(/pulumi stack output --stack phase-05/);
    const destroy = index(/npm run lab -- destroy kind/);
    expect(up).toBeGreaterThan(0);
    expect(report).toBeGreaterThan(up);
    expect(destroy).toBe(e2e.length - 1);
    expect(e2e[destroy].if).toBe("always()");
    expect(e2e[report].if).toBe("always()");
  });

  it("derives pulumi, kind and kubectl versions from where the lab pins them", () => {
    const versions = e2e.find((s) => s.id === "versions");
    expect(versions?.run).toBeDefined();
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gh-output-")), "output");
    fs.writeFileSync(out, "");
    const run = spawnSync("bash", ["-c", versions!.run!], { cwd: projectDir, env: { ...process.env, GITHUB_OUTPUT: out, PATH: `${path.join(projectDir, "node_modules", ".bin")}:${process.env.PATH}` }, encoding: "utf8", timeout: 60_000 });
    expect(run.status).toBe(0);
    const values = Object.fromEntries(fs.readFileSync(out, "utf8").trim().split("\n").map((l) => l.split("=") as [string, string]));
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
    expect(values).toEqual({
      pulumi: JSON.parse(fs.readFileSync(path.join(projectDir, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")).version,
      kind: kindCliVersion,
      kubernetes: images.kindNode.tag.split("@")[0],
    });
    const install = e2e.find((s) => /get\.pulumi\.com/.test(s.run ?? ""))!.run!;
    expect(install).toContain('--version "$PULUMI_VERSION"');
    expect(install).toMatch(/sha256sum -c -[\s\S]*sha256sum -c -/);
  });
});

describe("the test job", () => {
  it("builds the control-plane tools before npm test (which fails under CI without them)", () => {
    const test = steps("test-and-plan");
    const tools = test.findIndex((s) => /scripts\/install-go-tools\.sh/.test(s.run ?? ""));
    const npmTest = test.findIndex((s) => s.run === "npm test");
    expect(tools).toBeGreaterThan(-1);
    expect(npmTest).toBeGreaterThan(tools);
  });
});
