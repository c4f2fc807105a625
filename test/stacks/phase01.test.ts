import { planStack, runStackProgram, type StackRun } from "../../cli/plan/planStack";
import type { RecordedResource } from "../../cli/plan/recordingMocks";
import { unknownSentinel } from "../../cli/plan/recordingMocks";
import { readStackConfig } from "../../cli/plan/stackConfigFile";
import { charts, imageRef, images, type PinnedChart } from "../../components/charts";
import { chartDevTokenPlaceholder } from "../../components/platform/OpenBao";
import { costBlockSchema } from "../../finops/costBlock";
import { clusterContracts } from "../../stacks/clusterContract";
import { phase01Contract, phase01ContractSchema } from "../../stacks/phases/phase01/contract";
import {
  childrenOf,
  clusterProviderRef,
  descendantsOf,
  inputAt,
  interceptMocks,
  labConfig,
  ofType,
  only,
  projectDir,
  runStackExpectingError,
} from "../helpers/stackRun";

const releaseType = "kubernetes:helm.sh/v3:Release";
const stackType = "pulumi:pulumi:Stack";

/** Which pinned chart each release name stands for. */
const chartOfRelease: Record<string, PinnedChart> = {
  argocd: charts.argoCd,
  "argo-workflows": charts.argoWorkflows,
  crossplane: charts.crossplane,
  openbao: charts.openBao,
  "external-secrets": charts.externalSecrets,
  metallb: charts.metallb,
  "k8s-gateway": charts.k8sGateway,
  "external-dns": charts.externalDns,
};

/** The namespace each platform component owns. */
const namespaceOfComponent: Record<string, string> = {
  "lab:platform:ArgoCd": "argocd",
  "lab:platform:ArgoWorkflows": "argo-workflows",
  "lab:platform:Crossplane": "crossplane-system",
  "lab:platform:OpenBao": "openbao",
  "lab:platform:ExternalSecrets": "external-secrets",
  "lab:platform:ClusterDns": "cluster-dns",
  "lab:platform:MetalLb": "metallb-system",
};

const clusterScopedKinds = new Set(["Namespace", "ClusterSecretStore"]);

/** Sums every `resources.requests` found in Helm values: what the charts will ask the scheduler for. */
function requestedByValues(values: unknown): { cpuMillicores: number; memoryMiB: number } {
  const sum = { cpuMillicores: 0, memoryMiB: 0 };
  const walk = (node: unknown) => {
    if (node === null || typeof node !== "object") return;
    const requests = (node as { requests?: { cpu?: string; memory?: string } }).requests;
    if (requests?.cpu && requests.memory) {
      sum.cpuMillicores += Number(requests.cpu.replace(/m$/, ""));
      sum.memoryMiB += Number(requests.memory.replace(/Mi$/, ""));
      return;
    }
    Object.values(node).forEach(walk);
  };
  walk(values);
  return sum;
}

let kind: StackRun;
let hub: StackRun;

beforeAll(async () => {
  kind = await runStackProgram("phase-01", readStackConfig(projectDir, "phase-01"));
  hub = await runStackProgram("phase-01", readStackConfig(projectDir, "phase-01", { "lab:cluster": "hub" }));
});

