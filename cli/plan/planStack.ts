import * as pulumi from "@pulumi/pulumi";
import "../../lib/pulumiInternals";
import { isJsonObject, pointerKeys, setValueAt, valueAt } from "../../lib/jsonValues";
import { stackContracts } from "../../stacks/contracts";
import { programFor } from "../../stacks/programs";
import { isStackName } from "../../stacks/stackNames";
import { checkKubernetesObject, isKubernetesObject, type SchemaCheck } from "./kubernetesSchemas";
import { installRecordingMocks, waitForRegistrations, type KnownOutputs, type RecordedResource, type UpstreamLookup } from "./recordingMocks";
import type { StackConfig } from "./stackConfigFile";

export const planProject = "platform-lab";
/** The local file backend's organization; StackReference names are built from it. */
export const planOrganization = "organization";

export interface PlannedResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly parent?: string;
  readonly namespace?: string;
  /** `chart@version` for Helm releases. */
  readonly chart?: string;
  /** Helm releases: what `lab charts check` renders (secret values as placeholders). */
  readonly helm?: HelmReleasePlan;
  readonly images: readonly string[];
}

export interface HelmReleasePlan {
  readonly chart: string;
  /** Helm repository URL, or the OCI prefix for an `oci://` chart. */
  readonly repo: string;
  readonly version: string;
  /**
   * The values as registered; the secret placeholder alone when any value in them is secret (Pulumi
   * marks the whole map secret then, so no part of it can be shown).
   */
  readonly values: Record<string, unknown> | typeof secretPlaceholder;
}

export interface StackPlan {
  readonly stack: string;
  readonly ok: boolean;
  /** Config errors, missing upstream stacks, program failures. */
  readonly error?: string;
  readonly placeholders: readonly string[];
  readonly resources: readonly PlannedResource[];
  readonly schema: {
    readonly checked: number;
    readonly viaAlias: number;
    /** Kinds no schema package covers (reported, not counted as violations). */
    readonly noSchema: readonly string[];
    readonly violations: readonly { urn: string; kind: string; messages: readonly string[] }[];
  };
  /** Unpinned charts or images (no version, `latest`, no tag). */
  readonly pinViolations: readonly string[];
  /** Stack outputs; secrets redacted, values unknown until apply left out. */
  readonly outputs: Record<string, unknown>;
  readonly durationMs: number;
}

/** Outputs of every stack as their contracts' plan samples: what a deployed upstream would export. */
export const contractUpstream: UpstreamLookup = (fullName) => {
  const stack = fullName.split("/").pop() ?? "";
  if (!isStackName(stack) || fullName !== `${planOrganization}/${planProject}/${stack}`) return undefined;
  const contract = stackContracts[stack];
  return { outputs: contract.planSample as Record<string, unknown>, secretOutputNames: [...contract.secretKeys] };
};

function collectImages(value: unknown, found: Set<string>): void {
  if (Array.isArray(value)) value.forEach((v) => collectImages(v, found));
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "image" && typeof v === "string") found.add(v);
      else if (k === "imageName" && typeof v === "string") found.add(v);
      else collectImages(v, found);
    }
  }
}

/** What a secret value reads as in a release's values. */
export const secretPlaceholder = "[secret]";

/**
 * A release's values with each secret (JSON pointers from the recording) replaced by the
 * placeholder; the placeholder alone when the values as a whole, or the release, are secret.
 */
function redactedValues(values: Record<string, unknown>, secretPaths: readonly string[]): HelmReleasePlan["values"] {
  if (secretPaths.some((p) => p === "" || p === "/values")) return secretPlaceholder;
  const redacted = structuredClone(values);
  for (const pointer of secretPaths.filter((p) => p.startsWith("/values/"))) {
    setValueAt(redacted, pointerKeys(pointer).slice(1), secretPlaceholder);
  }
  return redacted;
}

