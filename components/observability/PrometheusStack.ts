import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { addFootprints, type Footprint } from "../../lib/footprint";
import { charts } from "../charts";
import { labLabels } from "../core/labels";
import { labNamespace } from "../core/LabNamespace";
import { containerResources, footprintOf, type ContainerSize, type SizedByProfile } from "../core/sizing";
import { pinnedRelease } from "../helm/pinnedRelease";
import { serviceConnection } from "../helm/releaseConnection";
import type { MetricsBackendEndpoints, MetricsBackendPlacement } from "./metricsBackends";

export interface PrometheusStackArgs extends MetricsBackendPlacement {
  /** Deploy Prometheus itself; false keeps the operator, Grafana and the exporters (VictoriaMetrics alone). */
  readonly prometheus: boolean;
  /** Extra Grafana datasources (VictoriaMetrics), in Grafana's provisioning format. */
  readonly extraDatasources: readonly Record<string, unknown>[];
}

type Part = "prometheus" | "operator" | "alertmanager" | "kubeStateMetrics" | "nodeExporter" | "grafana";
/** Prometheus and VictoriaMetrics get the same request (victoriaMetrics.ts): the comparison is at equal size. */
export const backendSizes: SizedByProfile<{ backend: ContainerSize; dataGiB: number }> = {
  laptop: { backend: { cpuMillicores: 250, memoryMiB: 768 }, dataGiB: 10 },
  hub: { backend: { cpuMillicores: 500, memoryMiB: 2048 }, dataGiB: 50 },
};
const sizes: SizedByProfile<Record<Exclude<Part, "prometheus">, ContainerSize>> = {
  laptop: {
    operator: { cpuMillicores: 50, memoryMiB: 96 },
    alertmanager: { cpuMillicores: 25, memoryMiB: 64 },
    kubeStateMetrics: { cpuMillicores: 25, memoryMiB: 64 },
    nodeExporter: { cpuMillicores: 25, memoryMiB: 32 },
    grafana: { cpuMillicores: 50, memoryMiB: 192 },
  },
  hub: {
    operator: { cpuMillicores: 100, memoryMiB: 128 },
    alertmanager: { cpuMillicores: 50, memoryMiB: 128 },
    kubeStateMetrics: { cpuMillicores: 50, memoryMiB: 128 },
    nodeExporter: { cpuMillicores: 50, memoryMiB: 64 },
    grafana: { cpuMillicores: 100, memoryMiB: 256 },
  },
};

/** The release's full name: every Service name below is derived from it by the chart. */
const fullname = "prometheus-stack";
/** The Prometheus Service the query benchmark, Pyrra and Grafana dial. */
export const prometheusService = serviceConnection(`${fullname}-prometheus`, 9090, "phase-03 prometheus.queryUrl (benchmarks, Pyrra, Grafana)");
export const grafanaService = serviceConnection("grafana", 80, "phase-03 output grafanaUrl");
export const kubeStateMetricsService = serviceConnection("kube-state-metrics", 8080, "the kube-state-metrics scrape job");
export const nodeExporterService = serviceConnection("node-exporter", 9100, "the node-exporter scrape job");
/** node-exporter needs the host's network, PID namespace and root filesystem: its own namespace is privileged, nothing else runs there. */
export const nodeExporterNamespace = "lab-node-exporter";
/** The Secret holding Grafana's admin login (generated; never in values or outputs). */
export const grafanaAdminSecret = { name: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" } as const;

/** Values of the kube-prometheus-stack release (keys checked by `lab charts check`). */
export function prometheusStackValues(args: Omit<PrometheusStackArgs, "namespace" | "phase">) {
  const size = sizes[args.profile];
  const backend = backendSizes[args.profile];
  // The chart's own ServiceMonitors would give Prometheus input VictoriaMetrics does not get: the lab's scrape jobs replace them.
  const noServiceMonitor = { enabled: false };
  return {
    fullnameOverride: fullname,
    crds: { enabled: true },
    // The default rules assume the chart's job names; Pyrra's SLO rules are the lab's alerting.
    defaultRules: { create: false },
    kubeApiServer: noServiceMonitor,
    kubelet: noServiceMonitor,
    kubeControllerManager: noServiceMonitor,
    coreDns: noServiceMonitor,
    kubeDns: noServiceMonitor,
    kubeEtcd: noServiceMonitor,
    kubeScheduler: noServiceMonitor,
    kubeProxy: noServiceMonitor,
    windowsMonitoring: { enabled: false },
    kubeStateMetrics: { enabled: true },
    "kube-state-metrics": { fullnameOverride: kubeStateMetricsService.name, prometheus: { monitor: { enabled: false } }, resources: containerResources(size.kubeStateMetrics) },
    nodeExporter: { enabled: true },
    "prometheus-node-exporter": {
      fullnameOverride: nodeExporterService.name,
      namespaceOverride: nodeExporterNamespace,
      prometheus: { monitor: { enabled: false } },
      resources: containerResources(size.nodeExporter),
    },
    prometheusOperator: { resources: containerResources(size.operator), serviceMonitor: { selfMonitor: false } },
    alertmanager: { serviceMonitor: { selfMonitor: false }, alertmanagerSpec: { replicas: 1, resources: containerResources(size.alertmanager) } },
    grafana: {
      enabled: true,
      fullnameOverride: grafanaService.name,
      admin: { existingSecret: grafanaAdminSecret.name, userKey: grafanaAdminSecret.userKey, passwordKey: grafanaAdminSecret.passwordKey },
      resources: containerResources(size.grafana),
      serviceMonitor: { enabled: false },
      testFramework: { enabled: false },
      // Dashboards as code: ConfigMaps with this label, in any namespace (GrafanaDashboards.ts).
      sidecar: {
        dashboards: { enabled: true, label: "grafana_dashboard", labelValue: "1", searchNamespace: "ALL" },
        // Without Prometheus the chart's default datasource would point at nothing.
        datasources: { defaultDatasourceEnabled: args.prometheus },
      },
      additionalDataSources: [...args.extraDatasources],
    },
    prometheus: {
      enabled: args.prometheus,
      serviceMonitor: { selfMonitor: false },
      prometheusSpec: {
        replicas: 1,
        scrapeInterval: args.scrapeInterval,
        evaluationInterval: args.scrapeInterval,
        retention: `${args.retentionDays}d`,
        // The OTel Collector writes here; Pyrra's recording rules are PrometheusRules without the release label.
        enableRemoteWriteReceiver: true,
        ruleSelectorNilUsesHelmValues: false,
        additionalScrapeConfigs: [...args.scrapeConfigs],
        resources: containerResources(backend.backend),
        storageSpec: {
          volumeClaimTemplate: {
            spec: { storageClassName: args.storageClass, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: `${backend.dataGiB}Gi` } } },
          },
        },
      },
    },
  };
}

