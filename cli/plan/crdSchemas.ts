import { z } from "zod";

/**
 * Schemas for the custom resources the lab writes that no kubernetes-models package covers, written
 * from the CRDs' openAPIV3Schema (MetalLB config/crd/bases, metallb.io/v1beta1). Only structure and
 * types are checked, as the API server's structural schema would.
 */
const labelSelector = z
  .object({
    matchLabels: z.record(z.string(), z.string()).optional(),
    matchExpressions: z.array(z.object({ key: z.string(), operator: z.string(), values: z.array(z.string()).optional() })).optional(),
  })
  .loose();

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
};

/** Violations of a zod CRD schema, as `/json/pointer: message` like the model packages report. */
export function crdViolations(schema: z.ZodType, manifest: unknown): string[] {
  const result = schema.safeParse(manifest);
  return result.success ? [] : result.error.issues.map((i) => `/${i.path.join("/")}: ${i.message}`);
}
