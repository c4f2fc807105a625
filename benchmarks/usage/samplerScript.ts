import { usageSampleEnd, usageSampleMarker } from "./podUsage";

export interface UsageSamplerTiming {
  /** Seconds between the load generator's start and the measured window (not sampled). */
  readonly warmupSeconds: number;
  /** Seconds between samples. */
  readonly intervalSeconds: number;
  /** Upper bound on the whole step (waiting for the Job's pod included). */
  readonly deadlineSeconds: number;
}

/**
 * The kubectl script that samples a namespace's pods while a benchmark Job loads them. It reads
 * JOB_NAMESPACE, JOB_NAME and TARGET_NAMESPACE from its environment; waits until one of the Job's
 * pods runs, skips the warm-up, then samples until the Job has finished. The source is the metrics
 * API when the cluster serves it, else each node's cAdvisor through the API server's node proxy,
 * filtered to the two series and the namespace that count. Prints the PodUsage JSON of
 * `lab parse pod-usage`.
 */
/**
 * bash lines that wait (polling every 2 s) until a pod of the Job JOB_NAMESPACE/JOB_NAME runs or
 * has run, and fail with `consequence` after `deadlineSeconds`: the start of every script that
 * runs beside a benchmark Job (the usage sampler, the recovery run's pod deleter).
 */
export function waitForJobPodLines(deadlineSeconds: number, consequence: string): string[] {
  return [
    `end=$((SECONDS + ${deadlineSeconds}))`,
    'pods_of_job() { kubectl get pods -n "$JOB_NAMESPACE" -l "batch.kubernetes.io/job-name=$JOB_NAME" -o jsonpath=\'{.items[*].status.phase}\' 2>/dev/null || true; }',
    'until pods_of_job | grep -qE "Running|Succeeded|Failed"; do',
    `  if [ "$SECONDS" -ge "$end" ]; then echo "no pod of Job $JOB_NAMESPACE/$JOB_NAME ran within ${deadlineSeconds}s: ${consequence}" >&2; exit 1; fi`,
    "  sleep 2",
    "done",
  ];
}

export function usageSamplerScript(timing: UsageSamplerTiming): string {
  for (const [key, value] of Object.entries(timing)) {
    if (!Number.isInteger(value) || value < 0) throw new Error(`${key}: expected a non-negative integer, got ${value}`);
  }
  const now = `node -e 'process.stdout.write(String(Date.now() / 1000))'`;
  return [
    ...waitForJobPodLines(timing.deadlineSeconds, "nothing to sample"),
    `sleep ${timing.warmupSeconds}`,
    // TARGET_SELECTOR (optional) narrows the namespace to one workload's pods (phase-08's brokers share a namespace).
    'metrics_path="/apis/metrics.k8s.io/v1beta1/namespaces/$TARGET_NAMESPACE/pods${TARGET_SELECTOR:+?labelSelector=$TARGET_SELECTOR}"',
    'if kubectl get --raw "$metrics_path" > /dev/null 2>&1; then source=metrics-api; else source=cadvisor; fi',
    'selector_flag="${TARGET_SELECTOR:+-l $TARGET_SELECTOR}"',
    'nodes="$(kubectl get pods -n "$TARGET_NAMESPACE" $selector_flag -o jsonpath=\'{.items[*].spec.nodeName}\' | tr " " "\\n" | sort -u)"',
    // cAdvisor has no pod labels: the selected pods' names, as a pattern of `pod="<name>"`.
    'pod_pattern="$(kubectl get pods -n "$TARGET_NAMESPACE" $selector_flag -o jsonpath=\'{.items[*].metadata.name}\' | tr " " "\\n" | sed \'s/.*/pod="&"/\')"',
    "sample() {",
    `  echo "${usageSampleMarker} $(${now})"`,
    '  if [ "$source" = metrics-api ]; then kubectl get --raw "$metrics_path"; echo; else',
    '    for node in $nodes; do',
    '      kubectl get --raw "/api/v1/nodes/$node/proxy/metrics/cadvisor" | grep -E \'^container_(cpu_usage_seconds_total|memory_working_set_bytes)[{]\' | grep -F "namespace=\\"$TARGET_NAMESPACE\\"" | grep -F "$pod_pattern" || true',
    "    done",
    "  fi",
    `  echo "${usageSampleEnd}"`,
    "}",
    'job_done() { [ -n "$(kubectl get job -n "$JOB_NAMESPACE" "$JOB_NAME" -o jsonpath=\'{.status.completionTime}{.status.failed}\' 2>/dev/null || true)" ]; }',
    ': > "$LAB_TMP/usage.txt"',
    'while ! job_done && [ "$SECONDS" -lt "$end" ]; do',
    '  sample >> "$LAB_TMP/usage.txt"',
    `  sleep ${timing.intervalSeconds}`,
    "done",
    // One last sample closes the window at the end of the load.
    'sample >> "$LAB_TMP/usage.txt"',
    'node_modules/.bin/tsx cli/lab.ts parse pod-usage --source "$source" --namespace "$TARGET_NAMESPACE" "$LAB_TMP/usage.txt"',
  ].join("\n");
}
