/** The Prometheus-compatible metrics backends phase-03 deploys and compares on identical input. */
export const metricsBackendNames = ["prometheus", "victoria-metrics"] as const;
export type MetricsBackendName = (typeof metricsBackendNames)[number];

/** Where a backend is reached in-cluster: its Prometheus HTTP API and its remote-write endpoint. */
export interface MetricsBackendEndpoints {
  readonly name: MetricsBackendName;
  /** Base URL of the Prometheus-compatible query API (`<url>/api/v1/query`). */
  readonly queryUrl: string;
  /** Prometheus remote-write receiver (what the OTel Collector sends to). */
  readonly remoteWriteUrl: string;
  /** The backend's own metrics (`/metrics`), read by the ingestion benchmark. */
  readonly selfMetricsUrl: string;
}
