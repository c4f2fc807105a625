import { gunzipSync } from "zlib";
import { z } from "zod";
import { K6_SUMMARY_MARKER } from "../k6/script";
import { medianTrial } from "../local/trials";
import { parseToolOutput } from "../parse";
import type { TxlogColumns } from "../pgbench/txlog";
import { benchmarkResultSchema, type BenchmarkResult } from "../../lib/benchmarkResult";
import { ingestionResultSchema, queryClassResultSchema } from "../../lib/metricsResult";
import { messagingStepResultSchema, recoveryResultSchema } from "../../lib/messagingResult";
import { markers, readExits, readSections, readToolVersion } from "./logMarkers";

/**
 * What a benchmark Job produced: a result, or why there is none. `failed` and `thresholds-failed`
 * are outcomes to report, not errors of the deployment.
 */
export const benchmarkOutcomeSchema = z.object({
  status: z.enum(["passed", "thresholds-failed", "failed"]),
  reason: z.string().optional(),
  result: benchmarkResultSchema.optional(),
  /** A metrics ingestion Job's figures (rates and bytes, which `result`'s latency shape does not fit). */
  ingestion: ingestionResultSchema.optional(),
  /** A PromQL query Job's figures per query class (`result` holds the whole mix). */
  queryClasses: z.array(queryClassResultSchema).optional(),
  /** A messaging Job's figures (messages, not requests: rates, counts, two latencies). */
  messaging: messagingStepResultSchema.optional(),
  /** A recovery run's time to recover and loss (`messaging` holds the run's figures). */
  recovery: recoveryResultSchema.optional(),
});
export type BenchmarkOutcome = z.infer<typeof benchmarkOutcomeSchema>;

export function failedStep(log: string): BenchmarkOutcome | undefined {
  const failed = readExits(log).find((e) => e.code !== 0 && !(e.step.startsWith("k6-runner-") && e.code === 99));
  if (!failed) return undefined;
  const stderr = readSections(log).find((s) => s.kind === "stderr" && s.attributes.step === failed.step);
  const detail = stderr ? `: ${stderr.body.trim().split("\n").slice(-5).join(" | ")}` : "";
  return { status: "failed", reason: `${failed.step} exited with ${failed.code}${detail}` };
}

export interface PgbenchJobLogMeta {
  readonly target: string;
  readonly scenario?: string;
  readonly txlogColumns?: TxlogColumns;
}

/** A pgbench Job's log: each trial's report joined to its transaction logs; the median trial reported. */
export function parsePgbenchJobLog(log: string, meta: PgbenchJobLogMeta): BenchmarkOutcome {
  const failure = failedStep(log);
  if (failure) return failure;
  const sections = readSections(log);
  const reports = sections.filter((s) => s.kind === "pgbench-report");
  if (reports.length === 0) return { status: "failed", reason: "the job log holds no pgbench report (did the Job run the benchmark?)" };
  const trials: BenchmarkResult[] = reports.map((report) => {
    const trial = report.attributes.trial;
    const txlogs = sections
      .filter((s) => s.kind === "pgbench-txlog" && s.attributes.trial === trial)
      .map((s) => {
        if (s.attributes.encoding !== "gzip+base64") throw new Error(`job log line ${s.line}: expected encoding=gzip+base64, got "${s.attributes.encoding}"`);
        return { name: s.attributes.file ?? `trial-${trial}`, text: gunzipSync(Buffer.from(s.body.trim(), "base64")).toString("utf8") };
      });
    return parseToolOutput("pgbench", report.body, { txlogs, txlogColumns: meta.txlogColumns, target: meta.target, scenario: meta.scenario });
  });
  return { status: "passed", result: medianTrial(trials) };
}

export interface K6JobLogMeta {
  readonly target: string;
  readonly scenario?: string;
  /** How many runners the Job had; a missing summary is a failed run, not a smaller one. */
  readonly parallelism: number;
}

/** The logs of all runners of a k6 Job: their summaries merged, thresholds judged on the merge. */
export function parseK6JobLog(log: string, meta: K6JobLogMeta): BenchmarkOutcome {
  const failure = failedStep(log);
  if (failure) return failure;
  // Each runner's log announces its trials (k6TrialsScript); a log without trial markers is one trial.
  const byTrial = new Map<string, string[]>();
  let trial = "1";
  for (const line of log.split(/\r?\n/)) {
    const words = line.trim().split(/\s+/);
    if (words[0] === markers.trial && words[1]) trial = words[1];
    else if (line.startsWith(K6_SUMMARY_MARKER)) byTrial.set(trial, [...(byTrial.get(trial) ?? []), line]);
  }
  if (byTrial.size === 0) return { status: "failed", reason: `expected ${meta.parallelism} k6 runner summaries in the job log, found 0` };
  const trials: BenchmarkResult[] = [];
  for (const [n, summaries] of byTrial) {
    if (summaries.length !== meta.parallelism) {
      return { status: "failed", reason: `expected ${meta.parallelism} k6 runner summaries${byTrial.size > 1 ? ` in trial ${n}` : ""} in the job log, found ${summaries.length}` };
    }
    trials.push(parseToolOutput("k6", summaries[0], { moreRunners: summaries.slice(1), target: meta.target, scenario: meta.scenario, toolVersion: readToolVersion(log) }));
  }
  // The median trial by rate, as pgbench's; its thresholds are the outcome's.
  const result = medianTrial(trials);
  const thresholdsFailed = result.thresholds.some((t) => !t.passed);
  return thresholdsFailed
    ? { status: "thresholds-failed", reason: `thresholds failed: ${result.thresholds.filter((t) => !t.passed).map((t) => `${t.metric} ${t.expression}`).join(", ")}`, result }
    : { status: "passed", result };
}
