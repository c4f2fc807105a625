import { planStack, runStackProgram } from "../../cli/plan/planStack";
import { planSecretPlaceholders, readStackConfig } from "../../cli/plan/stackConfigFile";
import { clusterContractSchema, clusterContracts } from "../../stacks/clusterContract";
import { interceptMocks, isSecretAt, labConfig, only, projectDir, runStackExpectingError } from "../helpers/stackRun";

const kubeconfig = "apiVersion: v1\nkind: Config\nclusters:\n- name: hub\n  cluster:\n    server: https://192.168.1.10:6443\n";
const talosconfig = "context: hub\ncontexts:\n  hub:\n    endpoints: [192.168.1.10]\n    ca: TALOS-CA-PRIVATE-MATERIAL\n";

describe("hub program under mocks", () => {
  it("adopts the cluster without creating anything in it", async () => {
    const run = await runStackProgram("hub", readStackConfig(projectDir, "hub"));
    expect(run.error).toBeUndefined();
    expect(run.resources.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack"]);
  });

  it("exports the cluster contract: MetalLB ingress, sizing minus a 10% reserve, the homelab price profile", async () => {
    const run = await runStackProgram("hub", labConfig({ kubeconfig, metallbAddresses: ["192.168.1.240-192.168.1.250"], cpuCores: 4, memoryGiB: 16, nodeCount: 2 }, ["kubeconfig"]));
    expect(run.error).toBeUndefined();
    expect(run.outputs).toEqual({
      kubeconfig,
      clusterName: "hub",
      kubernetesVersion: "v1.34.1",
      nodeCount: 2,
      // 4 cores x 2 nodes x 1000 x 0.9; 16 GiB x 2 x 1024 x 0.9 = 29491.2, floored
      allocatableCpuMillicores: 7200,
      allocatableMemoryMiB: 29491,
      storageClass: "local-path",
      ingressMode: "metallb",
      loadBalancerAddressPool: ["192.168.1.240-192.168.1.250"],
      pricingProfile: "homelab",
      sizingProfile: "hub",
    });
    expect(clusterContractSchema.safeParse(run.outputs).success).toBe(true);
  });

  it("agrees with the plan sample phases are planned against, except allocatable capacity where the sample ignores the 10% reserve", async () => {
    const run = await runStackProgram("hub", readStackConfig(projectDir, "hub"));
    const { kubeconfig: _sampleKubeconfig, ...sample } = clusterContracts.hub.planSample;
    const { kubeconfig: _planned, ...planned } = run.outputs;
    // The sample is what downstream plans assume; it must not drift from what the hub exports.
    expect(planned).toEqual({ ...sample, allocatableCpuMillicores: 3600, allocatableMemoryMiB: 14745 });
  });

  it("keeps the kubeconfig a secret: redacted in the plan, never printed", async () => {
    const plan = await planStack("hub", readStackConfig(projectDir, "hub"));
    expect(plan.ok).toBe(true);
    expect(plan.outputs.kubeconfig).toBe("[secret]");
    expect(plan.placeholders).toEqual(["lab:kubeconfig"]);
    expect(JSON.stringify(plan)).not.toContain(planSecretPlaceholders.hub["lab:kubeconfig"].trim().split("\n")[1]);
  });

  it("checks Talos health first when asked, with the talosconfig in the command's secret environment, not its command line", async () => {
    const intercepted = interceptMocks();
    try {
      const run = await runStackProgram(
        "hub",
        labConfig(
          {
            kubeconfig,
            metallbAddresses: ["192.168.1.240/28"],
            talosHealthCheck: { talosconfig, nodes: ["192.168.1.10"], endpoints: ["192.168.1.10", "192.168.1.11"] },
          },
          ["kubeconfig", "talosHealthCheck"],
        ),
      );
      expect(run.error).toBeUndefined();
      const health = only(run.resources, "command:local:Command", "talos-health");
      expect(health.inputs.environment).toEqual({ TALOSCONFIG_DATA: talosconfig, NODES: "192.168.1.10", ENDPOINTS: "192.168.1.10,192.168.1.11" });
      expect(health.inputs.create).toContain("talosctl --talosconfig");
      expect(health.inputs.create).toContain("health");
      expect(health.inputs.create).not.toContain("TALOS-CA-PRIVATE-MATERIAL");
      expect(JSON.stringify(health.inputs.interpreter)).not.toContain("TALOS-CA-PRIVATE-MATERIAL");
      const raw = intercepted.registrations.find((r) => r.name === "talos-health");
      expect(raw && isSecretAt(raw.rawInputs, ["environment", "TALOSCONFIG_DATA"])).toBe(true);
      // The kubeconfig waits for the health check, so a preview cannot know it yet.
      expect(run.outputs.kubeconfig).toBeUndefined();
    } finally {
      intercepted.restore();
    }
  });

  it("stops with a config error naming lab:kubeconfig when the kubeconfig secret is not set", async () => {
    const run = await runStackExpectingError("hub", labConfig({ metallbAddresses: ["192.168.1.240/28"] }));
    expect(run.error?.name).toBe("ConfigError");
    expect(run.error?.message).toContain("lab:kubeconfig: got nothing, expected a string");
    expect(run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack")).toEqual([]);
  });

  it("stops naming lab:metallbAddresses when the committed example range is removed", async () => {
    const run = await runStackExpectingError("hub", labConfig({ kubeconfig }, ["kubeconfig"]));
    expect(run.error?.message).toContain("lab:metallbAddresses");
    expect(run.error?.message).not.toContain("server: https://192.168.1.10");
  });
});
