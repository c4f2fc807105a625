import { z } from "zod";

/**
 * SLOs as code: Pyrra's ServiceLevelObjective spec (pyrra.dev/v1alpha1, from the CRD the pinned
 * chart installs), validated here so a typo in a target or a window fails before anything is
 * registered. Pyrra turns each into multi-window burn-rate recording and alerting rules.
 * Later phases add theirs with `serviceLevelObjective` and phase-03's namespace.
 */

const metric = z.object({ metric: z.string().min(1) }).strict();
const indicatorSchema = z.union([
  z.object({ ratio: z.object({ errors: metric, total: metric, grouping: z.array(z.string()).optional() }).strict() }).strict(),
  z.object({ latency: z.object({ success: metric, total: metric, grouping: z.array(z.string()).optional() }).strict() }).strict(),
]);

export const serviceLevelObjectiveSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "a DNS label like apiserver-availability"),
    description: z.string().min(1),
    /** Percent of good events in the window, as Pyrra's CRD takes it (a string: "99.5"). */
    target: z.string().refine((t) => /^\d+(\.\d+)?$/.test(t) && Number(t) > 0 && Number(t) < 100, "a percentage between 0 and 100 (exclusive), e.g. \"99.5\""),
    /** Prometheus duration: 28d, 4w. */
    window: z.string().regex(/^\d+[dwh]$/, "a window like 28d or 4w"),
    indicator: indicatorSchema,
  })
  .strict();
export type ServiceLevelObjective = z.infer<typeof serviceLevelObjectiveSchema>;

/** The SLOs for what exists at phase-03: the Kubernetes API server and Argo CD (phase-01). */
export const platformServiceLevelObjectives: readonly ServiceLevelObjective[] = [
  {
    name: "apiserver-availability",
    description: "Kubernetes API requests answered without a server error (5xx).",
    target: "99.5",
    window: "28d",
    indicator: { ratio: { errors: { metric: 'apiserver_request_total{job="apiserver",code=~"5.."}' }, total: { metric: 'apiserver_request_total{job="apiserver"}' } } },
  },
  {
    // The SLI histogram excludes webhook and priority-and-fairness wait time: the server's own latency.
    name: "apiserver-read-latency",
    description: "Kubernetes API resource reads (GET, LIST) served within 1 s.",
    target: "99",
    window: "28d",
    indicator: {
      latency: {
        success: { metric: 'apiserver_request_sli_duration_seconds_bucket{job="apiserver",verb=~"GET|LIST",scope=~"resource|",le="1"}' },
        total: { metric: 'apiserver_request_sli_duration_seconds_count{job="apiserver",verb=~"GET|LIST",scope=~"resource|"}' },
      },
    },
  },
  {
    name: "argocd-sync-success",
    description: "Argo CD application syncs that succeed.",
    target: "95",
    window: "28d",
    indicator: { ratio: { errors: { metric: 'argocd_app_sync_total{phase!="Succeeded"}' }, total: { metric: "argocd_app_sync_total" } } },
  },
];

/** The SLO as the custom resource Pyrra watches. */
export function serviceLevelObjectiveResource(slo: ServiceLevelObjective, namespace: string, labels: Record<string, string>) {
  const { name, ...spec } = serviceLevelObjectiveSchema.parse(slo);
  return { apiVersion: "pyrra.dev/v1alpha1", kind: "ServiceLevelObjective", metadata: { name, namespace, labels }, spec };
}
