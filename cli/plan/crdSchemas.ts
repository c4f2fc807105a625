import { z } from "zod";

/**
 * Schemas for the custom resources the lab writes that no kubernetes-models package covers, written
 * from the CRDs' openAPIV3Schema (MetalLB config/crd/bases, metallb.io/v1beta1; Envoy Gateway; Pyrra; Strimzi; RabbitMQ). Only structure and
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
  /*
   * Strimzi 1.2.0's v1 API (crds/ of the chart at the 1.2.0 tag): the parts phase-08 writes, the
   * property names of each level strict; `config` maps are free-form in the CRD too.
   */
  "kafka.strimzi.io/v1/KafkaNodePool": z
    .object({
      metadata: objectMeta,
      spec: z
        .object({
          replicas: z.number().int().min(0),
          roles: z.array(z.enum(["controller", "broker"])).min(1),
          storage: z
            .object({
              type: z.enum(["ephemeral", "persistent-claim", "jbod"]),
              volumes: z
                .array(
                  z
                    .object({
                      id: z.number().int().optional(),
                      type: z.enum(["ephemeral", "persistent-claim"]),
                      size: z.string().optional(),
                      sizeLimit: z.string().optional(),
                      class: z.string().optional(),
                      deleteClaim: z.boolean().optional(),
                      kraftMetadata: z.enum(["shared"]).optional(),
                      selector: z.record(z.string(), z.string()).optional(),
                      volumeAttributesClass: z.string().optional(),
                    })
                    .strict(),
                )
                .optional(),
              size: z.string().optional(),
              class: z.string().optional(),
              deleteClaim: z.boolean().optional(),
            })
            .strict(),
          resources: resourceRequirements.optional(),
          jvmOptions: z.object({ "-Xms": z.string().optional(), "-Xmx": z.string().optional(), "-XX": z.record(z.string(), z.string()).optional(), gcLoggingEnabled: z.boolean().optional() }).strict().optional(),
          template: z.unknown().optional(),
        })
        .strict(),
    })
    .loose(),
  "kafka.strimzi.io/v1/Kafka": z
    .object({
      metadata: objectMeta,
      spec: z
        .object({
          kafka: z
            .object({
              version: z.string().optional(),
              metadataVersion: z.string().optional(),
              listeners: z
                .array(z.object({ name: z.string().regex(/^[a-z0-9]{1,11}$/), port: z.number().int().min(9092), type: z.enum(["internal", "route", "loadbalancer", "nodeport", "ingress", "cluster-ip", "tlsroute"]), tls: z.boolean(), authentication: z.unknown().optional(), configuration: z.unknown().optional() }).strict())
                .min(1),
              config: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
            })
            .loose(),
          entityOperator: z.object({ topicOperator: z.object({ resources: resourceRequirements.optional(), watchedNamespace: z.string().optional() }).loose().optional(), userOperator: z.unknown().optional() }).strict().optional(),
        })
        .loose(),
    })
    .loose(),
  "kafka.strimzi.io/v1/KafkaTopic": z
    .object({
      metadata: objectMeta,
      spec: z.object({ topicName: z.string().optional(), partitions: z.number().int().min(1).optional(), replicas: z.number().int().min(1).max(32767).optional(), config: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional() }).strict(),
    })
    .loose(),
  /* RabbitMQ Cluster Operator v2.22.3 (config/crd/bases/rabbitmq.com_rabbitmqclusters.yaml): top-level spec names strict. */
  "rabbitmq.com/v1beta1/RabbitmqCluster": z
    .object({
      metadata: objectMeta,
      spec: z
        .object({
          replicas: z.number().int().min(0).optional(),
          image: z.string().optional(),
          resources: resourceRequirements.optional(),
          persistence: z.object({ storageClassName: z.string().optional(), storage: quantity.optional(), emptyDir: z.unknown().optional() }).strict().optional(),
          override: z.object({ statefulSet: z.object({ metadata: z.unknown().optional(), spec: z.record(z.string(), z.unknown()).optional() }).strict().optional(), service: z.unknown().optional() }).strict().optional(),
          rabbitmq: z.unknown().optional(),
          service: z.unknown().optional(),
          tls: z.unknown().optional(),
          affinity: z.unknown().optional(),
          tolerations: z.unknown().optional(),
          terminationGracePeriodSeconds: z.number().int().optional(),
          delayStartSeconds: z.number().int().optional(),
          skipPostDeploySteps: z.boolean().optional(),
          autoEnableAllFeatureFlags: z.boolean().optional(),
          imagePullSecrets: z.unknown().optional(),
          secretBackend: z.unknown().optional(),
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
