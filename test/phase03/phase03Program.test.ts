import { checkKubernetesObject, isKubernetesObject } from "../../cli/plan/kubernetesSchemas";
import type { KnownOutputs, RecordedResource } from "../../cli/plan/recordingMocks";
import { serviceLevelObjectiveSchema } from "../../components/observability/serviceLevelObjectives";
import { phase03ContractSchema } from "../../stacks/phases/phase03/contract";
import { deployedLikeState, inputAt, only, runStack, type CollectedRun } from "../helpers/stackRun";

/** phase-03's program under mocks (ladder step 2), with the committed stack config and overrides. */

const releaseType = "kubernetes:helm.sh/v3:Release";
const namespaceType = "kubernetes:core/v1:Namespace";
const sloType = "kubernetes:pyrra.dev/v1alpha1:ServiceLevelObjective";
const runPhase03 = (overrides: Record<string, string> = {}, knownOutputs?: KnownOutputs) => runStack("phase-03", { overrides, knownOutputs });

function ok(run: CollectedRun): readonly RecordedResource[] {
  if (run.error) throw run.error;
  return run.resources;
}

const values = (resources: readonly RecordedResource[], release: string) => inputAt(only(resources, releaseType, release), "values");

/** Every `limits.cpu` in a values tree that is set to something (null deletes a chart default). */
function cpuLimits(value: unknown, at = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => cpuLimits(v, `${at}.${i}`));
  if (value === null || typeof value !== "object") return [];
  const o = value as Record<string, unknown>;
  const here = o.limits && typeof o.limits === "object" && (o.limits as Record<string, unknown>).cpu != null ? [`${at}.limits.cpu`] : [];
  return [...here, ...Object.entries(o).flatMap(([k, v]) => cpuLimits(v, `${at}.${k}`))];
}