/** The endpoints of the Prometheus the chart deploys in `namespace`. */
export function prometheusEndpoints(namespace: string): MetricsBackendEndpoints {
  const base = `http://${prometheusService.name}.${namespace}.svc.cluster.local:${prometheusService.port}`;
  return { name: "prometheus", queryUrl: base, remoteWriteUrl: `${base}/api/v1/write`, selfMetricsUrl: `${base}/metrics` };
}

/**
 * kube-prometheus-stack: the Prometheus Operator, Prometheus (scraping the lab's jobs only),
 * Alertmanager, kube-state-metrics, node-exporter and Grafana with dashboards and datasources as code.
 */
export class PrometheusStack extends pulumi.ComponentResource {
  public readonly release: k8s.helm.v3.Release;
  /** Absent when Prometheus itself is switched off. */
  public readonly endpoints?: MetricsBackendEndpoints;
  public readonly grafanaUrl: string;
  public readonly footprint: Footprint;
  /** Prometheus alone: what the ingestion and query figures are priced by. */
  public readonly prometheusFootprint?: Footprint;

  constructor(name: string, args: PrometheusStackArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:observability:PrometheusStack", name, {}, opts);
    const size = sizes[args.profile];
    const labels = labLabels(args.phase, "grafana");
    const exporterNamespace = labNamespace(nodeExporterNamespace, { phase: args.phase, component: "node-exporter", podSecurity: "privileged" }, { parent: this });
    const password = new random.RandomPassword(`${name}-grafana-admin`, { length: 24, special: false }, { parent: this });
    const admin = new k8s.core.v1.Secret(
      `${name}-grafana-admin`,
      { metadata: { name: grafanaAdminSecret.name, namespace: args.namespace, labels }, stringData: { [grafanaAdminSecret.userKey]: "admin", [grafanaAdminSecret.passwordKey]: password.result } },
      { parent: this },
    );
    this.release = pinnedRelease(
      "kube-prometheus-stack",
      { chart: charts.kubePrometheusStack, namespace: args.namespace, values: prometheusStackValues(args) },
      { parent: this, dependsOn: [admin, exporterNamespace] },
    );
    this.endpoints = args.prometheus ? prometheusEndpoints(args.namespaceName) : undefined;
    this.grafanaUrl = `http://${grafanaService.name}.${args.namespaceName}.svc.cluster.local`;
    const backend = backendSizes[args.profile];
    this.prometheusFootprint = args.prometheus ? footprintOf(backend.backend, 1, backend.dataGiB) : undefined;
    // node-exporter runs on every node; the footprint counts one (kind has one node, the hub's count is not known here).
    this.footprint = addFootprints(
      ...(this.prometheusFootprint ? [this.prometheusFootprint] : []),
      footprintOf(size.operator),
      footprintOf(size.alertmanager),
      footprintOf(size.kubeStateMetrics),
      footprintOf(size.nodeExporter),
      footprintOf(size.grafana),
    );
    this.registerOutputs({ grafanaUrl: this.grafanaUrl });
  }
}
