import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { planStack, runStackProgram } from "../../cli/plan/planStack";
import { unknownSentinel } from "../../cli/plan/recordingMocks";
import { readStackConfig } from "../../cli/plan/stackConfigFile";
import { images } from "../../components/charts";
import { clusterContractSchema } from "../../stacks/clusterContract";
import { kindClusterConfigYaml, kindKubernetesVersion, kindStackConfigSchema } from "../../stacks/clusters/kindClusterConfig";
import { cpuQuantityToMillicores, memoryQuantityToMiB, parseNodeAllocatable } from "../../stacks/clusters/nodeAllocatable";
import { interceptMocks, labConfig, only, projectDir, runStackExpectingError } from "../helpers/stackRun";

const commandType = "command:local:Command";
const defaults = kindStackConfigSchema.parse({});

describe("kindClusterConfigYaml", () => {
  const config = parse(kindClusterConfigYaml(defaults));

  it("is a kind v1alpha4 Cluster named after the stack config", () => {
    expect(config).toMatchObject({ kind: "Cluster", apiVersion: "kind.x-k8s.io/v1alpha4", name: "platform-lab" });
  });

  it("pins every node to the node image by sha256 digest", () => {
    expect(config.nodes).toHaveLength(1);
    for (const node of config.nodes) {
      expect(node.image).toMatch(/^kindest\/node:v\d+\.\d+\.\d+@sha256:[0-9a-f]{64}$/);
      expect(node.image).toBe(`${images.kindNode.repository}:${images.kindNode.tag}`);
    }
  });

  it("maps host ports 80 and 443 to the control plane, labelled for the ingress", () => {
    const [controlPlane] = config.nodes;
    expect(controlPlane.role).toBe("control-plane");
    expect(controlPlane.extraPortMappings).toEqual([
      { containerPort: 80, hostPort: 80, protocol: "TCP" },
      { containerPort: 443, hostPort: 443, protocol: "TCP" },
    ]);
    expect(controlPlane.kubeadmConfigPatches.join("\n")).toContain('node-labels: "ingress-ready=true"');
  });

  it("adds one worker node per lab:workers and moves the host ports when asked", () => {
    const custom = parse(kindClusterConfigYaml({ ...defaults, workers: 3, httpHostPort: 8080, httpsHostPort: 8443, clusterName: "lab-2" }));
    expect(custom.name).toBe("lab-2");
    expect(custom.nodes.map((n: { role: string }) => n.role)).toEqual(["control-plane", "worker", "worker", "worker"]);
    expect(custom.nodes[1].extraPortMappings).toBeUndefined();
    expect(custom.nodes[0].extraPortMappings.map((m: { hostPort: number; containerPort: number }) => [m.hostPort, m.containerPort])).toEqual([
      [8080, 80],
      [8443, 443],
    ]);
  });

  it("reports the node image's Kubernetes version without the digest", () => {
    expect(kindKubernetesVersion()).toBe("v1.34.11");
    expect(clusterContractSchema.shape.kubernetesVersion.safeParse(kindKubernetesVersion()).success).toBe(true);
  });
});

