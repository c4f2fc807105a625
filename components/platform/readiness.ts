import { z } from "zod";

const timestamp = z.string().datetime({ offset: true });

const namespaceListSchema = z.object({
  items: z.array(z.object({ metadata: z.object({ name: z.string(), creationTimestamp: timestamp }) })),
});

const podListSchema = z.object({
  items: z.array(
    z.object({
      metadata: z.object({
        name: z.string(),
        namespace: z.string(),
        ownerReferences: z.array(z.object({ kind: z.string() })).optional(),
      }),
      status: z.object({
        phase: z.string().optional(),
        conditions: z.array(z.object({ type: z.string(), status: z.string(), lastTransitionTime: timestamp.nullable().optional() })).optional(),
      }),
    }),
  ),
});

/** How long the platform took to become ready, from Kubernetes' own timestamps. */
export const platformReadinessSchema = z.object({
  /** From the first platform namespace's creation to the last platform pod turning Ready. */
  seconds: z.number().nonnegative(),
  perNamespaceSeconds: z.record(z.string(), z.number().nonnegative()),
  slowestNamespace: z.string(),
  readyPods: z.number().int().nonnegative(),
  /** Long-running pods not Ready when measured (a non-empty list means `seconds` is a lower bound). */
  notReady: z.array(z.string()),
});
export type PlatformReadiness = z.infer<typeof platformReadinessSchema>;

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${what}: not JSON (expected kubectl ... -o json)`);
  }
}

/**
 * Platform readiness from `kubectl get namespaces -l ... -o json` and `kubectl get pods -A -o json`:
 * per namespace, its creation to its last pod's Ready transition. Pods of Jobs are one-shot steps,
 * not part of a ready platform, and are left out.
 */
export function measurePlatformReadiness(namespacesJson: string, podsJson: string): PlatformReadiness {
  const namespaces = namespaceListSchema.parse(parseJson(namespacesJson, "namespaces")).items;
  if (namespaces.length === 0) throw new Error("namespaces: no platform namespace found (is the label selector right?)");
  const created = new Map(namespaces.map((n) => [n.metadata.name, Date.parse(n.metadata.creationTimestamp)]));
  const pods = podListSchema
    .parse(parseJson(podsJson, "pods"))
    .items.filter((p) => created.has(p.metadata.namespace) && !p.metadata.ownerReferences?.some((o) => o.kind === "Job"));

  const lastReady = new Map<string, number>();
  const notReady: string[] = [];
  for (const pod of pods) {
    const ready = pod.status.conditions?.find((c) => c.type === "Ready");
    if (ready?.status !== "True" || !ready.lastTransitionTime) {
      notReady.push(`${pod.metadata.namespace}/${pod.metadata.name}`);
      continue;
    }
    const at = Date.parse(ready.lastTransitionTime);
    lastReady.set(pod.metadata.namespace, Math.max(lastReady.get(pod.metadata.namespace) ?? 0, at));
  }
  if (lastReady.size === 0) throw new Error("pods: no Ready pod in the platform namespaces");

  const perNamespaceSeconds: Record<string, number> = {};
  for (const [namespace, at] of lastReady) perNamespaceSeconds[namespace] = (at - created.get(namespace)!) / 1000;
  const slowestNamespace = Object.entries(perNamespaceSeconds).sort((a, b) => b[1] - a[1])[0][0];
  const start = Math.min(...created.values());
  const end = Math.max(...lastReady.values());
  return platformReadinessSchema.parse({
    seconds: (end - start) / 1000,
    perNamespaceSeconds,
    slowestNamespace,
    readyPods: pods.length - notReady.length,
    notReady,
  });
}
