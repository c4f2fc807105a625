import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { labLabels } from "../core/labels";
import type { MetricsBackendName } from "./metricsBackends";

/** Grafana's datasource uids the lab provisions: the chart's default Prometheus one and the lab's VictoriaMetrics one. */
export const datasourceUids: Record<MetricsBackendName, string> = { prometheus: "prometheus", "victoria-metrics": "victoria-metrics" };

/**
 * What each backend says about its own ingestion, in its own metric names: the panels put the two
 * side by side on the same axes (both backends scrape both, so either datasource shows both).
 */
const ingestionQueries: Record<MetricsBackendName, { samplesPerSecond: string; activeSeries: string; diskBytes: string }> = {
  prometheus: {
    samplesPerSecond: "rate(prometheus_tsdb_head_samples_appended_total[5m])",
    activeSeries: "prometheus_tsdb_head_series",
    diskBytes: "prometheus_tsdb_storage_blocks_bytes + prometheus_tsdb_wal_storage_size_bytes",
  },
  "victoria-metrics": {
    samplesPerSecond: "sum(rate(vm_rows_added_to_storage_total[5m]))",
    activeSeries: 'vm_cache_entries{type="storage/hour_metric_ids"}',
    diskBytes: "sum(vm_data_size_bytes)",
  },
};

type Figure = keyof (typeof ingestionQueries)["prometheus"];
const figureTitles: Record<Figure, { title: string; unit: string }> = {
  samplesPerSecond: { title: "Samples ingested per second", unit: "short" },
  activeSeries: { title: "Active series", unit: "short" },
  diskBytes: { title: "Bytes on disk", unit: "bytes" },
};

/** The metrics-backends dashboard: one time-series panel per figure, one query per deployed backend. */
export function metricsBackendsDashboard(backends: readonly MetricsBackendName[]) {
  const queryDatasource = { type: "prometheus", uid: datasourceUids[backends[0]] };
  const panels = (Object.keys(figureTitles) as Figure[]).map((figure, i) => ({
    id: i + 1,
    type: "timeseries",
    title: figureTitles[figure].title,
    datasource: queryDatasource,
    gridPos: { x: (i % 2) * 12, y: Math.floor(i / 2) * 8, w: 12, h: 8 },
    fieldConfig: { defaults: { unit: figureTitles[figure].unit }, overrides: [] },
    targets: backends.map((b, j) => ({ refId: String.fromCharCode(65 + j), datasource: queryDatasource, expr: ingestionQueries[b][figure], legendFormat: b })),
  }));
  return { uid: "lab-metrics-backends", title: "platform-lab: metrics backends", schemaVersion: 39, time: { from: "now-1h", to: "now" }, tags: ["platform-lab", "phase-03"], panels };
}

export interface GrafanaDashboardsArgs {
  readonly phase: string;
  readonly namespace: pulumi.Input<string>;
  readonly backends: readonly MetricsBackendName[];
}

/** Dashboards as code: ConfigMaps Grafana's sidecar loads (label grafana_dashboard=1). */
export class GrafanaDashboards extends pulumi.ComponentResource {
  public readonly dashboardUids: string[];

  constructor(name: string, args: GrafanaDashboardsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:observability:GrafanaDashboards", name, {}, opts);
    const dashboard = metricsBackendsDashboard(args.backends);
    new k8s.core.v1.ConfigMap(
      `${name}-metrics-backends`,
      {
        metadata: { name: "dashboard-metrics-backends", namespace: args.namespace, labels: { ...labLabels(args.phase, "grafana"), grafana_dashboard: "1" } },
        data: { "metrics-backends.json": JSON.stringify(dashboard) },
      },
      { parent: this },
    );
    this.dashboardUids = [dashboard.uid];
    this.registerOutputs({});
  }
}
