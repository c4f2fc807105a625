import type { HttpLoadDefinition, PgbenchDefinition } from "../definitions";
import { executionSegments } from "../k6/merge";
import { pgbenchInvocation, shellQuote } from "../pgbench/invocation";
import { markers } from "./logMarkers";

/** Where the Job's scripts are mounted (ConfigMap) and where it writes (emptyDir). */
export const jobPaths = { scripts: "/lab/scripts", work: "/lab/work" } as const;

/**
 * The shell script the pgbench Job runs in the official postgres image: init, warm-up, then each
 * trial's report and per-thread transaction logs (gzip + base64, so a long run stays a small log).
 * The argv are exactly those of the local run (benchmarks/pgbench/invocation.ts). `paths` differ
 * only when the script is proven outside a container.
 */
export function pgbenchJobScript(def: PgbenchDefinition, paths: { scripts: string; work: string } = jobPaths): string {
  const scriptPath = `${paths.scripts}/custom.sql`;
  const first = pgbenchInvocation(def, { logDir: `${paths.work}/trial-1`, scriptPath });
  const lines = [
    "set -u",
    `cd ${paths.work}`,
    `echo "${markers.toolVersion} $(pgbench --version)"`,
    // `step` runs a tool invocation, records how it ended, and stops the script (successfully)
    // after a failure: the log then says which step failed and with what.
    'step() { name="$1"; shift; "$@" > "$name.out" 2> "$name.err"; code=$?; echo "' + markers.exit + ' $name $code";',
    `  if [ "$code" -ne 0 ]; then echo "${markers.begin} stderr step=$name"; tail -n 40 "$name.err"; echo "${markers.end} stderr"; exit 0; fi; }`,
    `step init ${shellQuote(first.init)}`,
  ];
  if (first.warmup) lines.push(`step warmup ${shellQuote(first.warmup)}`);
  for (let trial = 1; trial <= def.trials; trial++) {
    const dir = `${paths.work}/trial-${trial}`;
    const invocation = pgbenchInvocation(def, { logDir: dir, scriptPath });
    lines.push(
      `mkdir -p ${dir}`,
      `step trial-${trial} ${shellQuote(invocation.run)}`,
      `echo "${markers.begin} pgbench-report trial=${trial}"; cat trial-${trial}.out; echo "${markers.end} pgbench-report"`,
      `for f in ${invocation.logPrefix}.*; do echo "${markers.begin} pgbench-txlog trial=${trial} file=$(basename "$f") encoding=gzip+base64"; gzip -c "$f" | base64 | tr -d '\\n'; echo; echo "${markers.end} pgbench-txlog"; done`,
    );
  }
  lines.push('echo "benchmark finished"');
  return lines.join("\n");
}

/**
 * The shell script each k6 runner runs in the grafana/k6 image. An Indexed Job gives runner i its
 * JOB_COMPLETION_INDEX; the runner takes execution segment i, so N runners share the load and the
 * summaries (with their latency histograms) merge exactly. `paths` differ only when the script runs
 * outside a container (the local proof runs this very script with the real k6).
 */
/**
 * A k6 runner's trials one after another (each with its own warm-up), each announced by a trial
 * marker so the job-log parser can merge the runners trial by trial and report the median trial.
 * Runner i of every trial takes the same execution segment, so a trial's segments still add up.
 */
export function k6TrialsScript(trials: number, paths: { scripts: string } = jobPaths): string {
  return [`for trial in $(seq 1 ${trials}); do`, `  echo "${markers.trial} $trial"`, `  sh ${paths.scripts}/runner.sh`, "done"].join("\n");
}

export function k6JobScript(def: HttpLoadDefinition, paths: { scripts: string } = jobPaths): string {
  const segments = executionSegments(def.parallelism);
  const cases = segments.map((s, i) => `  ${i}) SEGMENT="${s.segment}" ;;`).join("\n");
  return [
    "set -u",
    `echo "${markers.toolVersion} $(k6 version | head -n 1)"`,
    `case "\${JOB_COMPLETION_INDEX:-0}" in\n${cases}\n  *) echo "no execution segment for runner $JOB_COMPLETION_INDEX"; exit 1 ;;\nesac`,
    `SEQUENCE="${segments[0].sequence}"`,
    // No REST API server (unused, and runners sharing a host would fight over its port 6565, as
    // the real k6 showed) and no usage report (nothing leaves the lab).
    `k6 run --quiet --no-color --no-usage-report --address "" --execution-segment "$SEGMENT" --execution-segment-sequence "$SEQUENCE" ${paths.scripts}/script.js`,
    // 99 is k6's "thresholds failed": a result, not a broken run.
    `echo "${markers.exit} k6-runner-\${JOB_COMPLETION_INDEX:-0} $?"`,
  ].join("\n");
}
