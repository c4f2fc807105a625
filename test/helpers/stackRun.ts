import * as path from "path";
import { deserializeProperties } from "@pulumi/pulumi/runtime/rpc";
import type { RegisterResourceRequest, RegisterResourceResponse } from "@pulumi/pulumi/proto/resource_pb";
import { contractUpstream, runStackProgram, type StackRun } from "../../cli/plan/planStack";
import * as recordingMocks from "../../cli/plan/recordingMocks";
import type { KnownOutputs, RecordedResource, UpstreamLookup } from "../../cli/plan/recordingMocks";
import { readStackConfig, type StackConfig } from "../../cli/plan/stackConfigFile";

/** The project root: where `Pulumi.<stack>.yaml` files live. */
export const projectDir = path.resolve(__dirname, "..", "..");

export const jobType = "kubernetes:batch/v1:Job";
export const configMapType = "kubernetes:core/v1:ConfigMap";
export const commandType = "command:local:Command";
export const benchmarkJobType = "lab:benchmarks:BenchmarkJob";

/** The provider every Kubernetes object of a phase must use (the stack's own `cluster` provider). */
export const clusterProviderRef = "pulumi:providers:kubernetes::cluster";

/**
 * A stack config built by hand, the way the engine hands it over: `lab:`-prefixed keys, strings kept,
 * everything else as JSON text.
 */