describe("phase-01 on kind", () => {
  it("runs without error", () => {
    expect(kind.error).toBeUndefined();
  });

  it("is one PlatformBootstrap component whose children are the platform components", () => {
    const phase = only(kind.resources, "lab:phase:PlatformBootstrap", "phase-01");
    expect(phase.parent).toBe(only(kind.resources, stackType).urn);
    expect(childrenOf(kind.resources, phase).map((r) => r.type).sort()).toEqual([
      "lab:platform:ArgoCd",
      "lab:platform:ArgoWorkflows",
      "lab:platform:ClusterDns",
      "lab:platform:Crossplane",
      "lab:platform:ExternalSecrets",
      "lab:platform:OpenBao",
      "lab:platform:PlatformReadiness",
    ]);
    // Nothing but the stack's provider lives outside the phase component.
    const outside = kind.resources.filter((r) => r.type !== stackType && r !== phase && !descendantsOf(kind.resources, phase).includes(r));
    expect(outside.map((r) => `${r.type} ${r.name}`)).toEqual(["pulumi:providers:kubernetes cluster"]);
  });

  it("installs no MetalLB: kind reaches the ingress through host port mappings", () => {
    expect(ofType(kind.resources, "lab:platform:MetalLb")).toEqual([]);
    expect(kind.resources.filter((r) => r.type.includes("metallb.io"))).toEqual([]);
    expect((kind.outputs.namespaces as Record<string, unknown>).metallb).toBeNull();
  });

  it("installs every Helm release from the chart, version and repository pinned in components/charts.ts", () => {
    const releases = ofType(kind.resources, releaseType);
    expect(releases.map((r) => r.name).sort()).toEqual(["argo-workflows", "argocd", "crossplane", "external-secrets", "k8s-gateway", "openbao"]);
    for (const release of releases) {
      const pinned = chartOfRelease[release.name];
      expect({ name: release.name, chart: release.inputs.chart, version: release.inputs.version, repo: inputAt(release, "repositoryOpts.repo") }).toEqual({
        name: release.name,
        chart: pinned.chart,
        version: pinned.version,
        repo: pinned.repo,
      });
      // A failed install rolls back instead of leaving half a chart behind.
      expect(release.inputs.atomic).toBe(true);
    }
  });

  it("puts every object of a component in that component's namespace", () => {
    for (const [componentType, namespace] of Object.entries(namespaceOfComponent)) {
      for (const component of ofType(kind.resources, componentType)) {
        for (const r of descendantsOf(kind.resources, component).filter((d) => d.type.startsWith("kubernetes:"))) {
          const where = `${r.type} ${r.name}`;
          if (r.type === releaseType) expect({ where, namespace: r.inputs.namespace }).toEqual({ where, namespace });
          else if (r.inputs.kind === "Namespace") expect({ where, name: inputAt(r, "metadata.name") }).toEqual({ where, name: namespace });
          else if (clusterScopedKinds.has(String(r.inputs.kind))) expect({ where, namespace: inputAt(r, "metadata.namespace") }).toEqual({ where, namespace: undefined });
          else expect({ where, namespace: inputAt(r, "metadata.namespace") }).toEqual({ where, namespace });
        }
      }
    }
  });

  it("talks to the cluster only through the stack's `cluster` provider, built from the cluster stack's kubeconfig", () => {
    const provider = only(kind.resources, "pulumi:providers:kubernetes", "cluster");
    expect(provider.inputs.kubeconfig).toBe(clusterContracts.kind.planSample.kubeconfig);
    const kubernetes = kind.resources.filter((r) => r.type.startsWith("kubernetes:"));
    expect(kubernetes.length).toBeGreaterThan(10);
    for (const r of kubernetes) expect({ r: `${r.type} ${r.name}`, provider: r.provider?.includes(clusterProviderRef) }).toEqual({ r: `${r.type} ${r.name}`, provider: true });
  });

  it("labels every namespace with the phase and enforces restricted, except k8s-gateway's (its chart cannot meet it)", () => {
    const levels: Record<string, string> = {};
    for (const ns of ofType(kind.resources, "kubernetes:core/v1:Namespace")) {
      expect(inputAt(ns, "metadata.labels")).toMatchObject({
        "platform-lab/phase": "phase-01",
        "app.kubernetes.io/part-of": "platform-lab",
        "pod-security.kubernetes.io/warn": "restricted",
      });
      levels[String(inputAt(ns, "metadata.name"))] = inputAt(ns, "metadata.labels")["pod-security.kubernetes.io/enforce"];
    }
    expect(levels).toEqual({
      argocd: "restricted",
      "argo-workflows": "restricted",
      "crossplane-system": "restricted",
      openbao: "restricted",
      "external-secrets": "restricted",
      "cluster-dns": "baseline",
    });
  });

  it("enforces restricted on the DNS namespace when external-dns serves it", async () => {
    const run = await runStackProgram(
      "phase-01",
      readStackConfig(projectDir, "phase-01", { "lab:clusterDns": JSON.stringify({ provider: "external-dns", externalDnsProvider: "rfc2136" }) }),
    );
    expect(run.error).toBeUndefined();
    const ns = only(run.resources, "kubernetes:core/v1:Namespace", "cluster-dns-ns");
    expect(inputAt(ns, "metadata.labels")["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    // No extraArgs key at all when none are configured: an empty list makes Helm warn against the chart's map.
    expect(inputAt(only(run.resources, releaseType, "external-dns"), "values")).not.toHaveProperty("extraArgs");
  });

  it("gives the charts whose defaults fall short of restricted the security contexts it asks for, and drops Crossplane's CPU limits", () => {
    const values = (release: string, path: string) => inputAt(only(kind.resources, releaseType, release), `values.${path}`);
    const pod = { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } };
    const container = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } };
    expect(values("argo-workflows", "controller.podSecurityContext")).toEqual(pod);
    expect(values("argo-workflows", "server.podSecurityContext")).toEqual(pod);
    for (const part of ["Crossplane", "RBACManager"]) {
      expect(values("crossplane", `podSecurityContext${part}`)).toEqual(pod);
      expect(values("crossplane", `securityContext${part}`)).toEqual(container);
      expect(values("crossplane", `resources${part}.limits.cpu`)).toBeNull();
    }
    expect(values("openbao", "server.statefulSet.securityContext.container")).toEqual(container);
  });


  it("exports what the contract promises, for every key a preview can know", () => {
    // Measurements (readiness, argoCdSync) and the cost block are outputs beyond the contract.
    const known = Object.keys(kind.outputs).filter((k) => k in phase01ContractSchema.shape) as (keyof typeof phase01ContractSchema.shape)[];
    const pick = Object.fromEntries(known.map((k) => [k, true])) as Partial<Record<keyof typeof phase01ContractSchema.shape, true>>;
    const parsed = phase01ContractSchema.pick(pick as Record<keyof typeof phase01ContractSchema.shape, true>).safeParse(kind.outputs);
    expect(parsed.success).toBe(true);
    // Service URLs come from the Helm release status: only an apply knows them.
    expect(Object.keys(phase01ContractSchema.shape).filter((k) => !known.includes(k as never)).sort()).toEqual([
      "argoCdServerUrl",
      "argoWorkflowsServerUrl",
      "openBaoAddress",
    ]);
    const { argoCdServerUrl: _a, argoWorkflowsServerUrl: _w, openBaoAddress: _o, ...sample } = phase01Contract.planSample;
    expect(Object.fromEntries(known.map((k) => [k, kind.outputs[k]]))).toEqual(sample);
  });

  it("prices the phase: a laptop run-rate above zero and a higher AWS reference for the same requests", () => {
    const cost = costBlockSchema.parse(kind.outputs.cost);
    expect(cost.phase).toBe("phase-01");
    expect(cost.profile).toBe("laptop");
    expect(cost.monthlyRunRateUsd).toBeGreaterThan(0);
    expect(cost.awsReferenceMonthlyUsd).toBeGreaterThan(cost.monthlyRunRateUsd);
    expect(cost.components.map((c) => c.name).sort()).toEqual(["argoCd", "argoWorkflows", "clusterDns", "crossplane", "externalSecrets", "openBao"]);
  });

  it("prices exactly what the Helm releases request", () => {
    const cost = costBlockSchema.parse(kind.outputs.cost);
    const requested = ofType(kind.resources, releaseType)
      .map((r) => requestedByValues(r.inputs.values))
      .reduce((a, b) => ({ cpuMillicores: a.cpuMillicores + b.cpuMillicores, memoryMiB: a.memoryMiB + b.memoryMiB }));
    expect({ cpuMillicores: cost.totalFootprint.cpuMillicores, memoryMiB: cost.totalFootprint.memoryMiB }).toEqual(requested);
  });
});

