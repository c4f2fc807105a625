import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { stringify } from "yaml";
import { isJsonObject, pointerKeys, setValueAt, valueAt } from "../../lib/jsonValues";
import { checkKubernetesObject, isKubernetesObject, type SchemaCheck } from "./kubernetesSchemas";
import { contractUpstream, runStackProgram } from "./planStack";
import { replaceUnknowns, type KnownOutputs, type RecordedResource, type UpstreamLookup } from "./recordingMocks";
import type { StackConfig } from "./stackConfigFile";

/**
 * The field manager the lab's objects are applied with in the control-plane test. The lab's
 * provider (server-side apply mode) names its managers `pulumi-kubernetes-<random suffix>`, one per
 * resource; the test uses the common prefix.
 */
export const labFieldManager = "pulumi-kubernetes";

/** What a secret value becomes in a written manifest: never the value, always this. */
export const secretPlaceholder = "secret-placeholder";

/**
 * The provider names an object without metadata.name `<resource name>-<random>` and marks it
 * autonamed; the suffix written here is derived from type and name so a plan is stable.
 */
function autoname(type: string, name: string): string {
  return `${name}-${createHash("sha256").update(`${type}::${name}`).digest("hex").slice(0, 8)}`;
}

/**
 * What the engine would know once these resources exist, so what depends on them is written as it
 * would be sent: generated passwords and strings (as the placeholder; they end up in Secrets only)
 * and a Helm release's status (its name and namespace: in-cluster addresses are built from it).
 */
export const appliedOutputs: KnownOutputs = (args) => {
  const inputs: Record<string, unknown> = args.inputs;
  const metadata = isJsonObject(inputs.metadata) ? inputs.metadata : {};
  if (args.type.startsWith("kubernetes:") && !args.type.startsWith("kubernetes:helm.sh/") && typeof inputs.kind === "string" && !metadata.name) {
    // What refers to an autonamed object (a Job's ConfigMap volume) gets the name the provider gives it.
    return { metadata: { ...metadata, name: autoname(args.type, args.name) } };
  }
  if (args.type === "random:index/randomPassword:RandomPassword" || args.type === "random:index/randomString:RandomString") {
    return { result: secretPlaceholder };
  }
  if (args.type === "kubernetes:helm.sh/v3:Release") {
    return { status: { name: inputs.name, namespace: inputs.namespace, chart: inputs.chart, version: inputs.version, status: "deployed", revision: 1 } };
  }
  return undefined;
};

/** One Kubernetes object the lab writes itself, as it would be sent to the API server. */
export interface LabManifest {
  /** The Pulumi resource name (what `pulumi up` and the plan call it). */
  readonly resourceName: string;
  readonly urn: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** True when the provider names it (no metadata.name given): a stand-in suffix is written. */
  readonly autonamed: boolean;
  readonly manifest: Record<string, unknown>;
  /** JSON pointers of values unknown even after apply (a command's output): written as a marker. */
  readonly unknownPaths: readonly string[];
  /** The offline plan's schema check of the same object (what stands when no API server serves its type). */
  readonly schema: Pick<SchemaCheck, "status" | "violations">;
}

export interface StackManifests {
  readonly stack: string;
  /** Deploy order: namespaces first, then every object after everything it depends on. */
  readonly manifests: readonly LabManifest[];
  readonly error?: string;
}

/** Every string or number under a secret becomes the placeholder; keys stay (they are not secret). */
function redact(value: unknown, base64: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => redact(v, base64));
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, base64)]));
  if (typeof value === "string" || typeof value === "number") return base64 ? Buffer.from(secretPlaceholder).toString("base64") : secretPlaceholder;
  return value;
}



/** A registered Kubernetes object as the provider would send it: secrets as placeholders. */
export function toLabManifest(resource: RecordedResource): LabManifest {
  const unknownPaths: string[] = [];
  // Pulumi's own fields (the `__` ones) never reach the API server.
  const inputs = Object.fromEntries(Object.entries(resource.inputs).filter(([k]) => !k.startsWith("__")));
  const manifest = replaceUnknowns(inputs, "unknown-until-apply", unknownPaths) as Record<string, unknown>;
  const isSecretKind = manifest.kind === "Secret" && manifest.apiVersion === "v1";
  for (const pointer of resource.secretPaths) {
    if (pointer === "") continue;
    const keys = pointerKeys(pointer);
    setValueAt(manifest, keys, redact(valueAt(manifest, keys), isSecretKind && pointer.startsWith("/data")));
  }
  const metadata = isJsonObject(manifest.metadata) ? manifest.metadata : (manifest.metadata = {});
  const given = metadata.name;
  const autonamed = typeof given !== "string" || given === "";
  const name = autonamed ? autoname(resource.type, resource.name) : given;
  if (autonamed) {
    metadata.name = name;
    metadata.annotations = { ...(isJsonObject(metadata.annotations) ? metadata.annotations : {}), "pulumi.com/autonamed": "true" };
  }
  return {
    resourceName: resource.name,
    urn: resource.urn,
    apiVersion: String(manifest.apiVersion),
    kind: String(manifest.kind),
    namespace: typeof metadata.namespace === "string" ? metadata.namespace : undefined,
    name,
    autonamed,
    manifest,
    unknownPaths,
    schema: (({ status, violations }) => ({ status, violations }))(checkKubernetesObject(resource)),
  };
}