describe("phase-03 on kind (committed stack config)", () => {
  let resources: readonly RecordedResource[];
  let run: CollectedRun;
  beforeAll(async () => {
    run = await runPhase03();
    resources = ok(run);
  });

  test("Prometheus and VictoriaMetrics scrape the very same jobs at the same interval", () => {
    const prometheus = values(resources, "kube-prometheus-stack").prometheus.prometheusSpec;
    const victoria = values(resources, "victoria-metrics").server.scrape;
    expect(victoria.enabled).toBe(true);
    expect(prometheus.additionalScrapeConfigs).toEqual(victoria.config.scrape_configs);
    expect(prometheus.scrapeInterval).toBe("30s");
    expect(victoria.config.global.scrape_interval).toBe("30s");
    const jobs = prometheus.additionalScrapeConfigs as Array<{ job_name: string; scrape_interval: string; static_configs?: Array<{ targets: string[] }> }>;
    expect(jobs.map((j) => j.job_name)).toEqual(["apiserver", "kubelet", "cadvisor", "kube-state-metrics", "node-exporter", "metrics-backends", "lab-services"]);
    for (const job of jobs) expect(job.scrape_interval).toBe("30s");
    // Each backend scrapes both backends' own metrics: the self-metrics input is identical too.
    expect(jobs.find((j) => j.job_name === "metrics-backends")?.static_configs).toEqual([
      { targets: ["prometheus-stack-prometheus.lab-observability.svc.cluster.local:9090", "victoria-metrics.lab-observability.svc.cluster.local:8428"] },
    ]);
  });

  test("the chart's own ServiceMonitors and default rules are off, so Prometheus gets no input VictoriaMetrics does not", () => {
    const v = values(resources, "kube-prometheus-stack");
    for (const key of ["kubeApiServer", "kubelet", "kubeControllerManager", "coreDns", "kubeDns", "kubeEtcd", "kubeScheduler", "kubeProxy"]) expect(v[key]).toEqual({ enabled: false });
    expect(v.defaultRules).toEqual({ create: false });
    expect(v["kube-state-metrics"].prometheus.monitor.enabled).toBe(false);
    expect(v["prometheus-node-exporter"].prometheus.monitor.enabled).toBe(false);
    expect(v.prometheus.prometheusSpec.enableRemoteWriteReceiver).toBe(true);
  });

  test("both TSDBs get the same request and volume; no CPU limit anywhere", () => {
    const prometheus = values(resources, "kube-prometheus-stack").prometheus.prometheusSpec;
    const victoria = values(resources, "victoria-metrics").server;
    expect(prometheus.resources).toEqual(victoria.resources);
    expect(prometheus.resources).toEqual({ requests: { cpu: "250m", memory: "768Mi" }, limits: { memory: "1536Mi" } });
    expect(prometheus.storageSpec.volumeClaimTemplate.spec.resources.requests.storage).toBe(victoria.persistentVolume.size);
    for (const r of resources.filter((r) => r.type === releaseType)) expect(cpuLimits(r.inputs.values)).toEqual([]);
  });

  test("the collector remote-writes OTLP metrics to both backends", () => {
    const v = values(resources, "otel-collector");
    expect(v.mode).toBe("deployment");
    expect(v.image).toEqual({ repository: "otel/opentelemetry-collector-contrib", tag: "0.158.0" });
    expect(Object.keys(v.config.exporters)).toEqual(["prometheusremotewrite/prometheus", "prometheusremotewrite/victoria-metrics"]);
    expect(v.config.exporters["prometheusremotewrite/victoria-metrics"].endpoint).toBe("http://victoria-metrics.lab-observability.svc.cluster.local:8428/api/v1/write");
    expect(v.config.service.pipelines.metrics).toEqual({ receivers: ["otlp"], processors: ["memory_limiter", "batch"], exporters: ["prometheusremotewrite/prometheus", "prometheusremotewrite/victoria-metrics"] });
  });

  test("the SLOs are Pyrra resources, valid against the CRD's schema and the lab's own", () => {
    const slos = resources.filter((r) => r.type === sloType);
    expect(slos.map((s) => inputAt(s, "metadata.name"))).toEqual(["apiserver-availability", "apiserver-read-latency", "argocd-sync-success"]);
    for (const slo of slos) {
      expect(checkKubernetesObject(slo)).toMatchObject({ status: "validated-by-crd-schema", violations: [] });
      expect(slo.dependencies).toContain(only(resources, releaseType, "pyrra").urn);
      expect(() => serviceLevelObjectiveSchema.parse({ name: inputAt(slo, "metadata.name"), ...inputAt(slo, "spec") })).not.toThrow();
    }
    expect(values(resources, "pyrra").prometheusUrl).toBe("http://prometheus-stack-prometheus.lab-observability.svc.cluster.local:9090");
  });

  test("Grafana: admin login from a generated Secret, dashboards as ConfigMaps, a VictoriaMetrics datasource", () => {
    const grafana = values(resources, "kube-prometheus-stack").grafana;
    expect(grafana.admin).toEqual({ existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" });
    expect(JSON.stringify(grafana)).not.toMatch(/adminPassword/);
    expect(grafana.additionalDataSources).toEqual([{ name: "VictoriaMetrics", uid: "victoria-metrics", type: "prometheus", access: "proxy", url: "http://victoria-metrics.lab-observability.svc.cluster.local:8428", isDefault: false }]);
    const dashboard = only(resources, "kubernetes:core/v1:ConfigMap", "dashboards-metrics-backends");
    expect(inputAt(dashboard, "metadata.labels.grafana_dashboard")).toBe("1");
    const json = JSON.parse(inputAt(dashboard, "data")["metrics-backends.json"]);
    expect(json.panels.map((p: { title: string }) => p.title)).toEqual(["Samples ingested per second", "Active series", "Bytes on disk"]);
    expect(json.panels[0].targets.map((t: { legendFormat: string }) => t.legendFormat)).toEqual(["prometheus", "victoria-metrics"]);
  });

  test("namespaces: lab-observability enforces restricted; node-exporter alone gets a privileged one", () => {
    const level = (name: string) => inputAt(only(resources, namespaceType, `${name}-ns`), "metadata.labels")["pod-security.kubernetes.io/enforce"];
    expect(level("lab-observability")).toBe("restricted");
    expect(level("lab-node-exporter")).toBe("privileged");
    expect(values(resources, "kube-prometheus-stack")["prometheus-node-exporter"].namespaceOverride).toBe("lab-node-exporter");
  });

  test("the object store moved here: SeaweedFS all-in-one in lab-observability, the buckets from config", () => {
    const release = only(resources, releaseType, "seaweedfs");
    expect(inputAt(release, "namespace")).toBe("lab-observability");
    const v = inputAt(release, "values");
    expect(v.allInOne.s3).toMatchObject({ enabled: true, enableAuth: true, existingConfigSecret: "seaweedfs-s3-config", createBuckets: [{ name: "lab-backups" }] });
    expect(v.s3).toBeUndefined();
    // The chart's default allInOne CPU limit (2 cores) is deleted: null is Helm's way to drop a default.
    expect(v.allInOne.resources.limits).toEqual({ cpu: null, memory: "512Mi" });
    for (const part of [v.allInOne, v.filer]) {
      expect(part.podSecurityContext).toMatchObject({ enabled: true, runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } });
      expect(part.containerSecurityContext).toMatchObject({ enabled: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
    }
  });

  test("every Kubernetes object the lab writes is schema-valid", () => {
    const checks = resources.filter(isKubernetesObject).map(checkKubernetesObject);
    expect(checks.filter((c) => c.violations.length > 0)).toEqual([]);
    expect(checks.filter((c) => c.status === "no-schema")).toEqual([]);
  });

  test("cost: every part of the phase in the run-rate", () => {
    const cost = run.outputs.cost as { monthlyRunRateUsd: number; components: Array<{ name: string; monthly: { total: number } }> };
    expect(cost.components.map((c) => c.name).sort()).toEqual(["objectStore", "otelCollector", "prometheusStack", "pyrra", "seriesGenerator", "victoriaMetrics"]);
    for (const c of cost.components) expect(c.monthly.total).toBeGreaterThan(0);
    expect(cost.monthlyRunRateUsd).toBeCloseTo(cost.components.reduce((s, c) => s + c.monthly.total, 0), 12);
  });
});

describe("phase-03 variants", () => {
  test("with the releases deployed, the whole contract is exported and valid", async () => {
    const run = await runPhase03({}, deployedLikeState);
    ok(run);
    const exported = Object.fromEntries(Object.keys(phase03ContractSchema.shape).map((k) => [k, run.outputs[k]]));
    expect(phase03ContractSchema.parse(exported)).toEqual(exported);
    expect(run.outputs.objectStore).toMatchObject({ endpoint: "http://seaweedfs-all-in-one.lab-observability.svc.cluster.local:8333", buckets: ["lab-backups"] });
  });

  test("VictoriaMetrics alone: no Prometheus, its datasource the default, Pyrra and the collector on it", async () => {
    const run = await runPhase03({ "lab:backends": JSON.stringify(["victoria-metrics"]) });
    const resources = ok(run);
    const stack = values(resources, "kube-prometheus-stack");
    expect(stack.prometheus.enabled).toBe(false);
    expect(stack.grafana.sidecar.datasources.defaultDatasourceEnabled).toBe(false);
    expect(stack.grafana.additionalDataSources[0].isDefault).toBe(true);
    expect(values(resources, "pyrra").prometheusUrl).toBe("http://victoria-metrics.lab-observability.svc.cluster.local:8428");
    expect(Object.keys(values(resources, "otel-collector").config.exporters)).toEqual(["prometheusremotewrite/victoria-metrics"]);
    expect(values(resources, "victoria-metrics").server.scrape.config.scrape_configs.find((j: { job_name: string }) => j.job_name === "metrics-backends").static_configs).toEqual([
      { targets: ["victoria-metrics.lab-observability.svc.cluster.local:8428"] },
    ]);
    expect(Object.keys(run.outputs.backends as object)).toEqual(["victoria-metrics"]);
  });

  test("Prometheus alone: no VictoriaMetrics release", async () => {
    const resources = ok(await runPhase03({ "lab:backends": JSON.stringify(["prometheus"]) }));
    expect(resources.filter((r) => r.type === releaseType).map((r) => r.name).sort()).toEqual(["kube-prometheus-stack", "otel-collector", "pyrra", "seaweedfs"]);
    expect(values(resources, "kube-prometheus-stack").grafana.additionalDataSources).toEqual([]);
  });

  test("the hub: larger TSDBs, the same for both", async () => {
    const resources = ok(await runPhase03({ "lab:cluster": "hub" }));
    expect(values(resources, "kube-prometheus-stack").prometheus.prometheusSpec.resources.requests).toEqual({ cpu: "500m", memory: "2048Mi" });
    expect(values(resources, "victoria-metrics").server.resources.requests).toEqual({ cpu: "500m", memory: "2048Mi" });
    expect(values(resources, "victoria-metrics").server.persistentVolume.size).toBe("50Gi");
  });

  test.each([
    ["an unknown backend", { "lab:backends": JSON.stringify(["prometheus", "thanos"]) }, 'lab:backends.1: got "thanos", expected one of "prometheus", "victoria-metrics"'],
    ["no backend", { "lab:backends": "[]" }, "lab:backends: got [], expected at least 1 item"],
    ["a backend twice", { "lab:backends": JSON.stringify(["prometheus", "prometheus"]) }, 'lab:backends.1: got "prometheus", expected each backend once'],
    ["a scrape interval that is not a duration", { "lab:scrapeInterval": "30sec" }, 'lab:scrapeInterval: got "30sec", expected a duration like 15s or 1m'],
    ["a retention out of range", { "lab:retentionDays": "0" }, "lab:retentionDays: got 0"],
    ["a bad bucket name", { "lab:objectStore": JSON.stringify({ buckets: ["Lab_Backups"] }) }, 'lab:objectStore.buckets.0: got "Lab_Backups"'],
  ])("config error (%s) names the key and registers nothing but the stack", async (_what, overrides, message) => {
    const run = await runPhase03(overrides);
    expect(run.error?.message).toContain(message);
    expect(run.resources.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack"]);
  });
});

describe("what the SLOs read", () => {
  test("Argo CD's controller metrics Service (phase-01) carries the scrape label the lab-services job keeps, on a port name it keeps", async () => {
    const phase01 = ok(await runStack("phase-01"));
    const controller = values(phase01, "argocd").controller.metrics;
    expect(controller).toEqual({ enabled: true, service: { labels: { "lab.platform/scrape": "true" } } });
    const jobs = values(ok(await runPhase03()), "victoria-metrics").server.scrape.config.scrape_configs as Array<{ job_name: string; relabel_configs: Array<{ regex?: string; source_labels: string[] }> }>;
    const labServices = jobs.find((j) => j.job_name === "lab-services")!.relabel_configs;
    expect(labServices[0]).toMatchObject({ source_labels: ["__meta_kubernetes_service_label_lab_platform_scrape"], regex: "true" });
    // The argo-cd chart names the port http-metrics (controller.metrics.service.portName's default).
    expect(new RegExp(`^${labServices[1].regex}$`).test("http-metrics")).toBe(true);
  });
});

describe("serviceLevelObjectiveSchema", () => {
  const slo = { name: "x", description: "d", target: "99.5", window: "28d", indicator: { ratio: { errors: { metric: "e" }, total: { metric: "t" } } } };
  test.each([
    ["a target of 100", { target: "100" }, "target"],
    ["a target that is a number", { target: 99 }, "target"],
    ["a window without a unit", { window: "28" }, "window"],
    ["an indicator of two kinds", { indicator: { ...slo.indicator, latency: { success: { metric: "s" }, total: { metric: "t" } } } }, "indicator"],
  ])("refuses %s", (_what, change, key) => {
    const result = serviceLevelObjectiveSchema.safeParse({ ...slo, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path[0]).toBe(key);
  });
});
