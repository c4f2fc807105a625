import { parseAllDocuments } from "yaml";
import type { ReleaseConnection } from "../../components/helm/releaseConnection";
import { checkKubernetesObject, type SchemaCheck } from "../plan/kubernetesSchemas";

/** One object of `helm template`'s output. */
export interface RenderedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly [field: string]: unknown;
}

export interface RenderedFindings {
  readonly objects: number;
  /** `Kind/name: message` for each object its schema refuses. */
  readonly schemaViolations: readonly string[];
  /** Kinds no schema package covers (listed, not failed: the control-plane test admits what it can). */
  readonly noSchema: readonly string[];
  /** Containers that render a CPU limit, which the lab never sets (components/core/sizing.ts). */
  readonly cpuLimits: readonly string[];
  /** What the lab's code relies on that the output does not hold. */
  readonly missingConnections: readonly string[];
}

/** `helm template` output to objects; a document that is not a Kubernetes object is an error naming it. */
export function parseRendered(text: string): RenderedObject[] {
  const objects: RenderedObject[] = [];
  parseAllDocuments(text).forEach((doc, i) => {
    if (doc.errors.length > 0) throw new Error(`rendered document ${i + 1}: ${doc.errors[0].message}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) return;
    const o = value as Partial<RenderedObject>;
    if (typeof o.apiVersion !== "string" || typeof o.kind !== "string" || typeof o.metadata?.name !== "string") {
      throw new Error(`rendered document ${i + 1} is not a Kubernetes object (apiVersion, kind and metadata.name expected)`);
    }
    objects.push(o as RenderedObject);
  });
  return objects;
}

interface Container {
  readonly name?: string;
  readonly resources?: { readonly limits?: Record<string, unknown> };
  readonly env?: readonly { readonly valueFrom?: { readonly secretKeyRef?: { name?: string; key?: string } } }[];
  readonly envFrom?: readonly { readonly secretRef?: { name?: string } }[];
}
interface PodSpec {
  readonly containers?: readonly Container[];
  readonly initContainers?: readonly Container[];
  readonly volumes?: readonly { readonly secret?: { secretName?: string; items?: readonly { key: string }[] } }[];
}

/** The pod spec inside a workload (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod). */
export function podSpecOf(o: RenderedObject): PodSpec | undefined {
  if (o.kind === "Pod") return o.spec as PodSpec | undefined;
  const spec = o.spec as { template?: { spec?: PodSpec }; jobTemplate?: { spec?: { template?: { spec?: PodSpec } } } } | undefined;
  if (o.kind === "CronJob") return spec?.jobTemplate?.spec?.template?.spec;
  return spec?.template?.spec;
}

function cpuLimits(objects: readonly RenderedObject[]): string[] {
  const found: string[] = [];
  for (const o of objects) {
    const pod = podSpecOf(o);
    for (const c of [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])]) {
      const limits = c.resources?.limits;
      if (limits && "cpu" in limits) found.push(`${o.kind}/${o.metadata.name} container ${c.name}: limits.cpu ${JSON.stringify(limits.cpu)}`);
    }
  }
  return found;
}

/** Does any workload read this Secret key (env secretKeyRef, envFrom, or a volume of the Secret)? */
function readsSecretKey(objects: readonly RenderedObject[], secret: string, key: string): boolean {
  return objects.some((o) => {
    const pod = podSpecOf(o);
    if (!pod) return false;
    const containers = [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
    const byEnv = containers.some(
      (c) => c.env?.some((e) => e.valueFrom?.secretKeyRef?.name === secret && e.valueFrom.secretKeyRef.key === key) || c.envFrom?.some((e) => e.secretRef?.name === secret),
    );
    const byVolume = pod.volumes?.some((v) => v.secret?.secretName === secret && (!v.secret.items || v.secret.items.some((i) => i.key === key)));
    return byEnv || byVolume === true;
  });
}

function missingConnections(objects: readonly RenderedObject[], connections: readonly ReleaseConnection[]): string[] {
  const missing: string[] = [];
  for (const c of connections) {
    if (c.kind === "service") {
      const service = objects.find((o) => o.kind === "Service" && o.metadata.name === c.name);
      const ports = ((service?.spec as { ports?: { port: number }[] } | undefined)?.ports ?? []).map((p) => p.port);
      if (!service) missing.push(`Service ${c.name} (${c.usedBy}) is not rendered`);
      else if (c.port !== undefined && !ports.includes(c.port)) missing.push(`Service ${c.name} has no port ${c.port} (${c.usedBy}); it renders ${ports.join(", ") || "none"}`);
    } else if (!readsSecretKey(objects, c.secret, c.key)) {
      missing.push(`no workload reads key ${c.key} of Secret ${c.secret} (${c.usedBy})`);
    }
  }
  return missing;
}

/** Every check of one release's rendered output: schemas as the plan checks them, CPU limits, connections. */
export function checkRendered(objects: readonly RenderedObject[], connections: readonly ReleaseConnection[]): RenderedFindings {
  const checks: SchemaCheck[] = objects.map((o) =>
    checkKubernetesObject({
      type: `kubernetes:${o.apiVersion.includes("/") ? o.apiVersion : `core/${o.apiVersion}`}:${o.kind}`,
      name: o.metadata.name,
      urn: `${o.kind}/${o.metadata.name}`,
      custom: true,
      inputs: o,
      secretPaths: [],
      dependencies: [],
    }),
  );
  return {
    objects: objects.length,
    schemaViolations: checks.flatMap((c) => c.violations.map((v) => `${c.urn}: ${v}`)),
    noSchema: [...new Set(checks.filter((c) => c.status === "no-schema").map((c) => `${c.apiVersion}/${c.kind}`))].sort(),
    cpuLimits: cpuLimits(objects),
    missingConnections: missingConnections(objects, connections),
  };
}
