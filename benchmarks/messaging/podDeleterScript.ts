import { waitForJobPodLines } from "../usage/samplerScript";
import { podDeletionMarker } from "./jobLog";

export interface PodDeleterTiming {
  /** Seconds after the Job's pod starts running (the tool's start) until the deletion. */
  readonly deleteAfterSeconds: number;
  /** Upper bound on waiting for the Job's pod. */
  readonly deadlineSeconds: number;
}

/**
 * The recovery run's chaos step, run by the lab's kubectl (bash) beside the benchmark Job. Reads
 * JOB_NAMESPACE, JOB_NAME, BROKER_NAMESPACE and BROKER_SELECTOR; waits until the Job's pod runs,
 * waits `deleteAfterSeconds`, deletes the first broker pod the selector names (without waiting for
 * it to go: the broker's operator or StatefulSet brings it back) and prints
 * `LAB_DELETED <pod> <RFC 3339 UTC, ms>`. The clock is the operator's; the tools' timestamps are
 * the pod's, so the time to recover assumes synchronized clocks (kind: the same machine).
 */
export function podDeleterScript(timing: PodDeleterTiming): string {
  for (const [key, value] of Object.entries(timing)) {
    if (!Number.isInteger(value) || value < 0) throw new Error(`${key}: expected a non-negative integer, got ${value}`);
  }
  return [
    "set -euo pipefail",
    ...waitForJobPodLines(timing.deadlineSeconds, "no broker pod deleted"),
    `sleep ${timing.deleteAfterSeconds}`,
    'pod="$(kubectl get pods -n "$BROKER_NAMESPACE" -l "$BROKER_SELECTOR" -o jsonpath=\'{.items[0].metadata.name}\')"',
    'if [ -z "$pod" ]; then echo "no pod in $BROKER_NAMESPACE matches $BROKER_SELECTOR: nothing to delete" >&2; exit 1; fi',
    'kubectl delete pod -n "$BROKER_NAMESPACE" "$pod" --wait=false >&2',
    `echo "${podDeletionMarker} $pod $(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)"`,
  ].join("\n");
}
