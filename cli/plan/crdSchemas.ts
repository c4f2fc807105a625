import { z } from "zod";

/**
 * Schemas for the custom resources the lab writes that no kubernetes-models package covers, written
 * from the CRDs' openAPIV3Schema (MetalLB config/crd/bases, metallb.io/v1beta1; Envoy Gateway; Pyrra). Only structure and
 * types are checked, as the API server's structural schema would.
 */
const labelSelector = z
  .object({
    matchLabels: z.record(z.string(), z.string()).optional(),
    matchExpressions: z.array(z.object({ key: z.string(), operator: z.string(), values: z.array(z.string()).optional() })).optional(),
  })
  .loose();

const quantity = z.union([z.string(), z.number()]);
const resourceRequirements = z
  .object({ requests: z.record(z.string(), quantity).optional(), limits: z.record(z.string(), quantity).optional(), claims: z.array(z.unknown()).optional() })
  .strict();

const objectMeta = z.object({ name: z.string().optional(), namespace: z.string().optional(), labels: z.record(z.string(), z.string()).optional() }).loose();

export const crdSchemas: Record<string, z.ZodType> = {
  "metallb.io/v1beta1/IPAddressPool": z
    .object({
      metadata: objectMeta,
      spec: z
        .object({
          addresses: z.array(z.string()),
          autoAssign: z.boolean().optional(),
          avoidBuggyIPs: z.boolean().optional(),
          serviceAllocation: z
            .object({
              namespaces: z.array(z.string()).optional(),
              namespaceSelectors: z.array(labelSelector).optional(),
              serviceSelectors: z.array(labelSelector).optional(),
              priority: z.number().int().optional(),
            })
            .optional(),
        })
        .loose(),
    })
    .loose(),
  "metallb.io/v1beta1/L2Advertisement": z
    .object({
      metadata: objectMeta,
      spec: z
        .object({
          ipAddressPools: z.array(z.string()).optional(),
          ipAddressPoolSelectors: z.array(labelSelector).optional(),
          nodeSelectors: z.array(labelSelector).optional(),
          interfaces: z.array(z.string()).optional(),
        })
        .loose()
        .optional(),
    })
    .loose(),
  /*
   * Envoy Gateway's EnvoyProxy (gateway.envoyproxy.io_envoyproxies.yaml as rendered from the pinned
   * gateway-crds-helm v1.9.0): the part phase-04 writes, each object listing the CRD's own property
   * names strictly, since the API server would silently prune a misspelt field.
   */
  /*
   * Pyrra's ServiceLevelObjective (crds/servicelevelobjectives.json of the pinned rlex pyrra chart
   * 0.14.3, Pyrra v0.8.1): spec.indicator, target and window required, property names strict.
   */
  "pyrra.dev/v1alpha1/ServiceLevelObjective": z
    .object({
      metadata: objectMeta,
      spec: z
        .object({
          description: z.string().optional(),
          target: z.string(),
          window: z.string(),
          alerting: z.object({ absent: z.boolean().optional(), absentName: z.string().optional(), burnrates: z.boolean().optional(), disabled: z.boolean().optional(), name: z.string().optional() }).strict().optional(),
          indicator: z
            .object({
              ratio: z.object({ errors: z.object({ metric: z.string() }).strict(), total: z.object({ metric: z.string() }).strict(), grouping: z.array(z.string()).optional() }).strict().optional(),
              latency: z.object({ success: z.object({ metric: z.string() }).strict(), total: z.object({ metric: z.string() }).strict(), grouping: z.array(z.string()).optional() }).strict().optional(),
              latencyNative: z.object({ latency: z.string().optional(), total: z.object({ metric: z.string() }).strict(), grouping: z.array(z.string()).optional() }).strict().optional(),
              bool_gauge: z.object({ metric: z.string(), grouping: z.array(z.string()).optional() }).strict().optional(),
            })
            .strict(),
        })
        .strict(),
    })
    .loose(),
  "gateway.envoyproxy.io/v1alpha1/EnvoyProxy": z
    .object({
      metadata: objectMeta,
      spec: z
        .object({
          provider: z
            .object({
              type: z.enum(["Kubernetes", "Host"]),
              kubernetes: z
                .object({
                  envoyDeployment: z
                    .object({
                      replicas: z.number().int().optional(),
                      container: z
                        .object({
                          resources: resourceRequirements.optional(),
                          env: z.array(z.unknown()).optional(),
                          image: z.string().optional(),
                          imageRepository: z.string().optional(),
                          securityContext: z.record(z.string(), z.unknown()).optional(),
                          volumeMounts: z.array(z.unknown()).optional(),
                        })
                        .strict()
                        .optional(),
                      initContainers: z.array(z.unknown()).optional(),
                      name: z.string().optional(),
                      patch: z.unknown().optional(),
                      pod: z.record(z.string(), z.unknown()).optional(),
                      strategy: z.record(z.string(), z.unknown()).optional(),
                    })
                    .strict()
                    .optional(),
                  envoyService: z
                    .object({
                      name: z.string().optional(),
                      type: z.enum(["ClusterIP", "LoadBalancer", "NodePort"]).optional(),
                      allocateLoadBalancerNodePorts: z.boolean().optional(),
                      annotations: z.record(z.string(), z.string()).optional(),
                      externalTrafficPolicy: z.enum(["Local", "Cluster"]).optional(),
                      labels: z.record(z.string(), z.string()).optional(),
                      loadBalancerClass: z.string().optional(),
                      loadBalancerIP: z.string().optional(),
                      loadBalancerSourceRanges: z.array(z.string()).optional(),
                      patch: z.unknown().optional(),
                    })
                    .strict()
                    .optional(),
                  envoyDaemonSet: z.unknown().optional(),
                  envoyHpa: z.unknown().optional(),
                  envoyPDB: z.unknown().optional(),
                  envoyServiceAccount: z.unknown().optional(),
                  useListenerPortAsContainerPort: z.boolean().optional(),
                })
                .strict()
                .optional(),
              host: z.unknown().optional(),
            })
            .strict()
            .optional(),
        })
        .loose(),
    })
    .loose(),
};

/** Violations of a zod CRD schema, as `/json/pointer: message` like the model packages report. */
export function crdViolations(schema: z.ZodType, manifest: unknown): string[] {
  const result = schema.safeParse(manifest);
  return result.success ? [] : result.error.issues.map((i) => `/${i.path.join("/")}: ${i.message}`);
}
