import type { BenchmarkOutcome } from "../../benchmarks/job/outcome";
import type { Comparison } from "../../benchmarks/sweep/comparison";
import type { PodUsage } from "../../benchmarks/usage/podUsage";
import type { TrafficBenchmarks } from "../../stacks/phases/phase04/TrafficManagement";
import { checkKubernetesObject, isKubernetesObject } from "../../cli/plan/kubernetesSchemas";
import type { RecordedResource } from "../../cli/plan/recordingMocks";
import { phase04ContractSchema } from "../../stacks/phases/phase04/contract";
import type { KnownOutputs } from "../../cli/plan/recordingMocks";
import { commandType, configMapType, inputAt, jobType, ofType, only, runStack, type CollectedRun } from "../helpers/stackRun";

/** phase-04's program under mocks (ladder step 2), with the committed stack config and overrides. */

const gatewayApi = "kubernetes:gateway.networking.k8s.io/v1";
const releaseType = "kubernetes:helm.sh/v3:Release";
const envoyProxyType = "kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy";
const gateways = ["envoy-gateway", "traefik", "nginx-gateway-fabric"] as const;
const rates = [250, 500, 1000, 2000];

const runPhase04 = (overrides: Record<string, string> = {}, knownOutputs?: KnownOutputs) => runStack("phase-04", { overrides, knownOutputs });

function ok(run: CollectedRun): readonly RecordedResource[] {
  if (run.error) throw run.error;
  return run.resources;
}

function expectSchemasValid(resources: readonly RecordedResource[]) {
  const checks = resources.filter(isKubernetesObject).map(checkKubernetesObject);
  expect(checks.filter((c) => c.violations.length > 0)).toEqual([]);
  expect(checks.filter((c) => c.status === "no-schema")).toEqual([]);
  return checks;
}

/** Every container of a pod template, and of the chart values' resources blocks, has no CPU limit. */
function cpuLimits(value: unknown, path = ""): string[] {
  if (value === null || typeof value !== "object") return [];
  const found: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (k === "limits" && v && typeof v === "object" && "cpu" in v) found.push(`${path}/limits`);
    found.push(...cpuLimits(v, `${path}/${k}`));
  }
  return found;
}