describe("kind program under mocks", () => {
  it("creates the cluster with `kind create cluster`, re-created only when the generated config changes", async () => {
    const run = await runStackProgram("kind", readStackConfig(projectDir, "kind"));
    expect(run.error).toBeUndefined();
    const cluster = only(run.resources, commandType, "kind-cluster");
    const kindConfig = kindClusterConfigYaml(defaults);
    expect(cluster.inputs.create).toContain("kind create cluster");
    expect(cluster.inputs.create).toContain('--config "$cfg"');
    expect(cluster.inputs.environment).toEqual({ KIND_CONFIG: kindConfig, CLUSTER_NAME: "platform-lab" });
    expect(cluster.inputs.triggers).toEqual([kindConfig]);
    expect(cluster.inputs.delete).toBe('kind delete cluster --name "$CLUSTER_NAME"');
  });

  it("reads the kubeconfig after the cluster with stdout kept secret and unlogged", async () => {
    const intercepted = interceptMocks();
    try {
      const run = await runStackProgram("kind", readStackConfig(projectDir, "kind"));
      expect(run.error).toBeUndefined();
      const cluster = only(run.resources, commandType, "kind-cluster");
      const kubeconfig = only(run.resources, commandType, "kind-kubeconfig");
      expect(kubeconfig.inputs.create).toBe('kind get kubeconfig --name "$CLUSTER_NAME"');
      expect(kubeconfig.inputs.logging).toBe("none");
      expect(kubeconfig.dependencies).toContain(cluster.urn);
      const registration = intercepted.registrations.find((r) => r.name === "kind-kubeconfig");
      expect(registration?.additionalSecretOutputs).toEqual(["stdout"]);
    } finally {
      intercepted.restore();
    }
  });

  it("measures the nodes with kubectl, the kubeconfig passed in the environment, not on the command line", async () => {
    const run = await runStackProgram("kind", readStackConfig(projectDir, "kind"));
    const nodes = only(run.resources, commandType, "kind-nodes");
    expect(nodes.inputs.create).toContain("kubectl get nodes -o json");
    expect(nodes.inputs.create).toMatch(/export KUBECONFIG=/);
    expect(nodes.inputs.create).not.toContain("kind: Config");
    expect(nodes.inputs.environment).toEqual({ LAB_KUBECONFIG: unknownSentinel });
    expect(nodes.inputs.logging).toBe("stderr");
  });

  it("never shows the kubeconfig in the plan's outputs, and exports the rest of the cluster contract", async () => {
    const plan = await planStack("kind", labConfig({ workers: 2 }));
    expect(plan.ok).toBe(true);
    expect(plan.outputs.kubeconfig === undefined || plan.outputs.kubeconfig === "[secret]").toBe(true);
    expect(plan.outputs).toMatchObject({
      clusterName: "platform-lab",
      kubernetesVersion: "v1.34.11",
      nodeCount: 3,
      storageClass: "standard",
      ingressMode: "kind-port-mapping",
      loadBalancerAddressPool: [],
      pricingProfile: "laptop",
      sizingProfile: "laptop",
    });
    const known = clusterContractSchema.pick({ clusterName: true, kubernetesVersion: true, nodeCount: true, storageClass: true, ingressMode: true, pricingProfile: true, sizingProfile: true });
    expect(known.safeParse(plan.outputs).success).toBe(true);
    // Allocatable figures come from kubectl at apply time: unknown in a preview.
    expect(plan.outputs.allocatableCpuMillicores).toBeUndefined();
  });

  it("stops on bad config before registering anything but the stack", async () => {
    const run = await runStackExpectingError("kind", labConfig({ workers: 9 }));
    expect(run.error?.message).toContain("lab:workers: got 9, expected ≤ 4");
    expect(run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack")).toEqual([]);
  });
});

describe("parseNodeAllocatable", () => {
  const fixture = fs.readFileSync(path.join(__dirname, "fixtures", "kubectl-get-nodes-kind-2-nodes.json"), "utf8");

  it("sums what a two-node kind cluster offers to pods", () => {
    // 8 + 7.910 cores; (16303200 + 16201824) Ki / 1024 = 31743.1875 MiB, floored
    expect(parseNodeAllocatable(fixture)).toEqual({ nodeCount: 2, cpuMillicores: 15910, memoryMiB: 31743 });
  });

  it("fails on a cluster without nodes", () => {
    expect(() => parseNodeAllocatable(JSON.stringify({ apiVersion: "v1", kind: "List", items: [] }))).toThrow(/no nodes/);
  });

  it("fails on output that is not JSON (kubectl printed an error)", () => {
    expect(() => parseNodeAllocatable("The connection to the server localhost:8080 was refused")).toThrow("kubectl get nodes -o json: output is not JSON");
  });

  it("fails on a node without allocatable resources", () => {
    expect(() => parseNodeAllocatable(JSON.stringify({ items: [{ status: {} }] }))).toThrow();
  });
});

describe("quantity parsing", () => {
  it.each([
    ["4", 4000],
    ["3500m", 3500],
    ["0.5", 500],
    ["1.25", 1250],
    ["0", 0],
  ])("CPU %s is %d millicores", (quantity, millicores) => {
    expect(cpuQuantityToMillicores(quantity)).toBe(millicores);
  });

  it.each(["", "4 cores", "-1", "1.5m5", "2k"])("rejects the CPU quantity %j", (quantity) => {
    expect(() => cpuQuantityToMillicores(quantity)).toThrow(`CPU quantity "${quantity}"`);
  });

  it.each([
    ["16303200Ki", 15921.09375],
    ["8Gi", 8192],
    ["512Mi", 512],
    ["1Ti", 1048576],
    ["1048576", 1],
    ["1e9", 1e9 / 2 ** 20],
    ["1G", 1e9 / 2 ** 20],
    ["500M", 5e8 / 2 ** 20],
    ["1000k", 1e6 / 2 ** 20],
  ])("memory %s is %d MiB", (quantity, mib) => {
    expect(memoryQuantityToMiB(quantity)).toBeCloseTo(mib, 9);
  });

  it.each(["", "8GB", "8 Gi", "-1Gi", "Gi"])("rejects the memory quantity %j", (quantity) => {
    expect(() => memoryQuantityToMiB(quantity)).toThrow(`memory quantity "${quantity}"`);
  });
});