/** A release's chart, repository, version and values as the program registered them, secrets redacted. */
function helmRelease(inputs: Record<string, unknown>, secretPaths: readonly string[]): HelmReleasePlan {
  const chart = String(inputs.chart);
  const oci = chart.startsWith("oci://");
  return {
    chart: oci ? chart.slice(chart.lastIndexOf("/") + 1) : chart,
    repo: oci ? chart.slice(0, chart.lastIndexOf("/")) : String(valueAt(inputs, ["repositoryOpts", "repo"]) ?? ""),
    version: String(inputs.version),
    values: redactedValues(isJsonObject(inputs.values) ? inputs.values : {}, secretPaths),
  };
}

const stringOrUndefined = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

function describe(resource: RecordedResource): PlannedResource {
  const inputs = resource.inputs;
  const isRelease = resource.type === "kubernetes:helm.sh/v3:Release";
  const images = new Set<string>();
  if (!isRelease) collectImages(inputs.spec, images);
  return {
    type: resource.type,
    name: resource.name,
    urn: resource.urn,
    parent: resource.parent,
    namespace: stringOrUndefined(isRelease ? inputs.namespace : valueAt(inputs, ["metadata", "namespace"])),
    chart: isRelease ? `${inputs.chart}@${inputs.version}` : undefined,
    helm: isRelease ? helmRelease(inputs, resource.secretPaths) : undefined,
    images: [...images],
  };
}

function pinViolations(resources: readonly PlannedResource[], recorded: readonly RecordedResource[]): string[] {
  const problems: string[] = [];
  recorded.forEach((r, i) => {
    if (r.type === "kubernetes:helm.sh/v3:Release" && !/^v?\d+\.\d+\.\d+/.test(String(r.inputs.version ?? ""))) {
      problems.push(`${r.name}: chart ${String(r.inputs.chart)} has no exact version`);
    }
    for (const image of resources[i].images) {
      const tag = image.includes("@sha256:") ? "digest" : image.split("/").pop()?.split(":")[1];
      if (!tag || tag === "latest") problems.push(`${r.name}: image ${image} is not pinned to a tag`);
    }
  });
  return problems;
}

/** What `lab plan` prints in place of a value the program marked secret. */
export const redactedSecret = "[secret]";

/** Stack outputs as preview knows them, twice: with secret values, and with each secret replaced. */
interface ResolvedOutputs {
  readonly values: Record<string, unknown>;
  readonly redacted: Record<string, unknown>;
}

/**
 * Stack outputs as preview knows them: known values kept, unknown ones left out. Plain objects are
 * walked key by key, as the engine serializes them, so a block with one unknown part (phase-05's
 * cost before its benchmarks ran) still shows the rest. Redaction follows each value's own
 * secretness, at any depth and under any key: the contract's names say what downstream stacks
 * read as secrets, not what the program happened to mark secret.
 */
async function resolveKnown(outputs: Record<string, unknown>): Promise<ResolvedOutputs> {
  const values: Record<string, unknown> = {};
  const redacted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(outputs)) {
    if (value !== null && typeof value === "object" && !Array.isArray(value) && !pulumi.Output.isInstance(value)) {
      const nested = await resolveKnown(value as Record<string, unknown>);
      values[key] = nested.values;
      redacted[key] = nested.redacted;
      continue;
    }
    // pulumi.output lifts a secret anywhere inside an array (or an Output's value) to the whole value.
    const output: pulumi.OutputInstance<unknown> = pulumi.output(value);
    // Whether a value is known at preview has no public API: lib/pulumiInternals.ts declares the SDK's own.
    if (!(await output.isKnown)) continue;
    const known = await output.promise();
    if (known === undefined) continue;
    values[key] = known;
    redacted[key] = (await pulumi.isSecret(output)) ? redactedSecret : known;
  }
  return { values, redacted };
}

/**
 * A failing program rejects more than once: where runStackProgram awaits it (and records the
 * error), and inside the SDK (the Stack resource; a StackReference's own read), with nobody
 * awaiting. Those carry an error already reported, or one the reported error quotes (readStack
 * wraps the engine's message). Anything else is a real unhandled rejection and fails the process.
 */
