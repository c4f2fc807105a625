import { z } from "zod";

/**
 * The scrape jobs both backends run: one list, handed verbatim to Prometheus
 * (`additionalScrapeConfigs`) and to VictoriaMetrics (`-promscrape.config`), so the two ingest the
 * same targets at the same interval and the comparison is on identical input. Both read the same
 * Prometheus scrape-config format with Kubernetes service discovery.
 */

/** A Prometheus duration as scrape configs take it (`15s`, `1m`). */
export const scrapeIntervalSchema = z.string().regex(/^[1-9]\d*(ms|s|m|h)$/, "a duration like 15s or 1m");

/** The label a Service carries to be scraped by both backends (later phases opt their Services in with it). */
export const scrapeLabel = { key: "lab.platform/scrape", value: "true" } as const;

const serviceAccountTls = { ca_file: "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt" };
const serviceAccountToken = "/var/run/secrets/kubernetes.io/serviceaccount/token";

/** Keeps the endpoints of one Service (by namespace and name), and names the scraped target by its pod. */
function serviceEndpoints(namespace: string, service: string) {
  return [
    { source_labels: ["__meta_kubernetes_namespace", "__meta_kubernetes_service_name"], regex: `${namespace};${service}`, action: "keep" },
    { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" },
    { source_labels: ["__meta_kubernetes_pod_node_name"], target_label: "node" },
  ];
}

export interface LabScrapeTargets {
  /** kube-state-metrics' Service. */
  readonly kubeStateMetrics: { readonly namespace: string; readonly service: string };
  /** node-exporter's Service (one endpoint per node). */
  readonly nodeExporter: { readonly namespace: string; readonly service: string };
  /** Every deployed backend's own /metrics (`host:port`): each backend scrapes all of them, so the input stays identical. */
  readonly backendSelfMetrics: readonly string[];
}

/** The scrape_configs list both backends run, every job at `interval`. */
export function labScrapeConfigs(interval: string, targets: LabScrapeTargets) {
  const every = { scrape_interval: interval, scrape_timeout: interval };
  return [
    {
      job_name: "apiserver",
      ...every,
      scheme: "https",
      kubernetes_sd_configs: [{ role: "endpoints", namespaces: { names: ["default"] } }],
      tls_config: serviceAccountTls,
      bearer_token_file: serviceAccountToken,
      relabel_configs: [{ source_labels: ["__meta_kubernetes_service_name", "__meta_kubernetes_endpoint_port_name"], regex: "kubernetes;https", action: "keep" }],
    },
    {
      // The kubelet's certificate is self-signed on kind and Talos alike: its identity is the node, found by discovery.
      job_name: "kubelet",
      ...every,
      scheme: "https",
      kubernetes_sd_configs: [{ role: "node" }],
      tls_config: { ...serviceAccountTls, insecure_skip_verify: true },
      bearer_token_file: serviceAccountToken,
      relabel_configs: [{ source_labels: ["__meta_kubernetes_node_name"], target_label: "node" }],
    },
    {
      job_name: "cadvisor",
      ...every,
      scheme: "https",
      metrics_path: "/metrics/cadvisor",
      kubernetes_sd_configs: [{ role: "node" }],
      tls_config: { ...serviceAccountTls, insecure_skip_verify: true },
      bearer_token_file: serviceAccountToken,
      relabel_configs: [{ source_labels: ["__meta_kubernetes_node_name"], target_label: "node" }],
    },
    {
      job_name: "kube-state-metrics",
      ...every,
      kubernetes_sd_configs: [{ role: "endpoints", namespaces: { names: [targets.kubeStateMetrics.namespace] } }],
      relabel_configs: [...serviceEndpoints(targets.kubeStateMetrics.namespace, targets.kubeStateMetrics.service), { source_labels: ["__meta_kubernetes_endpoint_port_name"], regex: "http", action: "keep" }],
    },
    {
      job_name: "node-exporter",
      ...every,
      kubernetes_sd_configs: [{ role: "endpoints", namespaces: { names: [targets.nodeExporter.namespace] } }],
      relabel_configs: serviceEndpoints(targets.nodeExporter.namespace, targets.nodeExporter.service),
    },
    {
      job_name: "metrics-backends",
      ...every,
      static_configs: [{ targets: [...targets.backendSelfMetrics] }],
    },
    {
      // Any Service a phase labels for scraping: its endpoints' ports named `metrics` or `http-metrics`.
      job_name: "lab-services",
      ...every,
      kubernetes_sd_configs: [{ role: "endpoints" }],
      relabel_configs: [
        { source_labels: [`__meta_kubernetes_service_label_${scrapeLabel.key.replace(/[^a-zA-Z0-9_]/g, "_")}`], regex: scrapeLabel.value, action: "keep" },
        // Charts name their metrics ports `metrics` or `http-metrics` (Argo CD).
        { source_labels: ["__meta_kubernetes_endpoint_port_name"], regex: "(http-)?metrics", action: "keep" },
        { source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace" },
        { source_labels: ["__meta_kubernetes_service_name"], target_label: "service" },
        { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" },
      ],
    },
  ];
}
export type ScrapeConfig = ReturnType<typeof labScrapeConfigs>[number];
