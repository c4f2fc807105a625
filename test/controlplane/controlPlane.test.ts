/**
 * Ladder step 4: every stack's own Kubernetes objects applied to a real kube-apiserver (Pod Security
 * admission, Node,RBAC authorization, strict server-side field validation) with the real controller
 * manager and scheduler, nodes simulated by KWOK. The plane starts once, inside a loopback-only
 * network namespace (scripts/with-control-plane.sh), and everything is applied from in there.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { labFieldManager, stackManifests, type LabManifest, type StackManifests } from "../../cli/plan/stackManifests";
import { readStackConfig } from "../../cli/plan/stackConfigFile";
import { stackNames } from "../../stacks/stackNames";
import { execBounded } from "../../benchmarks/local/exec";
import type { ApplyInput, StackReport } from "./applyStacks";
import { badInputStack } from "./badInput";
import { crdsNotServed, podSecurityProblems, rejectionMessages, toleratedPodSecurityWarnings, unsettledWorkloads } from "./judgeReport";
import { controlPlaneMissing, harness, projectDir } from "./prerequisites";

const tsx = path.join(projectDir, "node_modules", ".bin", "tsx");

/** Every stack as the committed stack files configure it, and phase-01 on the hub (MetalLB only exists there). */
const variants: { label: string; stack: string; overrides?: Record<string, string> }[] = [
  ...stackNames.map((stack) => ({ label: stack, stack })),
  { label: "phase-01 (cluster hub)", stack: "phase-01", overrides: { "lab:cluster": "hub" } },
];

const missing = controlPlaneMissing();
let plans: (StackManifests & { label: string })[] = [];
let reports = new Map<string, StackReport>();

describe("the lab's own objects on a real control plane", () => {
  if (missing !== null) {
    if (process.env.CI) {
      test("control plane prerequisites", () => {
        throw new Error(`${missing}; CI must run scripts/install-go-tools.sh`);
      });
    } else {
      console.warn(`skipping the control-plane tests: ${missing}`);
      test.skip("control plane prerequisites", () => undefined);
    }
    return;
  }

  beforeAll(async () => {
    for (const v of variants) {
      const planned = await stackManifests(v.stack, readStackConfig(projectDir, v.stack, v.overrides));
      plans.push({ ...planned, label: v.label, stack: v.label });
    }
    const failed = plans.filter((p) => p.error);
    if (failed.length > 0) throw new Error(`plans failed: ${failed.map((p) => `${p.label}: ${p.error}`).join("; ")}`);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "platform-lab-apply-"));
    try {
      const input: ApplyInput = {
        fieldManager: labFieldManager,
        workloadTimeoutSeconds: 90,
        stacks: [...plans.map((p) => ({ stack: p.label, manifests: p.manifests })), badInputStack(plans)],
      };
      fs.writeFileSync(path.join(work, "input.json"), JSON.stringify(input));
      const started = performance.now();
      const run = await execBounded([harness, tsx, path.join(__dirname, "applyStacks.ts"), path.join(work, "input.json"), path.join(work, "report.json")], {
        timeoutMs: 8 * 60_000,
        cwd: projectDir,
        allowFailure: true,
      });
      const timings = run.stderr.split("\n").filter((l) => l.startsWith("with-control-plane: started") || l.startsWith("control-plane apply:"));
      console.log(`${timings.join("\n")}\ncontrol plane run (start, apply, workloads, stop): ${((performance.now() - started) / 1000).toFixed(1)} s`);
      if (run.code !== 0) throw new Error(`the control-plane run failed (exit ${run.code}):\n${run.stderr.slice(-4000)}`);
      reports = new Map((JSON.parse(fs.readFileSync(path.join(work, "report.json"), "utf8")) as StackReport[]).map((r) => [r.stack, r]));
      const tolerated = [...reports.values()].filter((r) => r.stack !== "bad-input").flatMap(toleratedPodSecurityWarnings);
      if (tolerated.length > 0) console.log(`Pod Security warnings in namespaces that declare needing more than restricted:\n  ${tolerated.join("\n  ")}`);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }, 10 * 60_000);

  const report = (label: string): StackReport => {
    const r = reports.get(label);
    if (!r) throw new Error(`no apply report for ${label} (the run did not reach it)`);
    return r;
  };
  const manifestsOf = (label: string): readonly LabManifest[] => plans.find((p) => p.label === label)?.manifests ?? [];

  describe.each(variants.map((v) => v.label))("%s", (label) => {
    test("every object is admitted by the API server (validation, Pod Security, RBAC)", () => {
      expect(rejectionMessages(report(label))).toEqual([]);
    });

    test("no Pod Security warning for the lab's own pods in a namespace that does not declare needing more", () => {
      expect(podSecurityProblems(report(label))).toEqual([]);
    });

    test("the pods the controllers create from its Jobs, StatefulSets and Deployments are admitted and Ready / Complete", () => {
      const r = report(label);
      expect(unsettledWorkloads(r)).toEqual([]);
      const workloads = manifestsOf(label).filter((m) => ["Job", "StatefulSet", "Deployment"].includes(m.kind));
      expect(r.workloads.map((w) => `${w.kind}/${w.name}`).sort()).toEqual(workloads.map((m) => `${m.kind}/${m.name}`).sort());
    });

    test("objects whose CRDs are not served here stay schema-checked by the plan", () => {
      const notServed = crdsNotServed(report(label), manifestsOf(label));
      if (notServed.length > 0) console.log(`${label}: not applied (CRD not installed here), schema-checked by the plan instead:\n  ${notServed.map((n) => `${n.kind} ${n.name}: ${n.schema}`).join("\n  ")}`);
      for (const n of notServed) {
        expect(n.schema).not.toBe("no-schema");
        expect(n.violations).toEqual([]);
      }
    });
  });

  describe("bad input", () => {
    test("a manifest the API server rejects fails with the server's own message and the lab's resource name", () => {
      const messages = rejectionMessages(report("bad-input"));
      expect(messages).toHaveLength(1);
      expect(messages[0]).toContain("openbao-bootstrap");
      expect(messages[0]).toMatch(/spec\.template\.spec\.containers\[0\]\.name: Invalid value: "Bad_Name"/);
    });

    test("a lab pod that breaks the namespace's enforced level is reported as a Pod Security problem, with the controller's own reason", () => {
      const r = report("bad-input");
      expect(podSecurityProblems(r).join("\n")).toMatch(/bad-input-privileged.*would violate PodSecurity "restricted:latest"/);
      const unsettled = unsettledWorkloads(r).join("\n");
      expect(unsettled).toMatch(/bad-input-privileged/);
      expect(unsettled).toMatch(/bad-input-privileged.*is failed.*FailedCreate: .*forbidden: violates PodSecurity "restricted:latest"/);
    });
  });
});
