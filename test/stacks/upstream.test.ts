import { contractUpstream, planStack, runStackProgram } from "../../cli/plan/planStack";
import type { RecordedResource, UpstreamLookup } from "../../cli/plan/recordingMocks";
import { readStackConfig } from "../../cli/plan/stackConfigFile";
import { clusterContracts } from "../../stacks/clusterContract";
import { interceptMocks, isSecretAt, labConfig, projectDir, runStackExpectingError } from "../helpers/stackRun";

/** Upstream outputs as deployed, except for the stacks and keys a test takes away or changes. */
function upstreamWith(change: { missingStacks?: string[]; dropKeys?: Record<string, string[]>; setKeys?: Record<string, Record<string, unknown>> }): UpstreamLookup {
  return (fullName) => {
    const stack = fullName.split("/").pop() ?? "";
    if (change.missingStacks?.includes(stack)) return undefined;
    const found = contractUpstream(fullName);
    if (!found) return undefined;
    const outputs = { ...found.outputs, ...(change.setKeys?.[stack] ?? {}) };
    for (const key of change.dropKeys?.[stack] ?? []) delete outputs[key];
    return { ...found, outputs };
  };
}

const phaseComponents = (resources: readonly RecordedResource[]) => resources.filter((r) => r.type.startsWith("lab:phase:"));
const kubernetesObjects = (resources: readonly RecordedResource[]) => resources.filter((r) => r.type.startsWith("kubernetes:"));

describe("reading upstream stacks", () => {
  it("reads the cluster and the phases it directly needs, under the engine's organization/project/stack name", async () => {
    const asked: string[] = [];
    const run = await runStackProgram("phase-10", readStackConfig(projectDir, "phase-10"), (name) => {
      asked.push(name);
      return contractUpstream(name);
    });
    expect(run.error).toBeUndefined();
    expect([...new Set(asked)].sort()).toEqual(
      ["kind", "phase-04", "phase-05", "phase-07", "phase-08"].map((s) => `organization/platform-lab/${s}`).sort(),
    );
  });

  it("stops a phase whose upstream phase is not deployed, saying which stack to bring up", async () => {
    const run = await runStackExpectingError("phase-03", readStackConfig(projectDir, "phase-03"), upstreamWith({ missingStacks: ["phase-01"] }));
    expect(run.error?.name).toBe("UpstreamStackError");
    expect(run.error?.message).toContain('Cannot read stack "phase-01"');
    expect(run.error?.message).toContain("npm run lab -- up phase-01");
    expect(phaseComponents(run.resources)).toEqual([]);
    expect(kubernetesObjects(run.resources)).toEqual([]);
  });

  it("names the one output key an upstream phase lacks", async () => {
    const run = await runStackExpectingError("phase-03", readStackConfig(projectDir, "phase-03"), upstreamWith({ dropKeys: { "phase-01": ["secretStoreName"] } }));
    expect(run.error?.message).toContain('"phase-01": it has no output "secretStoreName"');
    expect(run.error?.message).toContain("npm run lab -- up phase-01");
    expect(phaseComponents(run.resources)).toEqual([]);
    expect(kubernetesObjects(run.resources)).toEqual([]);
  });

  it("rejects upstream outputs that break the contract, naming the output", async () => {
    const run = await runStackExpectingError("phase-01", readStackConfig(projectDir, "phase-01"), upstreamWith({ setKeys: { kind: { nodeCount: 0 } } }));
    expect(run.error?.message).toContain('Cannot read stack "kind": its outputs do not match the contract');
    expect(run.error?.message).toContain('output "nodeCount"');
    expect(phaseComponents(run.resources)).toEqual([]);
  });

  it("names the kind cluster stack when phase-01 runs before it exists", async () => {
    const run = await runStackExpectingError("phase-01", readStackConfig(projectDir, "phase-01"), upstreamWith({ missingStacks: ["kind"] }));
    expect(run.error?.message).toContain('Cannot read stack "kind"');
    expect(run.error?.message).toContain("npm run lab -- up kind");
    expect(phaseComponents(run.resources)).toEqual([]);
    expect(run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack")).toEqual([]);
  });

  it("names the hub when a phase is pointed at the hub before it is deployed", async () => {
    const run = await runStackExpectingError("phase-02", labConfig({ cluster: "hub" }), upstreamWith({ missingStacks: ["hub"] }));
    expect(run.error?.message).toContain("npm run lab -- up hub");
    expect(phaseComponents(run.resources)).toEqual([]);
  });

  it("keeps the upstream kubeconfig a secret in the provider it configures", async () => {
    const intercepted = interceptMocks();
    let run;
    try {
      run = await runStackProgram("phase-02", labConfig({ cluster: "hub" }));
      const raw = intercepted.registrations.find((r) => r.type === "pulumi:providers:kubernetes");
      expect(raw && isSecretAt(raw.rawInputs, ["kubeconfig"])).toBe(true);
    } finally {
      intercepted.restore();
    }
    expect(run.error).toBeUndefined();
    const provider = run.resources.find((r) => r.type === "pulumi:providers:kubernetes");
    expect(provider?.inputs.kubeconfig).toBe(clusterContracts.hub.planSample.kubeconfig);
    const plan = await planStack("phase-02", labConfig({ cluster: "hub" }));
    expect(JSON.stringify(plan)).not.toContain("kind: Config");
  });
});
