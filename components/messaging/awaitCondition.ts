/**
 * Makes Pulumi wait for an operator's custom resource to report a status condition (the Kubernetes
 * provider's `pulumi.com/waitFor` annotation, provider ≥ 4.18): a broker that never becomes ready
 * fails `pulumi up` on that resource, after `minutes`, with the provider quoting the resource's
 * conditions, instead of the benchmark Jobs failing later against a broker that is not there.
 */
export function awaitCondition(condition: string, minutes: number) {
  return {
    annotations: { "pulumi.com/waitFor": `condition=${condition}` },
    customTimeouts: { create: `${minutes}m`, update: `${minutes}m` },
  } as const;
}
