import * as pulumi from "@pulumi/pulumi";
import type { RegisterResourceRequest, RegisterResourceResponse } from "@pulumi/pulumi/proto/resource_pb";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { deserializeProperties } from "@pulumi/pulumi/runtime/rpc";
import { waitForRPCs } from "@pulumi/pulumi/runtime/settings";
import "../../lib/pulumiInternals";

/** How recorded inputs mark a value not known until the engine applies (Pulumi's own sentinel). */
export const unknownSentinel = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const secretSignatureKey = "4dabf18193072939515e22adb298388d";

/**
 * Unknowns become the sentinel string and secret wrappers their value, so inputs read like
 * manifests; where a secret was unwrapped is kept (JSON pointers) so no writer prints it.
 */
function normalizeInputs(value: unknown, at = "", secretPaths: string[] = []): unknown {
  if (pulumi.Output.isInstance(value)) return unknownSentinel;
  if (value !== null && typeof value === "object") {
    if ((value as Record<string, unknown>).__pulumiUnknown === true) return unknownSentinel;
    if (secretSignatureKey in value) {
      secretPaths.push(at);
      return normalizeInputs((value as { value?: unknown }).value, at, secretPaths);
    }
    if (Array.isArray(value)) return value.map((v, i) => normalizeInputs(v, `${at}/${i}`, secretPaths));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalizeInputs(v, `${at}/${escapePointer(k)}`, secretPaths)]));
  }
  return value;
}

/** A key as a JSON pointer segment (RFC 6901). */
export function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * A copy of recorded inputs with every unknown replaced by `marker` (what a check or a manifest can
 * hold in its place), each unknown's JSON pointer pushed to `found` so its path is not judged.
 */
export function replaceUnknowns(value: unknown, marker: string, found: string[] = [], at = ""): unknown {
  if (value === unknownSentinel) {
    found.push(at);
    return marker;
  }
  if (Array.isArray(value)) return value.map((v, i) => replaceUnknowns(v, marker, found, `${at}/${i}`));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceUnknowns(v, marker, found, `${at}/${escapePointer(k)}`)]));
  }
  return value;
}

/** A resource as the program registered it: what `lab plan` prints and tests assert on. */
export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  /** URN of the parent resource; undefined only for the stack itself. */
  readonly parent?: string;
  /** Provider reference (`urn::id`) for custom resources that name one explicitly or by inheritance. */
  readonly provider?: string;
  readonly custom: boolean;
  /** Inputs with secrets unwrapped and unknowns as `unknownSentinel`; never printed whole. */
  readonly inputs: Record<string, unknown>;
  /** JSON pointers into `inputs` of the values that were Pulumi secrets (`""` when all of it was). */
  readonly secretPaths: readonly string[];
  readonly dependencies: readonly string[];
}

/** Outputs of other stacks as a StackReference sees them, by full stack name. */
export type UpstreamLookup = (fullStackName: string) => { outputs: Record<string, unknown>; secretOutputNames: string[] } | undefined;

export interface RecordingMocksOptions {
  readonly project: string;
  readonly stack: string;
  readonly organization: string;
  /** True: unknown outputs stay unknown, as in `pulumi preview`. */
  readonly preview: boolean;
  readonly upstream: UpstreamLookup;
  /**
   * State the engine would know after apply, for some resources (a generated password as a
   * placeholder, a Helm release's status): merged over the echoed inputs, so what depends on it
   * is known. Undefined keeps preview's unknowns.
   */
  readonly knownOutputs?: KnownOutputs;
}

/** Extra state for a mocked resource, or undefined for none. */
export type KnownOutputs = (args: pulumi.runtime.MockResourceArgs) => Record<string, unknown> | undefined;

export class UnmockedInvokeError extends Error {
  constructor(token: string) {
    super(`The program called the provider function "${token}", which the offline plan does not mock.`);
  }
}

/**
 * Sets up Pulumi's mock runtime so that every registration is recorded with its parent and inputs.
 * MockMonitor does the URN and state bookkeeping; the subclass only watches what passes through.
 */
export function installRecordingMocks(options: RecordingMocksOptions): { resources: RecordedResource[] } {
  const resources: RecordedResource[] = [];
  const mocks: pulumi.runtime.Mocks = {
    newResource(args) {
      if (args.type === "pulumi:pulumi:StackReference") {
        const name = String(args.inputs.name);
        const upstream = options.upstream(name);
        if (!upstream) throw new Error(`unknown stack "${name}"`);
        return { id: name, state: { name, outputs: upstream.outputs, secretOutputNames: upstream.secretOutputNames } };
      }
      // Mocked state echoes the inputs; provider-computed outputs stay unknown in preview.
      return { id: `${args.name}-id`, state: { ...args.inputs, ...options.knownOutputs?.(args) } };
    },
    call(args) {
      throw new UnmockedInvokeError(args.token);
    },
  };

  // setMocks installs a MockMonitor (URNs, state); wrapping its registerResource only watches.
  void pulumi.runtime.setMocks(mocks, options.project, options.stack, options.preview, options.organization);
  const monitor = mockMonitor();
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: RegisterResourceRequest, callback: (err: unknown, response: RegisterResourceResponse) => void) =>
    register(req, (err: unknown, response: RegisterResourceResponse) => {
      if (!err) {
        const secretPaths: string[] = [];
        const object = req.getObject();
        const inputs = normalizeInputs(object ? deserializeProperties(object, true) : {}, "", secretPaths) as Record<string, unknown>;
        resources.push({
          type: req.getType(),
          name: req.getName(),
          urn: response.getUrn(),
          parent: req.getParent() || undefined,
          provider: req.getProvider() || undefined,
          custom: req.getCustom(),
          inputs,
          secretPaths,
          dependencies: req.getDependenciesList(),
        });
      }
      callback(err, response);
    });
  return { resources };
}

/** The monitor setMocks installed; anything else means the mocks are not in place. */
export function mockMonitor(): MockMonitor {
  const monitor = pulumi.runtime.getMonitor();
  if (!(monitor instanceof MockMonitor)) throw new Error("Pulumi's mock runtime is not installed (setMocks)");
  return monitor;
}

/** Waits until every registration the program started has been answered. */
export async function waitForRegistrations(): Promise<void> {
  await waitForRPCs();
}
