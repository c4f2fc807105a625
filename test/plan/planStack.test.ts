import { spawnSync } from "child_process";
import * as path from "path";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { planStack, secretPlaceholder } from "../../cli/plan/planStack";
import { runStackProgram } from "../../cli/plan/planStack";
import { collectUnhandledRejections, labConfig, projectDir } from "../helpers/stackRun";

const tsx = path.join(projectDir, "node_modules", ".bin", "tsx");

describe("planStack on a failing program", () => {
  it("reports the error and marks the plan failed", async () => {
    const { result: plan } = await collectUnhandledRejections(() => planStack("phase-01", labConfig({ pricing: { electricityUsdPerKwh: -1 } })));
    expect(plan.ok).toBe(false);
    expect(plan.error).toContain("lab:pricing.electricityUsdPerKwh: got -1");
    expect(plan.outputs).toEqual({});
  });

  it("returns every resource the program registered before it failed, not a snapshot taken mid-flight", async () => {
    let atReturn: string[] = [];
    const { result: run } = await collectUnhandledRejections(async () => {
      const r = await runStackProgram("phase-01", labConfig({ pricing: { electricityUsdPerKwh: -1 } }));
      atReturn = r.resources.map((x) => `${x.type} ${x.name}`);
      return r;
    });
    expect(atReturn).toEqual(["pulumi:pulumi:Stack platform-lab-phase-01"]);
    expect(run.resources.map((x) => `${x.type} ${x.name}`)).toEqual(atReturn);
  });
});

describe("planStack on Helm releases", () => {
  it("shows a release's values as they were given, nulls (deleted chart defaults) included", async () => {
    const program = async () => {
      new k8s.helm.v3.Release("demo", {
        chart: "demo",
        version: "1.2.3",
        repositoryOpts: { repo: "https://charts.example" },
        namespace: "demo",
        values: { nested: { plain: "kept" }, limits: { cpu: null, memory: "64Mi" } },
      });
      return {};
    };
    const plan = await planStack("phase-01", labConfig({}), undefined, program);
    expect(plan.resources.find((r) => r.name === "demo")?.helm).toEqual({
      chart: "demo",
      repo: "https://charts.example",
      version: "1.2.3",
      values: { nested: { plain: "kept" }, limits: { cpu: null, memory: "64Mi" } },
    });
  });

  it("shows values holding a secret only as the placeholder: Pulumi marks the whole map secret", async () => {
    const program = async () => {
      new k8s.helm.v3.Release("demo", {
        chart: "demo",
        version: "1.2.3",
        repositoryOpts: { repo: "https://charts.example" },
        namespace: "demo",
        values: { token: pulumi.secret("s3cr3t-value"), plain: "kept" },
      });
      return {};
    };
    const plan = await planStack("phase-01", labConfig({}), undefined, program);
    expect(plan.resources.find((r) => r.name === "demo")?.helm?.values).toBe(secretPlaceholder);
    expect(JSON.stringify(plan)).not.toContain("s3cr3t-value");
  });

  it("splits an OCI chart reference into repository and chart", async () => {
    const program = async () => {
      new k8s.helm.v3.Release("oci", { chart: "oci://registry.example/charts/thing", version: "0.1.0", namespace: "x", values: {} });
      return {};
    };
    const plan = await planStack("phase-01", labConfig({}), undefined, program);
    expect(plan.resources.find((r) => r.name === "oci")?.helm).toMatchObject({ chart: "thing", repo: "oci://registry.example/charts", version: "0.1.0" });
  });
});

/** The first stderr line reporting an unhandled rejection, so a failure shows one line, not nine stacks. */
const firstUnhandled = (stderr: string) => stderr.split("\n").find((l) => /unhandled|UnhandledPromiseRejection/i.test(l));

describe("runStackProgram used from a plain Node process", () => {
  const script = (body: string) =>
    spawnSync(tsx, ["-e", `const { runStackProgram, contractUpstream } = require("./cli/plan/planStack");
const { readStackConfig } = require("./cli/plan/stackConfigFile");
(async () => { ${body}; await new Promise((r) => setTimeout(r, 500)); console.log("survived"); })();`], {
      cwd: projectDir,
      encoding: "utf8",
      timeout: 60_000,
    });

  it("survives a program that fails on its config, with no unhandled rejection", () => {
    const result = script(`const run = await runStackProgram("phase-01", readStackConfig(".", "phase-01", { "lab:pricing": '{"electricityUsdPerKwh":-1}' })); if (!run.error) throw new Error("expected a failure")`);
    expect(firstUnhandled(result.stderr)).toBeUndefined();
    expect(result.stdout.trim()).toBe("survived");
    expect(result.status).toBe(0);
  });

  // Fails today: a StackReference that cannot be read leaves its own rejected outputs behind; the
  // error runStackProgram reports wraps it, but Node sees the raw one as unhandled.
  it("survives a missing upstream stack, with no unhandled rejection", () => {
    const result = script(
      `const run = await runStackProgram("phase-03", readStackConfig(".", "phase-03"), (n) => (n.endsWith("/phase-01") ? undefined : contractUpstream(n))); if (!run.error) throw new Error("expected a failure")`,
    );
    expect(firstUnhandled(result.stderr)).toBeUndefined();
    expect(result.stdout.trim()).toBe("survived");
    expect(result.status).toBe(0);
  });
});
