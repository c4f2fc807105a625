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
import { avalancheArgs } from "../../../benchmarks/metrics/avalanche";
import { SeriesGenerator } from "../../../components/observability/SeriesGenerator";
import type { UnitPrices } from "../../../finops/unitPrices";
import { phase03IngestionDefinition, type Phase03Config } from "./config";
import { metricsBenchmarks, type BackendBenchmarks, type MetricsComparison } from "./metricsBenchmarks";

export interface ObservabilityArgs {
  readonly phase: string;
  readonly profile: SizingProfile;
  readonly storageClass: string;
  readonly config: Phase03Config;
  /** The cluster's kubeconfig (secret): the benchmark Jobs' logs are read back with it. */
  readonly kubeconfig: pulumi.Input<string>;
  /** The active profile's prices, joined to every benchmark result. */
  readonly unitPrices: UnitPrices;
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
  /** Per backend the ingestion and query outcomes, known once the Jobs ran. */
  public readonly benchmarks: pulumi.Output<Partial<Record<MetricsBackendName, BackendBenchmarks>>>;
  public readonly comparison: pulumi.Output<MetricsComparison>;

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
    const ingestion = phase03IngestionDefinition(args.config);
    const generator = new SeriesGenerator("series-generator", { phase: args.phase, namespace: this.namespace, namespaceName, args: avalancheArgs(ingestion.generator), port: ingestion.generator.port }, child);
    const measured = metricsBenchmarks(
      {
        phase: args.phase,
        namespace: this.namespace,
        kubeconfig: args.kubeconfig,
        runId: args.config.benchmark.runId,
        ingestion,
        queries: args.config.benchmark.queries,
        generatorUrl: generator.metricsUrl,
        backends: [
          ...(endpoints.prometheus ? [{ endpoints: endpoints.prometheus, footprint: this.stack.prometheusFootprint! }] : []),
          ...(victoria ? [{ endpoints: victoria.endpoints, footprint: victoria.footprint }] : []),
        ],
        unitPrices: args.unitPrices,
        after: [generator, this.stack.release, ...(victoria ? [victoria.release] : [])],
      },
      this,
    );
    this.benchmarks = measured.benchmarks;
    this.comparison = measured.comparison;
    this.objectStore = new S3ObjectStore("object-store", { ...common, namespace: this.namespace, storageClass: args.storageClass, buckets: args.config.objectStore.buckets }, child);

    this.footprints = {
      prometheusStack: this.stack.footprint,
      ...(victoria ? { victoriaMetrics: victoria.footprint } : {}),
      otelCollector: this.collector.footprint,
      pyrra: this.pyrra.footprint,
      objectStore: this.objectStore.footprint,
      seriesGenerator: generator.footprint,
    };
    this.registerOutputs({ backends: this.backends });
  }
}
