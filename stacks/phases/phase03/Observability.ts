import * as pulumi from "@pulumi/pulumi";
import { labNamespace } from "../../../components/core/LabNamespace";
import { S3ObjectStore } from "../../../components/data/S3ObjectStore";
import { datasourceUids, GrafanaDashboards } from "../../../components/observability/GrafanaDashboards";
import type { MetricsBackendEndpoints, MetricsBackendName } from "../../../components/observability/metricsBackends";
import { OtelCollector } from "../../../components/observability/OtelCollector";
import { kubeStateMetricsService, nodeExporterNamespace, nodeExporterService, prometheusEndpoints, PrometheusStack } from "../../../components/observability/PrometheusStack";
import { Pyrra } from "../../../components/observability/Pyrra";
import { labScrapeConfigs } from "../../../components/observability/scrapeConfigs";
import { platformServiceLevelObjectives } from "../../../components/observability/serviceLevelObjectives";
import { VictoriaMetrics, victoriaMetricsEndpoints } from "../../../components/observability/VictoriaMetrics";
import type { Footprint } from "../../../lib/footprint";
import type { SizingProfile } from "../../../lib/profileNames";
import type { Phase03Config } from "./config";

export interface ObservabilityArgs {
  readonly phase: string;
  readonly profile: SizingProfile;
  readonly storageClass: string;
  readonly config: Phase03Config;
}

const namespaceName = "lab-observability";

/** `host:port` of a backend's own /metrics, for the scrape job every backend runs. */
function selfMetricsTarget(endpoints: MetricsBackendEndpoints): string {
  return new URL(endpoints.selfMetricsUrl).host;
}

/**
 * Phase 03: Prometheus (kube-prometheus-stack) and VictoriaMetrics scraping the same jobs, the
 * OpenTelemetry Collector in front of both, Pyrra SLOs, Grafana dashboards as code, and the lab's
 * S3-compatible object store. Logs and traces backends come later: the collector's traces and logs
 * pipelines are where they plug in.
 */
export class Observability extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  public readonly backends: Partial<Record<MetricsBackendName, MetricsBackendEndpoints>>;
  public readonly stack: PrometheusStack;
  public readonly collector: OtelCollector;
  public readonly pyrra: Pyrra;
  public readonly objectStore: S3ObjectStore;
  public readonly footprints: Record<string, Footprint>;

  constructor(name: string, args: ObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:phase:Observability", name, {}, opts);
    const child = { parent: this };
    const common = { phase: args.phase, profile: args.profile };
    const { backends: selected, scrapeInterval, retentionDays } = args.config;
    const namespace = labNamespace(namespaceName, { phase: args.phase, component: "observability" }, child);
    this.namespace = namespace.metadata.name;
    const placement = { ...common, namespace: this.namespace, namespaceName, storageClass: args.storageClass, scrapeInterval, retentionDays };

    // The endpoints are fixed by the charts' names, so the shared scrape jobs can list every backend's own metrics up front.
    const endpoints: Partial<Record<MetricsBackendName, MetricsBackendEndpoints>> = {
      ...(selected.includes("prometheus") ? { prometheus: prometheusEndpoints(namespaceName) } : {}),
      ...(selected.includes("victoria-metrics") ? { "victoria-metrics": victoriaMetricsEndpoints(namespaceName) } : {}),
    };
    const deployed = Object.values(endpoints).map((e) => e!);
    const scrapeConfigs = labScrapeConfigs(scrapeInterval, {
      kubeStateMetrics: { namespace: namespaceName, service: kubeStateMetricsService.name },
      nodeExporter: { namespace: nodeExporterNamespace, service: nodeExporterService.name },
      backendSelfMetrics: deployed.map(selfMetricsTarget),
    });

    const victoria = endpoints["victoria-metrics"] ? new VictoriaMetrics("victoria-metrics", { ...placement, scrapeConfigs }, child) : undefined;
    this.stack = new PrometheusStack(
      "prometheus-stack",
      {
        ...placement,
        scrapeConfigs,
        prometheus: endpoints.prometheus !== undefined,
        extraDatasources: victoria
          ? [{ name: "VictoriaMetrics", uid: datasourceUids["victoria-metrics"], type: "prometheus", access: "proxy", url: victoria.endpoints.queryUrl, isDefault: endpoints.prometheus === undefined }]
          : [],
      },
      child,
    );
    this.backends = endpoints;
    this.collector = new OtelCollector("otel-collector", { ...common, namespace: this.namespace, namespaceName, backends: deployed }, { parent: this, dependsOn: [this.stack.release, ...(victoria ? [victoria.release] : [])] });
    // Pyrra reads SLO state from a Prometheus API; VictoriaMetrics serves the same API when it is the only backend.
    this.pyrra = new Pyrra(
      "pyrra",
      { ...common, namespace: this.namespace, namespaceName, prometheusUrl: (endpoints.prometheus ?? endpoints["victoria-metrics"])!.queryUrl, objectives: platformServiceLevelObjectives, dependsOn: [this.stack.release] },
      child,
    );
    new GrafanaDashboards("dashboards", { phase: args.phase, namespace: this.namespace, backends: selected }, child);
    this.objectStore = new S3ObjectStore("object-store", { ...common, namespace: this.namespace, storageClass: args.storageClass, buckets: args.config.objectStore.buckets }, child);

    this.footprints = {
      prometheusStack: this.stack.footprint,
      ...(victoria ? { victoriaMetrics: victoria.footprint } : {}),
      otelCollector: this.collector.footprint,
      pyrra: this.pyrra.footprint,
      objectStore: this.objectStore.footprint,
    };
    this.registerOutputs({ backends: this.backends });
  }
}
