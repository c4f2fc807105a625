import { cnpgWebhook } from "../../components/data/CloudNativePgOperator";
import { seaweedS3, seaweedS3Config } from "../../components/data/S3ObjectStore";
import type { ReleaseConnection } from "../../components/helm/releaseConnection";
import { argoCdServer } from "../../components/platform/ArgoCd";
import { argoWorkflowsServer } from "../../components/platform/ArgoWorkflows";
import { externalSecretsWebhook } from "../../components/platform/ExternalSecrets";
import { metallbWebhook } from "../../components/platform/MetalLb";
import { openBaoApi, openBaoRootToken } from "../../components/platform/OpenBao";
import { natsClient } from "../../components/messaging/NatsJetStream";
import { otlpGrpcService } from "../../components/observability/OtelCollector";
import { grafanaService, kubeStateMetricsService, nodeExporterService, prometheusService } from "../../components/observability/PrometheusStack";
import { pyrraService } from "../../components/observability/Pyrra";
import { victoriaMetricsService } from "../../components/observability/VictoriaMetrics";
import { traefikService } from "../../components/traffic/TraefikGateway";

/**
 * What the lab's code relies on in each release's output, by Helm release name (the name each
 * component gives pinnedRelease). The components build their URLs and waits from the same
 * constants, so this list and the code cannot drift apart. Releases not named here (Crossplane,
 * k8s-gateway, external-dns, the Gateway API CRDs, Envoy Gateway, NGINX Gateway Fabric) are
 * reached by nothing the lab dials: their gateways' Services are made by their controllers at run
 * time, not by the chart.
 */
const connections: Record<string, (values: Record<string, unknown>) => readonly ReleaseConnection[]> = {
  argocd: () => [argoCdServer],
  "argo-workflows": () => [argoWorkflowsServer],
  openbao: () => [openBaoApi, openBaoRootToken],
  "external-secrets": (values) => [externalSecretsWebhook(String(values.fullnameOverride))],
  metallb: () => [metallbWebhook],
  cnpg: () => [cnpgWebhook],
  seaweedfs: () => [seaweedS3, seaweedS3Config],
  traefik: () => [traefikService],
  // Prometheus' Service only when the values deploy it (VictoriaMetrics alone keeps the rest of the stack).
  "kube-prometheus-stack": (values) => [
    ...((values.prometheus as { enabled?: boolean } | undefined)?.enabled === false ? [] : [prometheusService]),
    grafanaService,
    kubeStateMetricsService,
    nodeExporterService,
  ],
  "victoria-metrics": () => [victoriaMetricsService],
  "otel-collector": () => [otlpGrpcService],
  pyrra: () => [pyrraService],
  nats: () => [natsClient],
};

export function releaseConnections(release: string, values: Record<string, unknown>): readonly ReleaseConnection[] {
  return connections[release]?.(values) ?? [];
}
