import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { runStackProgram, type StackRun } from "../../cli/plan/planStack";
import * as recordingMocks from "../../cli/plan/recordingMocks";
import type { RecordedResource } from "../../cli/plan/recordingMocks";
import { readStackConfig } from "../../cli/plan/stackConfigFile";
import { assertOnlyOwnRejections, collectUnhandledRejections } from "../helpers/stackRun";

/** The project root, where `Pulumi.phase-05.yaml` is committed. */
export const projectDir = path.resolve(__dirname, "..", "..");

/**
 * What a deployed cluster would report and the recording mocks cannot know: a Job's uid (new for
 * each new Job, which is what re-runs the log reader) and a Helm release's status.namespace (the
 * object store endpoint is built from it). Everything else stays as preview shows it.
 */
export function deployedLikeState(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> | undefined {
  const inputs = args.inputs as Record<string, any>;
  if (args.type === "kubernetes:batch/v1:Job" && typeof inputs.metadata?.name === "string") {
    return { ...inputs, metadata: { ...inputs.metadata, uid: `uid-of-${inputs.metadata.name}` } };
  }
  if (args.type === "kubernetes:helm.sh/v3:Release" && typeof inputs.namespace === "string") {
    return { ...inputs, status: { namespace: inputs.namespace, name: inputs.name } };
  }
  return undefined;
}

export interface PhaseRun extends StackRun {
  /** Rejections nobody handled during the run (a failed program leaves some; see the report). */
  readonly unhandled: readonly unknown[];
}
export type Phase05Run = PhaseRun;

/** A mock state for some resources: return one, or undefined to keep the recording mocks' answer. */
export type MockAnswer = (args: pulumi.runtime.MockResourceArgs) => Record<string, unknown> | undefined;

/**
 * A phase stack under the recording mocks with its committed stack config plus `overrides` (full
 * keys, JSON string values). `answer` may give some resources a state of their own.
 */
export async function runPhaseStack(stack: string, overrides: Record<string, string> = {}, answer?: MockAnswer): Promise<PhaseRun> {
  const original = recordingMocks.installRecordingMocks;
  const spy = jest.spyOn(recordingMocks, "installRecordingMocks").mockImplementation((options) => {
    const recorder = original(options);
    if (answer) {
      const monitor = pulumi.runtime.getMonitor() as unknown as { mocks: pulumi.runtime.Mocks };
      const mocks = monitor.mocks;
      monitor.mocks = {
        ...mocks,
        newResource(args) {
          const state = answer(args);
          return state ? { id: `${args.name}-id`, state } : mocks.newResource(args);
        },
        call: (args) => mocks.call(args),
      };
    }
    return recorder;
  });
  try {
    const { result: run, unhandled } = await collectUnhandledRejections(() => runStackProgram(stack, readStackConfig(projectDir, stack, overrides)));
    // Only a failed run may leave rejections, and only its own error.
    if (run.error) assertOnlyOwnRejections(stack, run.error, unhandled);
    else if (unhandled.length > 0) throw new Error(`unhandled rejections while running ${stack}: ${unhandled.map(String).join("; ")}`);
    return { ...run, unhandled };
  } finally {
    spy.mockRestore();
  }
}

/** phase-05 under the recording mocks (see runPhaseStack). */
export function runPhase05(overrides: Record<string, string> = {}, answer?: MockAnswer): Promise<Phase05Run> {
  return runPhaseStack("phase-05", overrides, answer);
}

export function ofType(resources: readonly RecordedResource[], type: string): RecordedResource[] {
  return resources.filter((r) => r.type === type);
}

/** The one resource of that type and name; fails with the list of what was registered. */
export function only(resources: readonly RecordedResource[], type: string, name: string): RecordedResource {
  const found = resources.filter((r) => r.type === type && r.name === name);
  if (found.length !== 1) {
    throw new Error(`expected one ${type} named ${name}, found ${found.length} among: ${resources.map((r) => `${r.type} ${r.name}`).join(", ")}`);
  }
  return found[0];
}

/** Reads a nested input by a dotted path (`spec.template.spec.containers.0`). */
export function inputAt(resource: RecordedResource, dotted: string): any {
  return dotted.split(".").reduce<any>((v, k) => (v === undefined || v === null ? undefined : v[k]), resource.inputs);
}

export const jobType = "kubernetes:batch/v1:Job";
export const configMapType = "kubernetes:core/v1:ConfigMap";
export const commandType = "command:local:Command";
export const benchmarkJobType = "lab:benchmarks:BenchmarkJob";
