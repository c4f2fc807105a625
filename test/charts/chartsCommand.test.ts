import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runChartsCheck } from "../../cli/charts/chartsCommand";

/** `lab charts check --plan`: the document is validated before anything is rendered. */
describe("lab charts check --plan", () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "lab-charts-plan-"))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const output = { out: jest.fn(), err: jest.fn() };
  const run = (document: unknown) => {
    const file = path.join(dir, "plan.json");
    fs.writeFileSync(file, JSON.stringify(document));
    return runChartsCheck({ projectDir: dir, stacks: [], planFile: file, json: false }, output);
  };

  test("a document that is not a plan names the key and what was expected", async () => {
    await expect(run({ stacks: [{ stack: "phase-01", resources: [{ name: "argocd", helm: { chart: "argo-cd", version: "10.10.0" } }] }] })).rejects.toThrow(
      /is not a `lab plan --json` document:[\s\S]*stacks\.0\.resources\.0\.helm\.repo/,
    );
  });

  test("a plan without a Helm release is refused in words, not reported as clean", async () => {
    await expect(run({ stacks: [{ stack: "phase-01", resources: [{ name: "ns" }] }] })).rejects.toThrow("no Helm release in the stacks given");
    expect(output.out).not.toHaveBeenCalled();
  });
});
