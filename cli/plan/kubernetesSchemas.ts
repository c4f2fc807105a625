import { crdSchemas, crdViolations } from "./crdSchemas";
import { replaceUnknowns, type RecordedResource } from "./recordingMocks";

/** Which package holds the schema of an apiVersion. Core and built-in groups come from kubernetes-models. */
const crdModelPackages: Record<string, string> = {
  "argoproj.io/v1alpha1": "@kubernetes-models/argo-cd/argoproj.io/v1alpha1",
  "postgresql.cnpg.io/v1": "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1",
  "external-secrets.io/v1beta1": "@kubernetes-models/external-secrets/external-secrets.io/v1beta1",
  "cert-manager.io/v1": "@kubernetes-models/cert-manager/cert-manager.io/v1",
  "gateway.networking.k8s.io/v1": "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1",
};

/**
 * ESO's `external-secrets.io/v1` is `v1beta1` promoted without schema changes; its model package
 * is ESM-only and needs Node 22, so v1 objects are checked against the v1beta1 schema.
 */
const schemaAliases: Record<string, string> = {
  "external-secrets.io/v1": "external-secrets.io/v1beta1",
};

export interface SchemaCheck {
  readonly urn: string;
  readonly apiVersion: string;
  readonly kind: string;
  /**
   * `validated` (a kubernetes-models package), `validated-via-alias` (see schemaAliases),
   * `validated-by-crd-schema` (cli/plan/crdSchemas.ts), or `no-schema`.
   */
  readonly status: "validated" | "validated-via-alias" | "validated-by-crd-schema" | "no-schema";
  readonly schemaApiVersion?: string;
  readonly violations: readonly string[];
}

type ModelClass = new (data: unknown) => { validate(): void };

function modelFor(apiVersion: string, kind: string): ModelClass | undefined {
  const modulePath =
    crdModelPackages[apiVersion] ?? (apiVersion.includes(".") && !apiVersion.includes(".k8s.io") ? undefined : `kubernetes-models/${apiVersion}`);
  if (!modulePath) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(modulePath) as Record<string, ModelClass>;
    return module[kind];
  } catch {
    return undefined;
  }
}

/** Kubernetes objects are the registered resources whose inputs carry apiVersion and kind. */
export function isKubernetesObject(resource: RecordedResource): boolean {
  return (
    resource.custom &&
    resource.type.startsWith("kubernetes:") &&
    !resource.type.startsWith("kubernetes:helm.sh/") &&
    typeof resource.inputs.apiVersion === "string" &&
    typeof resource.inputs.kind === "string"
  );
}


interface AjvLikeError {
  instancePath?: string;
  message?: string;
  params?: unknown;
}

/** Validates one registered Kubernetes object against its schema (kubernetes-models / CRD packages). */
export function checkKubernetesObject(resource: RecordedResource): SchemaCheck {
  const apiVersion = String(resource.inputs.apiVersion);
  const kind = String(resource.inputs.kind);
  const schemaApiVersion = schemaAliases[apiVersion] ?? apiVersion;
  const Model = modelFor(schemaApiVersion, kind);
  const crdSchema = crdSchemas[`${apiVersion}/${kind}`];
  if (!Model && !crdSchema) return { urn: resource.urn, apiVersion, kind, status: "no-schema", violations: [] };

  const unknownPaths: string[] = [];
  const manifest = replaceUnknowns({ ...resource.inputs, apiVersion: schemaApiVersion }, "unknown-at-plan", unknownPaths) as Record<string, unknown>;
  const isUnknownPath = (at: string) => unknownPaths.some((p) => at === p || at.startsWith(`${p}/`));
  if (!Model) {
    const violations = crdViolations(crdSchema, manifest).filter((v) => !isUnknownPath(v.slice(0, v.indexOf(":"))));
    return { urn: resource.urn, apiVersion, kind, status: "validated-by-crd-schema", schemaApiVersion, violations };
  }
  const violations: string[] = [];
  try {
    new Model(manifest).validate();
  } catch (err) {
    const errors = ((err as { errors?: AjvLikeError[] }).errors ?? [{ message: (err as Error).message }]) as AjvLikeError[];
    for (const e of errors) {
      const at = e.instancePath ?? "";
      if (isUnknownPath(at)) continue;
      violations.push(`${at || "/"}: ${e.message ?? "invalid"}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`);
    }
  }
  return {
    urn: resource.urn,
    apiVersion,
    kind,
    status: schemaApiVersion === apiVersion ? "validated" : "validated-via-alias",
    schemaApiVersion,
    violations,
  };
}