describe("phase-01 secrets: OpenBao and External Secrets", () => {
  it("reads OpenBao from a ClusterSecretStore with Kubernetes auth as ESO's own service account", () => {
    const store = only(kind.resources, "kubernetes:external-secrets.io/v1:ClusterSecretStore");
    expect(inputAt(store, "metadata.name")).toBe("openbao");
    const vault = inputAt(store, "spec.provider.vault");
    expect(vault).toEqual({
      server: unknownSentinel,
      path: "secret",
      version: "v2",
      auth: { kubernetes: { mountPath: "kubernetes", role: "external-secrets", serviceAccountRef: { name: "external-secrets", namespace: "external-secrets" } } },
    });
    // ESO's chart names its service account after the release's full name.
    expect(inputAt(only(kind.resources, releaseType, "external-secrets"), "values.fullnameOverride")).toBe("external-secrets");
  });

  it("creates the store only after ESO is installed and OpenBao's role exists", () => {
    const store = only(kind.resources, "kubernetes:external-secrets.io/v1:ClusterSecretStore");
    expect(store.dependencies).toEqual(
      expect.arrayContaining([only(kind.resources, releaseType, "external-secrets").urn, only(kind.resources, "kubernetes:batch/v1:Job").urn]),
    );
  });

  it("bootstraps OpenBao with a bounded, non-root Job that binds the store's role to ESO's service account", () => {
    const job = only(kind.resources, "kubernetes:batch/v1:Job");
    expect(job.name).toBe("openbao-bootstrap");
    expect(inputAt(job, "metadata.namespace")).toBe("openbao");
    expect(inputAt(job, "spec.backoffLimit")).toBe(3);
    expect(inputAt(job, "spec.activeDeadlineSeconds")).toBeGreaterThan(0);
    expect(inputAt(job, "spec.template.spec.restartPolicy")).toBe("Never");
    expect(inputAt(job, "spec.template.spec.securityContext")).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    expect(inputAt(job, "spec.template.spec.securityContext.runAsUser")).toBeGreaterThan(0);
    const [container] = inputAt(job, "spec.template.spec.containers");
    expect(container.image).toBe(imageRef(images.openBao));
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
    const script = container.command.join("\n");
    expect(script).toContain("bound_service_account_names=external-secrets bound_service_account_namespaces=external-secrets policies=external-secrets");
    expect(script).toContain("auth/kubernetes/role/external-secrets");
  });

  it("gives the Job its token from the root-token Secret, never as a literal", () => {
    const job = only(kind.resources, "kubernetes:batch/v1:Job");
    const env = inputAt(job, "spec.template.spec.containers.0.env") as { name: string; value?: unknown; valueFrom?: unknown }[];
    const token = env.find((e) => e.name === "BAO_TOKEN");
    expect(token).toEqual({ name: "BAO_TOKEN", valueFrom: { secretKeyRef: { name: "openbao-root-token", key: "token" } } });
    const secret = only(kind.resources, "kubernetes:core/v1:Secret", "openbao-root-token");
    expect(inputAt(secret, "metadata.name")).toBe("openbao-root-token");
    expect(inputAt(secret, "metadata.namespace")).toBe("openbao");
  });

  it("keeps the generated root token in one Secret: no Helm value, env literal, ConfigMap or plan output holds it", async () => {
    const token = "r00t-t0ken-f0r-the-plan-test-0123456789";
    const intercepted = interceptMocks((args) =>
      args.type === "random:index/randomPassword:RandomPassword" ? { ...args.inputs, result: token } : undefined,
    );
    try {
      const run = await runStackProgram("phase-01", readStackConfig(projectDir, "phase-01"));
      expect(run.error).toBeUndefined();
      // The token does reach the Secret, so its absence below means something.
      expect(inputAt(only(run.resources, "kubernetes:core/v1:Secret"), "stringData.token")).toBe(token);
      const holders = run.resources.filter((r) => JSON.stringify(r.inputs).includes(token)).map((r) => `${r.type} ${r.name}`);
      expect(holders).toEqual(["kubernetes:core/v1:Secret openbao-root-token"]);
      // The server takes it from that Secret; the chart's own dev-token value is a public placeholder.
      const server = inputAt(only(run.resources, releaseType, "openbao"), "values.server");
      expect(server.extraSecretEnvironmentVars).toEqual([{ envName: "BAO_DEV_ROOT_TOKEN_ID", secretName: "openbao-root-token", secretKey: "token" }]);
      expect(server.dev).toEqual({ enabled: true, devRootToken: chartDevTokenPlaceholder });
      const plan = await planStack("phase-01", readStackConfig(projectDir, "phase-01"));
      expect(plan.ok).toBe(true);
      expect(JSON.stringify(plan)).not.toContain(token);
      const { formatPlan } = await import("../../cli/plan/printPlan");
      expect(formatPlan(plan)).not.toContain(token);
    } finally {
      intercepted.restore();
    }
  });
});