describe("phase-04 on kind (committed stack config)", () => {
  let run: CollectedRun;
  let resources: readonly RecordedResource[];
  beforeAll(async () => {
    run = await runPhase04();
    resources = ok(run);
  });

  test("the Gateway API CRDs come from one release, standard channel; no gateway chart installs them", () => {
    const crds = only(resources, releaseType, "gateway-api-crds");
    expect(inputAt(crds, "chart")).toBe("oci://docker.io/envoyproxy/gateway-crds-helm");
    expect(inputAt(crds, "values")).toEqual({ crds: { gatewayAPI: { enabled: true, channel: "standard" }, envoyGateway: { enabled: true } } });
    expect(inputAt(only(resources, releaseType, "envoy-gateway"), "values.crds")).toEqual({ enabled: false });
    // Every Gateway API object and every gateway release waits for the CRDs.
    for (const r of [...ofType(resources, `${gatewayApi}:GatewayClass`), only(resources, envoyProxyType, "envoy-gateway-envoyproxy"), ...ofType(resources, releaseType).filter((x) => x.name !== "gateway-api-crds")]) {
      expect({ name: r.name, waits: r.dependencies.includes(crds.urn) }).toEqual({ name: r.name, waits: true });
    }
  });

  test("three GatewayClasses with their controllers; Envoy's points at its EnvoyProxy, NGINX's comes from its chart", () => {
    const envoyClass = only(resources, `${gatewayApi}:GatewayClass`, "envoy-gateway-gatewayclass");
    expect(inputAt(envoyClass, "metadata.name")).toBe("lab-envoy");
    expect(inputAt(envoyClass, "spec")).toEqual({
      controllerName: "gateway.envoyproxy.io/gatewayclass-controller",
      parametersRef: { group: "gateway.envoyproxy.io", kind: "EnvoyProxy", name: "lab-envoy", namespace: "envoy-gateway-system" },
    });
    expect(inputAt(only(resources, `${gatewayApi}:GatewayClass`, "traefik-gatewayclass"), "spec")).toEqual({ controllerName: "traefik.io/gateway-controller" });
    expect(inputAt(only(resources, releaseType, "nginx-gateway"), "values.nginxGateway.gatewayClassName")).toBe("lab-nginx");
    // Traefik's chart must not add its own class and Gateway beside the lab's.
    expect(inputAt(only(resources, releaseType, "traefik"), "values")).toMatchObject({ gateway: { enabled: false }, gatewayClass: { enabled: false } });
  });

  test.each([
    ["envoy-gateway", "lab-envoy", "envoy-gateway-system", 80],
    ["traefik", "lab-traefik", "traefik", 8000],
    ["nginx-gateway-fabric", "lab-nginx", "nginx-gateway", 80],
  ])("%s: a Gateway of class %s in %s (listener port %d) and an HTTPRoute beside the backend", (name, gatewayClass, namespace, port) => {
    const gateway = only(resources, `${gatewayApi}:Gateway`, `${name}-routed-gateway`);
    expect(inputAt(gateway, "metadata.namespace")).toBe(namespace);
    expect(inputAt(gateway, "spec.gatewayClassName")).toBe(gatewayClass);
    expect(inputAt(gateway, "spec.listeners")).toEqual([
      {
        name: "http",
        protocol: "HTTP",
        port,
        allowedRoutes: { kinds: [{ kind: "HTTPRoute" }], namespaces: { from: "Selector", selector: { matchLabels: { "kubernetes.io/metadata.name": "lab-traffic" } } } },
      },
    ]);
    const route = only(resources, `${gatewayApi}:HTTPRoute`, `${name}-routed-route`);
    expect(inputAt(route, "metadata.namespace")).toBe("lab-traffic");
    expect(inputAt(route, "spec.parentRefs")).toEqual([{ name: inputAt(gateway, "metadata.name"), namespace, sectionName: "http" }]);
    expect(inputAt(route, "spec.rules.0.backendRefs")).toEqual([{ name: "echo", port: 80 }]);
    // The Programmed check reads the Gateway and route by name, after both exist.
    const check = only(resources, commandType, `${name}-routed-programmed`);
    expect(check.dependencies).toEqual(expect.arrayContaining([gateway.urn, route.urn]));
    expect(inputAt(check, "environment")).toMatchObject({ GATEWAY_NAMESPACE: namespace, GATEWAY_NAME: inputAt(gateway, "metadata.name"), ROUTE_NAMESPACE: "lab-traffic" });
    expect(inputAt(check, "create")).toContain("--for=condition=Programmed --timeout=");
  });

  test("kind: every gateway's Service is ClusterIP (reached in-cluster)", () => {
    expect(inputAt(only(resources, envoyProxyType, "envoy-gateway-envoyproxy"), "spec.provider.kubernetes.envoyService")).toEqual({ name: "lab-envoy", type: "ClusterIP" });
    expect(inputAt(only(resources, releaseType, "traefik"), "values.service")).toEqual({ spec: { type: "ClusterIP" } });
    expect(inputAt(only(resources, releaseType, "nginx-gateway"), "values.nginx.service")).toEqual({ type: "ClusterIP" });
  });

  test("the backend: pinned image, fixed replicas and requests, a readiness probe, Pod Security restricted", () => {
    const ns = only(resources, "kubernetes:core/v1:Namespace", "lab-traffic-ns");
    expect(inputAt(ns, "metadata.labels")["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    const deployment = only(resources, "kubernetes:apps/v1:Deployment", "echo-deployment");
    expect(inputAt(deployment, "spec.replicas")).toBe(2);
    const pod = inputAt(deployment, "spec.template.spec");
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    const container = pod.containers[0];
    expect(container.image).toBe("hashicorp/http-echo:1.0.0");
    expect(container.resources).toEqual({ requests: { cpu: "100m", memory: "32Mi" }, limits: { memory: "64Mi" } });
    expect(container.readinessProbe.httpGet).toEqual({ path: "/", port: "http" });
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
    expect(inputAt(only(resources, "kubernetes:core/v1:Service", "echo-service"), "spec.ports")).toEqual([{ name: "http", port: 80, targetPort: "http" }]);
  });

  test("no CPU limit anywhere: not on the lab's pods, not in any chart's values, not in the EnvoyProxy", () => {
    const found = resources.flatMap((r) => cpuLimits(r.inputs).map((p) => `${r.name}${p}`));
    expect(found).toEqual([]);
  });

  test("k6 steps run one at a time: the baseline's sweep, then each gateway's, each Job waiting for the one before", () => {
    const order = ["baseline", ...gateways].flatMap((label) => rates.map((rate) => `k6-${label}-${rate}`));
    const jobs = order.map((name) => only(resources, jobType, name));
    // The first step waits for the backend and every Gateway to be ready.
    expect(jobs[0].dependencies).toEqual(
      expect.arrayContaining([only(resources, "kubernetes:apps/v1:Deployment", "echo-deployment").urn, ...gateways.map((g) => only(resources, commandType, `${g}-routed-programmed`).urn)]),
    );
    for (let i = 1; i < jobs.length; i++) expect({ job: order[i], waitsFor: jobs[i].dependencies.includes(jobs[i - 1].urn) }).toEqual({ job: order[i], waitsFor: true });
    // Names carry the run id: a new run id runs the sweep again.
    expect(jobs.map((j) => inputAt(j, "metadata.name"))).toEqual(order.map((n) => `${n}-1`));
    for (const job of jobs) expect(inputAt(job, "spec.template.spec.containers.0.resources")).toEqual({ requests: { cpu: "1000m", memory: "256Mi" }, limits: { memory: "512Mi" } });
  });

  test("the baseline loads the backend Service, each gateway its own Service, at the step's rate, with the SLO as thresholds", () => {
    const script = (name: string) => String(inputAt(only(resources, configMapType, `${name}-scripts`), "data")["script.js"]);
    expect(script("k6-baseline-250")).toContain('"url":"http://echo.lab-traffic.svc.cluster.local:80/"');
    expect(script("k6-envoy-gateway-500")).toContain('"url":"http://lab-envoy.envoy-gateway-system.svc.cluster.local:80/"');
    expect(script("k6-traefik-1000")).toContain('"url":"http://traefik.traefik.svc.cluster.local:80/"');
    expect(script("k6-nginx-gateway-fabric-2000")).toContain('"url":"http://nginx-lab-nginx.nginx-gateway.svc.cluster.local:80/"');
    const options = JSON.parse(/export const options = (\{[\s\S]*?\n\});/.exec(script("k6-traefik-1000"))![1]);
    expect(options.scenarios.measure).toMatchObject({ executor: "constant-arrival-rate", rate: 1000, duration: "30s", startTime: "10s" });
    expect(options.scenarios.warmup).toMatchObject({ executor: "constant-arrival-rate", rate: 1000, duration: "10s" });
    expect(options.thresholds["http_req_duration{scenario:measure}"]).toEqual(["p(99)<100"]);
    expect(options.thresholds["http_req_failed{scenario:measure}"]).toEqual(["rate<0.01"]);
  });

  test("each gateway step's pods are sampled beside its Job, never after it (the sampler must see the load)", () => {
    for (const g of gateways) {
      for (const [i, rate] of rates.entries()) {
        const sampler = only(resources, commandType, `usage-${g}-${rate}-sampler`);
        const job = only(resources, jobType, `k6-${g}-${rate}`);
        expect(sampler.dependencies).not.toContain(job.urn);
        // It starts with its Job: both wait for the same step before them.
        const before = i === 0 ? only(resources, jobType, `k6-${g === "envoy-gateway" ? "baseline" : gateways[gateways.indexOf(g) - 1]}-2000`) : only(resources, jobType, `k6-${g}-${rates[i - 1]}`);
        expect(sampler.dependencies).toContain(before.urn);
        expect(job.dependencies).toContain(before.urn);
        expect(inputAt(sampler, "environment")).toMatchObject({ JOB_NAMESPACE: "lab-traffic", JOB_NAME: `k6-${g}-${rate}-1`, TARGET_NAMESPACE: inputAt(only(resources, `${gatewayApi}:Gateway`, `${g}-routed-gateway`), "metadata.namespace") });
      }
    }
    expect(ofType(resources, commandType).filter((c) => c.name.startsWith("usage-baseline"))).toEqual([]);
  });

  test("every Kubernetes object passes its schema: Gateway API objects by their models, EnvoyProxy by its CRD schema", () => {
    const checks = expectSchemasValid(resources);
    for (const kind of ["GatewayClass", "Gateway", "HTTPRoute"]) expect(checks.filter((c) => c.kind === kind).map((c) => c.status)).toContainEqual("validated");
    expect(checks.filter((c) => c.kind === "EnvoyProxy").map((c) => c.status)).toEqual(["validated-by-crd-schema"]);
    for (const r of resources.filter((x) => x.custom && x.type.startsWith("kubernetes:"))) {
      expect({ name: r.name, provider: r.provider }).toEqual({ name: r.name, provider: expect.stringContaining("pulumi:providers:kubernetes::cluster::") });
    }
  });

  test("a Gateway or EnvoyProxy with a wrong field is caught by the schema check", () => {
    const gateway = only(resources, `${gatewayApi}:Gateway`, "traefik-routed-gateway");
    const spec = gateway.inputs.spec as { listeners: object[] };
    const badPort = { ...gateway, inputs: { ...gateway.inputs, spec: { ...spec, listeners: [{ ...spec.listeners[0], port: "8000" }] } } };
    expect(checkKubernetesObject(badPort).violations.join("\n")).toContain("/spec/listeners/0/port");
    const proxy = only(resources, envoyProxyType, "envoy-gateway-envoyproxy");
    const misspelt = { ...proxy, inputs: { ...proxy.inputs, spec: { provider: { type: "Kubernetes", kubernetes: { envoyService: { nmae: "lab-envoy" } } } } } };
    expect(checkKubernetesObject(misspelt).violations.join("\n")).toContain("nmae");
  });

  test("outputs at preview: the contract (gateways' classes and Services), the cost run-rate; results and status unknown", () => {
    const contract = phase04ContractSchema.parse({ namespace: run.outputs.namespace, backend: run.outputs.backend, gateways: run.outputs.gateways, activeGateway: run.outputs.activeGateway });
    expect(Object.keys(contract.gateways).sort()).toEqual([...gateways].sort());
    expect(contract.gateways.traefik).toEqual({
      gatewayClass: "lab-traefik",
      gateway: "traefik/traefik",
      serviceHost: "traefik.traefik.svc.cluster.local",
      servicePort: 80,
      url: "http://traefik.traefik.svc.cluster.local:80/",
      serviceType: "ClusterIP",
    });
    expect(run.outputs).not.toHaveProperty("benchmarks");
    expect(run.outputs).not.toHaveProperty("comparison");
    const cost = run.outputs.cost as { monthlyRunRateUsd: number; components: Array<{ name: string; footprint: { cpuMillicores: number } }> };
    expect(cost.monthlyRunRateUsd).toBeGreaterThan(0);
    expect(Object.fromEntries(cost.components.map((c) => [c.name, c.footprint.cpuMillicores]))).toEqual({
      echoBackend: 200,
      "envoy-gateway": 300,
      traefik: 250,
      "nginx-gateway-fabric": 300,
    });
    expect(cost).not.toHaveProperty("benchmarks");
  });
});

describe("phase-04 once deployed (mocked reads)", () => {
  const outcome = (rate: number, p99: number): BenchmarkOutcome => ({
    status: "passed",
    result: {
      tool: "k6",
      toolVersion: "k6 v1.8.1",
      target: "x",
      scenario: "constant-arrival-rate",
      startTime: "2026-11-25T10:00:00.000Z",
      durationSeconds: 30,
      count: rate * 30,
      rate,
      errors: 0,
      dropped: 0,
      latencyMs: { avg: 1, stddev: null, p50: 0.8, p90: 1.5, p95: 2, p99, max: 20 },
      thresholds: [],
    },
  });
  // Envoy used 800m and 100 MiB at 2000 req/s: more CPU than its 300m of requests, less memory than its 256 MiB.
  const usage: PodUsage = { source: "cadvisor", namespace: "envoy-gateway-system", samples: 15, windowSeconds: 30, cpuMillicores: 800, memoryMiB: 100, pods: ["envoy-x", "envoy-gateway-y"] };
  const answer: KnownOutputs = (args) => {
    const m = /^k6-(.+)-(\d+)-result$/.exec(args.name);
    if (args.type === commandType && m) return { ...args.inputs, stdout: JSON.stringify(outcome(Number(m[2]), m[1] === "baseline" ? 2 : 3)) };
    if (args.type === commandType && /^usage-.*-sampler$/.test(args.name)) return { ...args.inputs, stdout: JSON.stringify(usage) };
    if (args.type === commandType && /-routed-programmed$/.test(args.name)) return { ...args.inputs, stdout: "10.96.0.7" };
    return undefined;
  };

  test("gateways carry their status and addresses; every step its result with $ per million requests from max(request, usage)", async () => {
    const run = await runPhase04({ "lab:gateways": JSON.stringify(["envoy-gateway"]) }, answer);
    ok(run);
    expect((run.outputs.gateways as Record<string, unknown>)["envoy-gateway"]).toMatchObject({ status: "Programmed", addresses: ["10.96.0.7"] });
    const benchmarks = run.outputs.benchmarks as TrafficBenchmarks;
    expect(benchmarks.baseline.steps.map((s) => s.offeredPerSecond)).toEqual(rates);
    const report = benchmarks.gateways["envoy-gateway"]!.steps[3];
    expect(report.gatewayUsage).toEqual(usage);
    expect(report.status).toBe("passed");
    const cost = report.step!.cost!;
    // Allocated: max(300m, 800m) CPU and max(256, 100) MiB, priced by the laptop profile over 30 s.
    const prices = (run.outputs.cost as { prices: { active: { cpuPerVcpuHour: { amount: number }; memoryPerGibHour: { amount: number } } } }).prices.active;
    const hourly = 0.8 * prices.cpuPerVcpuHour.amount + (256 / 1024) * prices.memoryPerGibHour.amount;
    expect(cost.servingUsd.value).toBeCloseTo((hourly * 30) / 3600, 12);
    expect(cost.perMillionRequests.value).toBeCloseTo((cost.servingUsd.value! / 60_000) * 1e6, 12);
    expect(report.step!.saturation).toEqual({ status: "ok", reasons: [] });
    // The baseline is priced by the backend's requests (no usage sampled).
    expect(benchmarks.baseline.steps[0]).not.toHaveProperty("gatewayUsage");
    // The comparison: p99 3 ms through Envoy against 2 ms direct at every step; every step held the default SLO (p99 ≤ 100 ms).
    const comparison = run.outputs.comparison as Comparison & { missing: string[] };
    expect(comparison.targets).toEqual(["baseline", "envoy-gateway"]);
    expect(comparison.addedLatencyMs["envoy-gateway"].map((a) => a.p99Ms)).toEqual([1, 1, 1, 1]);
    expect(comparison.limits["envoy-gateway"]).toMatchObject({ highestHoldingPerSecond: 2000, boundedBy: "sweep-end" });
    const costRow = comparison.rows.find((r) => r.figure === "costPerMillionRequestsUsd" && r.offeredPerSecond === 2000)!;
    expect(costRow.values["envoy-gateway"]).toBeCloseTo(cost.perMillionRequests.value!, 15);
    expect(comparison.missing).toEqual([]);
    const blockCost = (run.outputs.cost as { benchmarks: Record<string, { cost: Record<string, { value: number | null }> }> }).benchmarks;
    expect(Object.keys(blockCost).sort()).toEqual([...rates.map((r) => `baseline-${r}`), ...rates.map((r) => `envoy-gateway-${r}`)].sort());
  });
});

describe("phase-04 variants", () => {
  test("hub: only the active gateway gets a LoadBalancer (MetalLB); by default the first one", async () => {
    const resources = ok(await runPhase04({ "lab:cluster": "hub" }));
    expect(inputAt(only(resources, envoyProxyType, "envoy-gateway-envoyproxy"), "spec.provider.kubernetes.envoyService.type")).toBe("LoadBalancer");
    expect(inputAt(only(resources, releaseType, "traefik"), "values.service.spec.type")).toBe("ClusterIP");
    expect(inputAt(only(resources, releaseType, "nginx-gateway"), "values.nginx.service.type")).toBe("ClusterIP");
    // Hub sizing: bigger data planes.
    expect(inputAt(only(resources, releaseType, "traefik"), "values.resources.requests")).toEqual({ cpu: "500m", memory: "256Mi" });
    expectSchemasValid(resources);
  });

  test("hub with lab:activeGateway traefik: Traefik's Service is the LoadBalancer, Envoy's stays ClusterIP", async () => {
    const run = await runPhase04({ "lab:cluster": "hub", "lab:activeGateway": "traefik" });
    const resources = ok(run);
    expect(inputAt(only(resources, releaseType, "traefik"), "values.service.spec.type")).toBe("LoadBalancer");
    expect(inputAt(only(resources, envoyProxyType, "envoy-gateway-envoyproxy"), "spec.provider.kubernetes.envoyService.type")).toBe("ClusterIP");
    expect(run.outputs.activeGateway).toBe("traefik");
  });

  test("a subset: only Traefik is deployed and measured; Envoy Gateway's CRDs are not installed", async () => {
    const run = await runPhase04({ "lab:gateways": JSON.stringify(["traefik"]), "lab:benchmark": JSON.stringify({ sweep: { stepsPerSecond: [100, 300] }, runId: "2" }) });
    const resources = ok(run);
    expect(ofType(resources, `${gatewayApi}:Gateway`).map((r) => r.name)).toEqual(["traefik-routed-gateway"]);
    expect(ofType(resources, releaseType).map((r) => r.name).sort()).toEqual(["gateway-api-crds", "traefik"]);
    expect(inputAt(only(resources, releaseType, "gateway-api-crds"), "values.crds.envoyGateway.enabled")).toBe(false);
    expect(ofType(resources, jobType).map((r) => inputAt(r, "metadata.name"))).toEqual(["k6-baseline-100-2", "k6-baseline-300-2", "k6-traefik-100-2", "k6-traefik-300-2"]);
    expect(Object.keys(run.outputs.gateways as object)).toEqual(["traefik"]);
  });

  test.each([
    ["an unknown gateway", { "lab:gateways": JSON.stringify(["traefik", "haproxy"]) }, 'lab:gateways.1: got "haproxy", expected one of "envoy-gateway", "traefik", "nginx-gateway-fabric"'],
    ["an empty set", { "lab:gateways": "[]" }, "lab:gateways: got [], expected at least 1 item"],
    ["a gateway twice", { "lab:gateways": JSON.stringify(["traefik", "traefik"]) }, "lab:gateways.1: got \"traefik\", expected each gateway once"],
    ["a sweep that does not increase", { "lab:benchmark": JSON.stringify({ sweep: { stepsPerSecond: [500, 250] } }) }, "lab:benchmark.sweep.stepsPerSecond.1: got 250, expected > 500 (the step before it): steps must strictly increase"],
    ["an SLO that is not a number", { "lab:benchmark": JSON.stringify({ slo: { p99Ms: "fast" } }) }, 'lab:benchmark.slo.p99Ms: got "fast", expected a number'],
    ["an error ratio above 1", { "lab:benchmark": JSON.stringify({ slo: { errorRatio: 5 } }) }, "lab:benchmark.slo.errorRatio: got 5, expected ≤ 1"],
    ["an unknown key", { "lab:benchmark": JSON.stringify({ rate: 100 }) }, "lab:benchmark.rate"],
    ["an active gateway not deployed", { "lab:gateways": JSON.stringify(["traefik"]), "lab:activeGateway": "envoy-gateway" }, "lab:activeGateway: got \"envoy-gateway\", expected one of the deployed gateways (traefik)"],
    ["a bad run id", { "lab:benchmark": JSON.stringify({ runId: "Run 1" }) }, 'lab:benchmark.runId: got "Run 1"'],
  ])("config error (%s) names the key and registers nothing but the stack", async (_what, overrides, message) => {
    const run = await runPhase04(overrides);
    expect(run.error?.message).toContain(message);
    expect(run.resources.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack"]);
  });
});