export function labConfig(values: Record<string, unknown>, secretKeys: string[] = []): StackConfig {
  const engineValues: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    engineValues[`lab:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return { values: engineValues, secretKeys: secretKeys.map((k) => `lab:${k}`), placeholders: [] };
}

/**
 * Waits until registrations the program started are answered. runStackProgram returns its (live)
 * resource array; after a program error some registrations may still be in flight.
 */
export async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 50));
  await recordingMocks.waitForRegistrations();
}

export function ofType(resources: readonly RecordedResource[], type: string): RecordedResource[] {
  return resources.filter((r) => r.type === type);
}

/** The single resource of a type (and name); fails the test if there is not exactly one. */
export function only(resources: readonly RecordedResource[], type: string, name?: string): RecordedResource {
  const found = resources.filter((r) => r.type === type && (name === undefined || r.name === name));
  if (found.length !== 1) {
    throw new Error(`expected exactly one ${type}${name ? ` named ${name}` : ""}, found ${found.length}: ${resources.map((r) => `${r.type} ${r.name}`).join(", ")}`);
  }
  return found[0];
}

export function childrenOf(resources: readonly RecordedResource[], parent: RecordedResource): RecordedResource[] {
  return resources.filter((r) => r.parent === parent.urn);
}

/** Every resource below `root` in the parent tree. */
export function descendantsOf(resources: readonly RecordedResource[], root: RecordedResource): RecordedResource[] {
  const found: RecordedResource[] = [];
  const walk = (parent: RecordedResource) => {
    for (const child of childrenOf(resources, parent)) {
      found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}

/** Reads a nested input by path (`spec.template.spec.containers.0.name`). */
export function inputAt(resource: RecordedResource, dotted: string): any {
  return dotted.split(".").reduce<any>((v, k) => (v === undefined || v === null ? undefined : v[k]), resource.inputs);
}

export interface RawRegistration {
  readonly type: string;
  readonly name: string;
  readonly additionalSecretOutputs: string[];
  /** Inputs as the engine receives them, secrets still wrapped (`{ [sig]: ..., value }`). */
  readonly rawInputs: Record<string, unknown>;
}

export interface MockInterception {
  readonly registrations: RawRegistration[];
  restore(): void;
}

/**
 * Hooks into the mocks that runStackProgram installs: records what the recorder leaves out
 * (additionalSecretOutputs, secret wrappers) and lets a test give some resources state the engine
 * would know after apply (a RandomPassword's result, say; merged over the inputs). Restore after each use.
 */
export function interceptMocks(answer?: KnownOutputs): MockInterception {
  const registrations: RawRegistration[] = [];
  const original = recordingMocks.installRecordingMocks;
  const spy = jest.spyOn(recordingMocks, "installRecordingMocks").mockImplementation((options) => {
    const knownOutputs: KnownOutputs | undefined = answer ? (args) => ({ ...options.knownOutputs?.(args), ...answer(args) }) : options.knownOutputs;
    const recorder = original({ ...options, knownOutputs });
    const monitor = recordingMocks.mockMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: RegisterResourceRequest, callback: (err: unknown, response: RegisterResourceResponse) => void) => {
      const object = req.getObject();
      registrations.push({
        type: req.getType(),
        name: req.getName(),
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        rawInputs: object ? deserializeProperties(object, true) : {},
      });
      return register(req, callback);
    };
    return recorder;
  });
  return { registrations, restore: () => spy.mockRestore() };
}

/**
 * What a deployed cluster would report and the recording mocks cannot know: a Job's uid (new for
 * each new Job, which is what re-runs the log reader) and a Helm release's status.namespace (the
 * object store endpoint is built from it). Everything else stays as preview shows it.
 */
export const deployedLikeState: KnownOutputs = (args) => {
  const metadata = args.inputs.metadata as { name?: unknown } | undefined;
  if (args.type === jobType && typeof metadata?.name === "string") return { metadata: { ...metadata, uid: `uid-of-${metadata.name}` } };
  if (args.type === "kubernetes:helm.sh/v3:Release" && typeof args.inputs.namespace === "string") {
    return { status: { namespace: args.inputs.namespace, name: args.inputs.name } };
  }
  return undefined;
};

export interface CollectedRun extends StackRun {
  /** Rejections nobody handled during the run (a failed program leaves some: its own error). */
  readonly unhandled: readonly unknown[];
}

/**
 * A stack under the recording mocks with its committed `Pulumi.<stack>.yaml` plus `overrides`
 * (full keys, JSON text values); `knownOutputs` gives some resources their after-apply state.
 * Only a failed run may leave unhandled rejections, and only its own error.
 */
export async function runStack(stack: string, options: { overrides?: Record<string, string>; knownOutputs?: KnownOutputs } = {}): Promise<CollectedRun> {
  const config = readStackConfig(projectDir, stack, options.overrides);
  const { result: run, unhandled } = await collectUnhandledRejections(() => runStackProgram(stack, config, contractUpstream, undefined, options.knownOutputs));
  if (run.error) assertOnlyOwnRejections(stack, run.error, unhandled);
  else if (unhandled.length > 0) throw new Error(`unhandled rejections while running ${stack}: ${unhandled.map(String).join("; ")}`);
  return { ...run, unhandled };
}

/** Pulumi's marker of a secret value in serialized properties. */
export const secretSignature = "1b47061264138c4ac30d75fd1eb44270";

export function isSerializedSecret(value: unknown): boolean {
  return value !== null && typeof value === "object" && (value as Record<string, unknown>)["4dabf18193072939515e22adb298388d"] === secretSignature;
}

/** True when the value at `path` is a secret, or sits inside one (Pulumi lifts secretness to the enclosing value). */
export function isSecretAt(raw: unknown, path: readonly string[]): boolean {
  let node: unknown = raw;
  for (const key of [...path, ""]) {
    if (isSerializedSecret(node)) return true;
    if (key === "" || node === null || typeof node !== "object") return false;
    node = (node as Record<string, unknown>)[key];
  }
  return false;
}

/**
 * The worker's real `process`: jest hands tests a copy, but Node reports unhandled rejections on
 * the real one, where jest listens. `vm.runInThisContext` evaluates in the outer realm.
 */
function realProcess(): NodeJS.Process {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("vm") as typeof import("vm")).runInThisContext("process") as NodeJS.Process;
}

export interface FailedRun extends StackRun {
  readonly error: Error;
  /** Rejections nobody handled while the program ran and settled; each one is the run's own error or its cause. */
  readonly unhandled: readonly Error[];
}

/**
 * Runs a stack whose program is expected to fail. When a program throws, the SDK leaves rejected
 * promises nobody observes (the Stack's outputs, a failed StackReference's outputs; reported as a
 * bug of runStackProgram) and jest would pin them on the running test. They are collected here
 * instead, and anything that is not the run's own error (or the cause it wraps) still fails.
 */
export async function runStackExpectingError(stack: string, config: StackConfig, upstream?: UpstreamLookup): Promise<FailedRun> {
  const { result: run, unhandled } = await collectUnhandledRejections(() => runStackProgram(stack, config, upstream));
  const error = run.error;
  if (!error) throw new Error(`expected ${stack} to fail, it succeeded`);
  assertOnlyOwnRejections(stack, error, unhandled);
  return { ...run, error, unhandled: unhandled as Error[] };
}

/** Fails unless every collected rejection is the run's own error or the cause its message wraps. */
export function assertOnlyOwnRejections(stack: string, error: Error, unhandled: readonly unknown[]): void {
  const foreign = unhandled.filter((r) => !(r instanceof Error && (error.message.includes(r.message) || r.message.includes(error.message))));
  if (foreign.length > 0) throw new Error(`unexpected unhandled rejections while running ${stack}: ${foreign.map(String).join("; ")}`);
}

/**
 * Runs `fn` (a stack run that may fail) with Node's unhandled rejections collected instead of
 * reported to jest, until registrations have settled; jest's listeners are restored afterwards.
 */
export async function collectUnhandledRejections<T>(fn: () => Promise<T>): Promise<{ result: T; unhandled: unknown[] }> {
  const node = realProcess();
  const jestListeners = node.rawListeners("unhandledRejection");
  node.removeAllListeners("unhandledRejection");
  const unhandled: unknown[] = [];
  const collect = (reason: unknown) => void unhandled.push(reason);
  node.on("unhandledRejection", collect);
  try {
    const result = await fn();
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 20));
    return { result, unhandled };
  } finally {
    node.removeListener("unhandledRejection", collect);
    for (const listener of jestListeners) node.on("unhandledRejection", listener as (...args: unknown[]) => void);
  }
}