describe("phase-01 on the hub", () => {
  it("runs without error", () => {
    expect(hub.error).toBeUndefined();
  });

  it("adds MetalLB with an address pool from the hub's contract and an L2 advertisement of that pool", () => {
    const metallb = only(hub.resources, "lab:platform:MetalLb");
    expect(metallb.parent).toBe(only(hub.resources, "lab:phase:PlatformBootstrap").urn);
    const pool = only(hub.resources, "kubernetes:metallb.io/v1beta1:IPAddressPool");
    expect(inputAt(pool, "spec.addresses")).toEqual(clusterContracts.hub.planSample.loadBalancerAddressPool);
    expect(inputAt(pool, "metadata.namespace")).toBe("metallb-system");
    const l2 = only(hub.resources, "kubernetes:metallb.io/v1beta1:L2Advertisement");
    expect(inputAt(l2, "spec.ipAddressPools")).toEqual([inputAt(pool, "metadata.name")]);
    expect(inputAt(l2, "metadata.namespace")).toBe("metallb-system");
    const release = only(hub.resources, releaseType, "metallb");
    expect([release.inputs.chart, release.inputs.version]).toEqual([charts.metallb.chart, charts.metallb.version]);
    expect(pool.dependencies).toContain(release.urn);
    // The speaker needs host networking: its namespace must admit privileged pods.
    expect(inputAt(only(hub.resources, "kubernetes:core/v1:Namespace", "metallb-system-ns"), "metadata.labels")["pod-security.kubernetes.io/enforce"]).toBe("privileged");
  });

  it("gives the DNS server a LoadBalancer address on the hub, a ClusterIP on kind", () => {
    expect(inputAt(only(hub.resources, releaseType, "k8s-gateway"), "values.service.type")).toBe("LoadBalancer");
    expect(inputAt(only(kind.resources, releaseType, "k8s-gateway"), "values.service.type")).toBe("ClusterIP");
  });

  it("sizes components with the hub profile and prices them with the homelab profile", () => {
    const argocdRequests = inputAt(only(hub.resources, releaseType, "argocd"), "values.controller.resources.requests");
    expect(argocdRequests).toEqual({ cpu: "500m", memory: "1024Mi" });
    const cost = costBlockSchema.parse(hub.outputs.cost);
    expect(cost.profile).toBe("homelab");
    expect(cost.components.map((c) => c.name)).toContain("metallb");
    expect(hub.outputs).toMatchObject({ ingressMode: "metallb", storageClass: "local-path" });
    expect((hub.outputs.namespaces as Record<string, unknown>).metallb).toBe("metallb-system");
  });
});

