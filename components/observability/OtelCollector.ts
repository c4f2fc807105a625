import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Footprint } from "../../lib/footprint";
import type { SizingProfile } from "../../lib/profileNames";
import { charts, images } from "../charts";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../core/podSecurity";
import { containerResources, footprintOf, type ContainerSize, type SizedByProfile } from "../core/sizing";
import { pinnedRelease } from "../helm/pinnedRelease";
import { serviceConnection } from "../helm/releaseConnection";
import type { MetricsBackendEndpoints } from "./metricsBackends";

export interface OtelCollectorArgs {
  readonly phase: string;
  readonly profile: SizingProfile;
  readonly namespace: pulumi.Input<string>;
  readonly namespaceName: string;
  /** Every deployed backend: metrics received over OTLP are remote-written to each. */
  readonly backends: readonly MetricsBackendEndpoints[];
}

const sizes: SizedByProfile<ContainerSize> = {
  laptop: { cpuMillicores: 100, memoryMiB: 192 },
  hub: { cpuMillicores: 200, memoryMiB: 384 },
};

const fullname = "otel-collector";
/** OTLP gRPC (4317) and HTTP (4318): what later phases send to without knowing the backend. */
export const otlpGrpcService = serviceConnection(fullname, 4317, "phase-03 output otlp.grpcEndpoint");
export const otlpHttpPort = 4318;

/** Values of the opentelemetry-collector release (keys checked by `lab charts check`). */
export function otelCollectorValues(profile: SizingProfile, backends: readonly MetricsBackendEndpoints[]) {
  const exporters = Object.fromEntries(backends.map((b) => [`prometheusremotewrite/${b.name}`, { endpoint: b.remoteWriteUrl, resource_to_telemetry_conversion: { enabled: true } }]));
  // memory_limiter sized from the container's limit (twice the request: containerResources).
  return {
    fullnameOverride: fullname,
    mode: "deployment",
    replicaCount: 1,
    image: { repository: images.otelCollectorContrib.repository, tag: images.otelCollectorContrib.tag },
    resources: containerResources(sizes[profile]),
    podSecurityContext: { ...restrictedPodSecurityContext, runAsUser: 10001, runAsGroup: 10001 },
    securityContext: { ...restrictedContainerSecurityContext, readOnlyRootFilesystem: true },
    // Traces and logs get their backends in a later issue (Tempo/Jaeger, Loki/Elasticsearch): their
    // pipelines keep the chart's debug exporter, on OTLP only.
    ports: { "jaeger-compact": { enabled: false }, "jaeger-thrift": { enabled: false }, "jaeger-grpc": { enabled: false }, zipkin: { enabled: false } },
    config: {
      receivers: { jaeger: null, zipkin: null, prometheus: null },
      exporters,
      service: {
        pipelines: {
          metrics: { receivers: ["otlp"], processors: ["memory_limiter", "batch"], exporters: Object.keys(exporters) },
          traces: { receivers: ["otlp"], processors: ["memory_limiter", "batch"], exporters: ["debug"] },
        },
      },
    },
  };
}

/** The OpenTelemetry Collector (contrib): OTLP in, remote write out to every deployed backend. */
export class OtelCollector extends pulumi.ComponentResource {
  public readonly release: k8s.helm.v3.Release;
  public readonly grpcEndpoint: string;
  public readonly httpEndpoint: string;
  public readonly footprint: Footprint;

  constructor(name: string, args: OtelCollectorArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:observability:OtelCollector", name, {}, opts);
    this.release = pinnedRelease("otel-collector", { chart: charts.openTelemetryCollector, namespace: args.namespace, values: otelCollectorValues(args.profile, args.backends) }, { parent: this });
    const host = `${otlpGrpcService.name}.${args.namespaceName}.svc.cluster.local`;
    this.grpcEndpoint = `http://${host}:${otlpGrpcService.port}`;
    this.httpEndpoint = `http://${host}:${otlpHttpPort}`;
    this.footprint = footprintOf(sizes[args.profile]);
    this.registerOutputs({ grpcEndpoint: this.grpcEndpoint });
  }
}
