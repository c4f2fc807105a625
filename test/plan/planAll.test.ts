import { planDocument, planCost } from "../../cli/plan/planDocument";
import { planStack, type StackPlan } from "../../cli/plan/planStack";
import { formatPlan } from "../../cli/plan/printPlan";
import { readStackConfig } from "../../cli/plan/stackConfigFile";
import { charts } from "../../components/charts";
import { scaffoldPhases } from "../../stacks/phases/scaffoldPhases";
import { stackNames } from "../../stacks/stackNames";
import { assertOnlyOwnRejections, collectUnhandledRejections, labConfig, projectDir } from "../helpers/stackRun";

const plans = new Map<string, StackPlan>();
const plan = (stack: string) => {
  const found = plans.get(stack);
  if (!found) throw new Error(`no plan for ${stack}`);
  return found;
};

beforeAll(async () => {
  // One stack at a time: Pulumi's runtime is global state.
  for (const stack of stackNames) plans.set(stack, await planStack(stack, readStackConfig(projectDir, stack)));
});

describe("the offline plan of every committed stack", () => {
  it.each([...stackNames])("%s plans cleanly: no error, no schema violation, nothing unpinned", (stack) => {
    const p = plan(stack);
    expect({ stack, error: p.error, violations: p.schema.violations, pins: p.pinViolations }).toEqual({ stack, error: undefined, violations: [], pins: [] });
    expect(p.ok).toBe(true);
    expect(p.resources[0].type).toBe("pulumi:pulumi:Stack");
  });

  it("shows every phase-01 Helm release as chart@version pinned in components/charts.ts", () => {
    const releases = plan("phase-01").resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release");
    const expected = [charts.argoCd, charts.argoWorkflows, charts.crossplane, charts.openBao, charts.externalSecrets, charts.k8sGateway].map((c) => `${c.chart}@${c.version}`);
    expect(releases.map((r) => r.chart).sort()).toEqual(expected.sort());
    expect(formatPlan(plan("phase-01"))).toContain(`chart=${charts.argoCd.chart}@${charts.argoCd.version}`);
  });

  it("carries each Helm release's chart, repository, version and values: what `lab charts check` renders", () => {
    const argoCd = plan("phase-01").resources.find((r) => r.name === "argocd" && r.helm);
    expect(argoCd?.helm).toMatchObject({ chart: charts.argoCd.chart, repo: charts.argoCd.repo, version: charts.argoCd.version });
    expect(argoCd?.helm?.values).toMatchObject({ fullnameOverride: "argocd", configs: { params: { "server.insecure": true } } });
    expect(plan("phase-01").resources.filter((r) => r.helm).map((r) => r.namespace)).not.toContain(undefined);
  });

  it("validates phase-01's Kubernetes objects, the ClusterSecretStore through its schema alias", () => {
    const schema = plan("phase-01").schema;
    expect(schema.checked).toBeGreaterThanOrEqual(10);
    expect(schema.viaAlias).toBe(1);
  });

  it("says which secret config the hub plan stood in with a placeholder", () => {
    expect(plan("hub").placeholders).toEqual(["lab:kubeconfig"]);
    expect(formatPlan(plan("hub"))).toContain("secret config stood in by plan placeholders: lab:kubeconfig");
    for (const stack of stackNames.filter((s) => s !== "hub")) expect(plan(stack).placeholders).toEqual([]);
  });

  it.each(Object.values(scaffoldPhases).map((d) => [d.stack, d] as const))("%s registers exactly its phase component and namespace", (stack, definition) => {
    const p = plan(stack);
    expect(p.resources.map((r) => [r.type, r.name])).toEqual([
      ["pulumi:pulumi:Stack", `platform-lab-${stack}`],
      ["pulumi:providers:kubernetes", "cluster"],
      [definition.componentType, stack],
      ["kubernetes:core/v1:Namespace", `${definition.namespace}-ns`],
    ]);
    const [, , component, namespace] = p.resources;
    expect(namespace.parent).toBe(component.urn);
    expect(p.outputs).toMatchObject({ phase: stack, title: definition.title, namespace: definition.namespace, status: "scaffold" });
  });

  it("redacts the kind kubeconfig, or leaves it out while unknown", () => {
    expect(["[secret]", undefined]).toContain(plan("kind").outputs.kubeconfig);
    expect(plan("hub").outputs.kubeconfig).toBe("[secret]");
  });
});

describe("planDocument", () => {
  it("sums the plans into its summary", () => {
    const all = [...plans.values()];
    const document = planDocument(all, true);
    expect(document.project).toBe("platform-lab");
    expect(document.summary).toEqual({
      stacks: 12,
      ok: 12,
      failed: [],
      resources: all.reduce((n, p) => n + p.resources.length, 0),
      kubernetesObjectsValidated: all.reduce((n, p) => n + p.schema.checked, 0),
      schemaViolations: 0,
    });
    expect(document.stacks.map((s) => s.stack)).toEqual([...stackNames]);
  });

  it("carries each phase's run-rate, and none for the cluster stacks", () => {
    const document = planDocument([...plans.values()], false);
    const byStack = new Map(document.stacks.map((s) => [s.stack, s]));
    expect(byStack.get("kind")?.cost).toBeUndefined();
    expect(byStack.get("hub")?.cost).toBeUndefined();
    expect(byStack.get("phase-01")?.cost).toEqual(planCost(plan("phase-01")));
    expect(byStack.get("phase-01")?.cost?.monthlyRunRateUsd).toBeGreaterThan(0);
    expect(byStack.get("phase-02")?.cost).toEqual({ monthlyRunRateUsd: 0, awsReferenceMonthlyUsd: 0, profile: "laptop" });
  });

  it("reports idle kind capacity only when asked, as capacity minus what all phases request", () => {
    expect(planDocument([...plans.values()], false)).not.toHaveProperty("idleCapacity");
    const idle = planDocument([...plans.values()], true).idleCapacity;
    const requested = [...plans.values()]
      .map((p) => (p.outputs.cost as { totalFootprint?: { cpuMillicores: number } } | undefined)?.totalFootprint?.cpuMillicores ?? 0)
      .reduce((a, b) => a + b, 0);
    expect(requested).toBeGreaterThan(0);
    expect(idle?.requestedByAllPhases.cpuMillicores).toBe(requested);
    expect(idle?.idle.cpuMillicores).toBe(idle!.capacity.cpuMillicores - idle!.requestedByAllPhases.cpuMillicores);
    expect(idle?.idleMonthlyUsd).toBeGreaterThan(0);
  });

  it("contains no kubeconfig text anywhere", () => {
    const text = JSON.stringify(planDocument([...plans.values()], true));
    expect(text).not.toContain("kind: Config");
    expect(text).not.toContain("offline plan placeholder");
  });

  it("lists a failing stack as failed, with its error", async () => {
    const { result: failing, unhandled } = await collectUnhandledRejections(() => planStack("phase-02", labConfig({ cluster: "eks" })));
    assertOnlyOwnRejections("phase-02", new Error(failing.error), unhandled);
    const document = planDocument([plan("phase-01"), failing], false);
    expect(document.summary).toMatchObject({ stacks: 2, ok: 1, failed: ["phase-02"] });
    expect(document.stacks[1].error).toContain('lab:cluster: got "eks"');
    expect(formatPlan(failing)).toContain("FAILED");
  });
});