describe("phase-01 config", () => {
  it("switches cluster DNS to external-dns with its provider", async () => {
    const run = await runStackProgram("phase-01", labConfig({ clusterDns: { provider: "external-dns", externalDnsProvider: "rfc2136", domain: "home.example" } }));
    expect(run.error).toBeUndefined();
    expect(ofType(run.resources, releaseType).map((r) => r.name)).not.toContain("k8s-gateway");
    const release = only(run.resources, releaseType, "external-dns");
    expect([release.inputs.chart, release.inputs.version]).toEqual([charts.externalDns.chart, charts.externalDns.version]);
    expect(inputAt(release, "values.provider.name")).toBe("rfc2136");
    expect(inputAt(release, "values.domainFilters")).toEqual(["home.example"]);
    expect(run.outputs).toMatchObject({ clusterDomain: "home.example", clusterDnsProvider: "external-dns" });
  });

  it("uses a mirrored k8s-gateway image when lab:clusterDns.image is set", async () => {
    const run = await runStackProgram("phase-01", labConfig({ clusterDns: { image: "registry.home.example:5000/mirror/k8s_gateway:v0.4.0" } }));
    expect(run.error).toBeUndefined();
    expect(inputAt(only(run.resources, releaseType, "k8s-gateway"), "values.image")).toEqual({
      registry: "registry.home.example:5000",
      repository: "mirror/k8s_gateway",
      tag: "v0.4.0",
    });
  });

  it("rejects external-dns without its provider, naming lab:clusterDns.externalDnsProvider, before registering anything", async () => {
    const run = await runStackExpectingError("phase-01", labConfig({ clusterDns: { provider: "external-dns" } }));
    expect(run.error?.message).toContain("lab:clusterDns.externalDnsProvider");
    expect(run.resources.filter((r) => r.type !== stackType)).toEqual([]);
  });

  it("rejects a negative electricity price, naming lab:pricing.electricityUsdPerKwh, before registering anything", async () => {
    const run = await runStackExpectingError("phase-01", labConfig({ pricing: { electricityUsdPerKwh: -1 } }));
    expect(run.error?.message).toContain("lab:pricing.electricityUsdPerKwh: got -1");
    expect(run.resources.filter((r) => r.type !== stackType)).toEqual([]);
  });

  it("rejects a typo'd key before registering anything", async () => {
    const run = await runStackExpectingError("phase-01", labConfig({ clustr: "hub" }));
    expect(run.error?.message).toContain("lab:clustr: unknown key");
    expect(run.resources.filter((r) => r.type !== stackType)).toEqual([]);
  });

  // Fails today: the image is only checked inside ClusterDns (components/platform/ClusterDns.ts
  // splitImage), after ArgoCd, OpenBao, ... were registered; see the report.
  it("rejects a malformed lab:clusterDns.image before registering anything", async () => {
    const run = await runStackExpectingError("phase-01", labConfig({ clusterDns: { image: "k8s_gateway" } }));
    expect(run.error?.message).toContain("lab:clusterDns.image");
    expect(run.resources.filter((r) => r.type !== stackType).map((r: RecordedResource) => `${r.type} ${r.name}`)).toEqual([]);
  });
});