const reportedErrors = new WeakSet<object>();
const reportedMessages: string[] = [];
let rejectionGuardInstalled = false;
function installRejectionGuard(): void {
  if (rejectionGuardInstalled) return;
  rejectionGuardInstalled = true;
  process.on("unhandledRejection", (reason) => {
    if (reason !== null && typeof reason === "object" && reportedErrors.has(reason)) return;
    if (reason instanceof Error && reportedMessages.some((m) => m.includes(reason.message))) return;
    console.error("unhandled rejection:", reason);
    process.exitCode = 1;
  });
}

function markReported(err: unknown): void {
  if (err !== null && typeof err === "object") reportedErrors.add(err);
  if (err instanceof Error) reportedMessages.push(err.message);
}

export interface StackRun {
  readonly resources: readonly RecordedResource[];
  /** Outputs known at preview, secrets included: for tests, never printed. */
  readonly outputs: Record<string, unknown>;
  /** The same outputs with every secret value replaced by `redactedSecret`: what the plan shows. */
  readonly redactedOutputs: Record<string, unknown>;
  readonly error?: Error;
}

/** Runs one stack's program under mocks, as `pulumi preview` would; what tests assert on. */
export async function runStackProgram(
  stack: string,
  config: StackConfig,
  upstream: UpstreamLookup = contractUpstream,
  /** The stack's own program unless given (the plan benchmark's empty-program floor). */
  program?: () => Promise<Record<string, unknown>>,
  /** State known after apply for some resources (cli/plan/stackManifests.ts); preview's unknowns otherwise. */
  knownOutputs?: KnownOutputs,
): Promise<StackRun> {
  installRejectionGuard();
  const recorder = installRecordingMocks({ project: planProject, stack, organization: planOrganization, preview: true, upstream, knownOutputs });
  pulumi.runtime.setAllConfig(config.values, config.secretKeys);
  try {
    const run = program ?? programFor(stack);
    let returned: Record<string, unknown> = {};
    await pulumi.runtime.runInPulumiStack(async () => (returned = await run()));
    await waitForRegistrations();
    const known = await resolveKnown(returned);
    return { resources: recorder.resources, outputs: known.values, redactedOutputs: known.redacted };
  } catch (err) {
    markReported(err);
    // Drain what the failed program started, so none of it reaches the next stack's mocks.
    await waitForRegistrations().catch(() => undefined);
    return { resources: recorder.resources, outputs: {}, redactedOutputs: {}, error: err instanceof Error ? err : new Error(String(err)) };
  }
}

/** Plans one stack: runs it under mocks and checks schemas and pins of what it registered. */
export async function planStack(
  stack: string,
  config: StackConfig,
  upstream: UpstreamLookup = contractUpstream,
  program?: () => Promise<Record<string, unknown>>,
): Promise<StackPlan> {
  const started = performance.now();
  const run = await runStackProgram(stack, config, upstream, program);
  const resources = run.resources.map(describe);
  const checks: SchemaCheck[] = run.resources.filter(isKubernetesObject).map(checkKubernetesObject);
  const violations = checks.filter((c) => c.violations.length > 0).map((c) => ({ urn: c.urn, kind: c.kind, messages: c.violations }));
  const pins = pinViolations(resources, run.resources);
  const error = run.error?.message;
  return {
    stack,
    ok: !error && violations.length === 0 && pins.length === 0,
    error,
    placeholders: config.placeholders,
    resources,
    schema: {
      checked: checks.filter((c) => c.status !== "no-schema").length,
      viaAlias: checks.filter((c) => c.status === "validated-via-alias").length,
      noSchema: [...new Set(checks.filter((c) => c.status === "no-schema").map((c) => `${c.apiVersion}/${c.kind}`))],
      violations,
    },
    pinViolations: pins,
    outputs: run.redactedOutputs,
    durationMs: Math.round(performance.now() - started),
  };
}