/**
 * Deploy order of a stack's Kubernetes objects: namespaces first, then a topological order of the
 * rest over the dependencies the engine honours (inputs and dependsOn), followed through the
 * resources in between that are not Kubernetes objects (a Helm release, a kubectl step); ties keep
 * registration order.
 */
export function deployOrder(resources: readonly RecordedResource[]): RecordedResource[] {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const index = new Map(resources.map((r, i) => [r.urn, i]));
  const objects = resources.filter(isKubernetesObject);
  const objectUrns = new Set(objects.map((r) => r.urn));
  // The Kubernetes objects each object waits for, directly or through other resources.
  const waitsFor = new Map<string, Set<string>>();
  const reach = (urn: string, seen: Set<string>, found: Set<string>) => {
    for (const dep of byUrn.get(urn)?.dependencies ?? []) {
      if (seen.has(dep)) continue;
      seen.add(dep);
      if (objectUrns.has(dep)) found.add(dep);
      else reach(dep, seen, found);
    }
  };
  for (const object of objects) {
    const found = new Set<string>();
    reach(object.urn, new Set([object.urn]), found);
    waitsFor.set(object.urn, found);
  }
  const isNamespace = (r: RecordedResource) => r.inputs.kind === "Namespace" && r.inputs.apiVersion === "v1";
  const ordered: RecordedResource[] = objects.filter(isNamespace);
  const placed = new Set(ordered.map((r) => r.urn));
  let pending = objects.filter((r) => !placed.has(r.urn)).sort((a, b) => index.get(a.urn)! - index.get(b.urn)!);
  while (pending.length > 0) {
    const ready = pending.find((r) => [...waitsFor.get(r.urn)!].every((d) => placed.has(d)));
    if (!ready) throw new Error(`dependency cycle among ${pending.map((r) => r.name).join(", ")}`);
    ordered.push(ready);
    placed.add(ready.urn);
    pending = pending.filter((r) => r !== ready);
  }
  return ordered;
}

/** Runs a stack's program under mocks, as `pulumi up` would see it once applied, and lists its own objects in deploy order. */
export async function stackManifests(stack: string, config: StackConfig, upstream: UpstreamLookup = contractUpstream): Promise<StackManifests> {
  const run = await runStackProgram(stack, config, upstream, undefined, appliedOutputs);
  if (run.error) return { stack, manifests: [], error: run.error.message };
  return { stack, manifests: deployOrder(run.resources).map(toLabManifest) };
}

/** File name of the i-th manifest: the order prefix keeps `ls` and `kubectl apply -f DIR` in deploy order. */
export function manifestFileName(i: number, m: LabManifest): string {
  const safe = (s: string) => s.toLowerCase().replace(/[^a-z0-9.-]+/g, "-");
  return `${String(i + 1).padStart(3, "0")}-${safe(m.kind)}-${m.namespace ? `${safe(m.namespace)}-` : ""}${safe(m.name)}.yaml`;
}

/**
 * Writes each stack's objects under DIR/<stack>/, one file per object in deploy order, each headed
 * by a comment naming the lab resource; Helm releases' contents are not the lab's own objects and
 * are not written. Returns the files written.
 */
export function writeStackManifests(dir: string, stacks: readonly StackManifests[]): string[] {
  const written: string[] = [];
  for (const s of stacks) {
    const stackDir = path.join(dir, s.stack);
    fs.rmSync(stackDir, { recursive: true, force: true });
    fs.mkdirSync(stackDir, { recursive: true });
    s.manifests.forEach((m, i) => {
      const file = path.join(stackDir, manifestFileName(i, m));
      const header = [`# ${s.stack}: ${m.resourceName} (${m.urn})`];
      if (m.autonamed) header.push("# autonamed: the provider picks the suffix at apply; this one is a stand-in");
      if (m.unknownPaths.length > 0) header.push(`# unknown until apply: ${m.unknownPaths.join(", ")}`);
      fs.writeFileSync(file, `${header.join("\n")}\n${stringify(m.manifest, { lineWidth: 0 })}`, { mode: 0o644 });
      written.push(file);
    });
  }
  return written;
}
