import { z } from "zod";
import { defineContract } from "../../stackContract";

const backendEndpoints = z.object({ queryUrl: z.string().url(), remoteWriteUrl: z.string().url(), selfMetricsUrl: z.string().url() });

/** What later phases read from phase-03: where to send telemetry, where to query it, the object store. */
export const phase03ContractSchema = z.object({
  namespace: z.string(),
  /** The deployed backends by name (`prometheus`, `victoria-metrics`); at least one. */
  backends: z.object({ prometheus: backendEndpoints.optional(), "victoria-metrics": backendEndpoints.optional() }),
  /** OTLP endpoints of the collector: later phases send here without knowing the backend. */
  otlp: z.object({ grpcEndpoint: z.string().url(), httpEndpoint: z.string().url() }),
  grafanaUrl: z.string().url(),
  /** The label a Service carries to be scraped by every backend. */
  scrapeLabel: z.object({ key: z.string(), value: z.string() }),
  slo: z.object({ pyrraUrl: z.string().url(), namespace: z.string(), objectives: z.array(z.string()) }),
  objectStore: z.object({
    endpoint: z.string().url(),
    buckets: z.array(z.string()),
    /** The S3 keys' Secret in `namespace` (names only): phase-05 copies it into its namespace through External Secrets. */
    credentialsSecret: z.object({ namespace: z.string(), name: z.string(), accessKeyIdKey: z.string(), secretAccessKeyKey: z.string() }),
  }),
});
export type Phase03Outputs = z.infer<typeof phase03ContractSchema>;

export const phase03Contract = defineContract({
  stack: "phase-03",
  schema: phase03ContractSchema,
  secretKeys: [],
  planSample: {
    namespace: "lab-observability",
    backends: {
      prometheus: {
        queryUrl: "http://prometheus-stack-prometheus.lab-observability.svc.cluster.local:9090",
        remoteWriteUrl: "http://prometheus-stack-prometheus.lab-observability.svc.cluster.local:9090/api/v1/write",
        selfMetricsUrl: "http://prometheus-stack-prometheus.lab-observability.svc.cluster.local:9090/metrics",
      },
      "victoria-metrics": {
        queryUrl: "http://victoria-metrics.lab-observability.svc.cluster.local:8428",
        remoteWriteUrl: "http://victoria-metrics.lab-observability.svc.cluster.local:8428/api/v1/write",
        selfMetricsUrl: "http://victoria-metrics.lab-observability.svc.cluster.local:8428/metrics",
      },
    },
    otlp: { grpcEndpoint: "http://otel-collector.lab-observability.svc.cluster.local:4317", httpEndpoint: "http://otel-collector.lab-observability.svc.cluster.local:4318" },
    grafanaUrl: "http://grafana.lab-observability.svc.cluster.local",
    scrapeLabel: { key: "lab.platform/scrape", value: "true" },
    slo: { pyrraUrl: "http://pyrra.lab-observability.svc.cluster.local:9099", namespace: "lab-observability", objectives: ["apiserver-availability", "apiserver-read-latency", "argocd-sync-success"] },
    objectStore: {
      endpoint: "http://seaweedfs-all-in-one.lab-observability.svc.cluster.local:8333",
      buckets: ["lab-backups"],
      credentialsSecret: { namespace: "lab-observability", name: "lab-s3-credentials", accessKeyIdKey: "ACCESS_KEY_ID", secretAccessKeyKey: "ACCESS_SECRET_KEY" },
    },
  },
});
