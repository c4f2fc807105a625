import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Footprint } from "../../lib/footprint";
import { charts } from "../charts";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../core/podSecurity";
import { containerResources, footprintOf } from "../core/sizing";
import { pinnedRelease } from "../helm/pinnedRelease";
import { serviceConnection } from "../helm/releaseConnection";
import type { MetricsBackendEndpoints, MetricsBackendPlacement } from "./metricsBackends";
import { backendSizes } from "./PrometheusStack";

export type VictoriaMetricsArgs = MetricsBackendPlacement;

/** Single-node VictoriaMetrics: the chart names its Service `<fullname>` and serves the Prometheus API, remote write and /metrics on 8428. */
const fullname = "victoria-metrics";
export const victoriaMetricsService = serviceConnection(fullname, 8428, "phase-03 victoriaMetrics.queryUrl (benchmarks, Grafana)");

/** Values of the victoria-metrics-single release (keys checked by `lab charts check`). */
export function victoriaMetricsValues(args: Omit<VictoriaMetricsArgs, "namespace" | "phase" | "namespaceName">) {
  const size = backendSizes[args.profile];
  return {
    server: {
      fullnameOverride: fullname,
      retentionPeriod: `${args.retentionDays}d`,
      resources: containerResources(size.backend),
      persistentVolume: { enabled: true, storageClassName: args.storageClass, size: `${size.dataGiB}Gi` },
      // The chart's `enabled` switches render each context; the fields are what `restricted` asks.
      podSecurityContext: { enabled: true, ...restrictedPodSecurityContext, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 },
      securityContext: { enabled: true, ...restrictedContainerSecurityContext, readOnlyRootFilesystem: true },
      scrape: { enabled: true, config: { global: { scrape_interval: args.scrapeInterval }, scrape_configs: [...args.scrapeConfigs] } },
    },
  };
}

export function victoriaMetricsEndpoints(namespace: string): MetricsBackendEndpoints {
  const base = `http://${victoriaMetricsService.name}.${namespace}.svc.cluster.local:${victoriaMetricsService.port}`;
  return { name: "victoria-metrics", queryUrl: base, remoteWriteUrl: `${base}/api/v1/write`, selfMetricsUrl: `${base}/metrics` };
}

/** VictoriaMetrics single-node, scraping what Prometheus scrapes, at the same size. */
export class VictoriaMetrics extends pulumi.ComponentResource {
  public readonly release: k8s.helm.v3.Release;
  public readonly endpoints: MetricsBackendEndpoints;
  public readonly footprint: Footprint;

  constructor(name: string, args: VictoriaMetricsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:observability:VictoriaMetrics", name, {}, opts);
    this.release = pinnedRelease("victoria-metrics", { chart: charts.victoriaMetricsSingle, namespace: args.namespace, values: victoriaMetricsValues(args) }, { parent: this });
    this.endpoints = victoriaMetricsEndpoints(args.namespaceName);
    const size = backendSizes[args.profile];
    this.footprint = footprintOf(size.backend, 1, size.dataGiB);
    this.registerOutputs({ queryUrl: this.endpoints.queryUrl });
  }
}
