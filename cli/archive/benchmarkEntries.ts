import { z } from "zod";
import { benchmarkOutcomeSchema, type BenchmarkOutcome } from "../../benchmarks/job/outcome";
import { sweepStepSchema } from "../../benchmarks/sweep/stepResult";
import { ConfigError, explainIssues } from "../../lib/configErrors";

/**
 * The benchmarks an archived run holds, flattened to one entry each, whatever shape the phase
 * exports them in: a map of outcomes (phase-05: `benchmarks.cnpg-write-heavy`) or sweeps of steps
 * (phase-04: `benchmarks.baseline.steps[i]`, one entry per step, named `<target> @ <rate>/s`).
 * The history lists them and `lab compare` lines them up by name.
 */

export const figureNames = ["rate", "p50", "p95", "p99"] as const;
export type FigureName = (typeof figureNames)[number];

export interface Figure {
  /** The figure as the stack reported it: the median trial's (by rate) when there were several. */
  readonly reported: number;
  /** Each trial's value when the outputs kept them (lib/benchmarkResult.ts trials.perTrial); null when only the median trial's is known. */
  readonly trials: number[] | null;
  /** The trials' range when known without their values (older results keep min and max of rate and p99). */
  readonly range?: { readonly min: number; readonly max: number };
}

export interface BenchmarkEntry {
  readonly name: string;
  readonly status: BenchmarkOutcome["status"];
  readonly reason?: string;
  readonly tool?: string;
  readonly toolVersion?: string;
  /** What was run, for naming a changed definition: absent parts were not in the outputs. */
  readonly definition: {
    readonly target?: string;
    readonly scenario?: string;
    readonly durationSeconds?: number;
    readonly offeredPerSecond?: number;
    /** Trials the figures come from, when the outputs say. */
    readonly trials?: number;
  };
  /** Absent when the benchmark produced no figures (failed). */
  readonly figures?: Record<FigureName, Figure>;
}

const statusSchema = benchmarkOutcomeSchema.shape.status;
const stepReportSchema = z.object({
  offeredPerSecond: z.number(),
  status: statusSchema,
  reason: z.string().optional(),
  tool: z.string().optional(),
  toolVersion: z.string().optional(),
  step: sweepStepSchema.optional(),
});
const sweepReportSchema = z.object({ target: z.string(), steps: z.array(z.unknown()) });

function parseAt<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ConfigError(explainIssues(schema, value, parsed.error.issues, { keyPrefix: `${where}.` }), `Unexpected benchmark at ${where}`);
}

function fromOutcome(name: string, outcome: BenchmarkOutcome): BenchmarkEntry {
  const r = outcome.result;
  const base = { name, status: outcome.status, ...(outcome.reason ? { reason: outcome.reason } : {}) };
  if (!r) return { ...base, definition: {} };
  const count = r.trials?.count ?? 1;
  const perTrial = r.trials?.perTrial?.length === count ? r.trials.perTrial : undefined;
  // One trial is its own median: its figure is the whole sample.
  const trialsOf = (pick: (t: { rate: number; p50: number; p95: number; p99: number }) => number, reported: number) =>
    count === 1 ? [reported] : perTrial ? perTrial.map(pick) : null;
  const figure = (reported: number, pick: Parameters<typeof trialsOf>[0], range?: { min: number; max: number }): Figure => ({
    reported,
    trials: trialsOf(pick, reported),
    ...(range && !perTrial ? { range } : {}),
  });
  return {
    ...base,
    tool: r.tool,
    toolVersion: r.toolVersion,
    definition: { target: r.target, scenario: r.scenario, durationSeconds: r.durationSeconds, trials: count },
    figures: {
      rate: figure(r.rate, (t) => t.rate, r.trials?.rate),
      p50: figure(r.latencyMs.p50, (t) => t.p50),
      p95: figure(r.latencyMs.p95, (t) => t.p95),
      p99: figure(r.latencyMs.p99, (t) => t.p99, r.trials?.p99Ms),
    },
  };
}

function fromStep(target: string, value: unknown, where: string): BenchmarkEntry {
  const report = parseAt(stepReportSchema, value, where);
  const step = report.step;
  const base = {
    name: `${target} @ ${report.offeredPerSecond}/s`,
    status: report.status,
    ...(report.reason ? { reason: report.reason } : {}),
    ...(report.tool ? { tool: report.tool } : {}),
    ...(report.toolVersion ? { toolVersion: report.toolVersion } : {}),
  };
  if (!step) return { ...base, definition: { target, offeredPerSecond: report.offeredPerSecond } };
  // A sweep step keeps only the median trial's figures (sweepStepFromResult): no trials to rank.
  const figure = (reported: number): Figure => ({ reported, trials: null });
  return {
    ...base,
    definition: { target, offeredPerSecond: report.offeredPerSecond, durationSeconds: step.measuredSeconds },
    figures: { rate: figure(step.achievedPerSecond), p50: figure(step.latencyMs.p50), p95: figure(step.latencyMs.p95), p99: figure(step.latencyMs.p99) },
  };
}

/** Every benchmark under the outputs' `benchmarks`, in output order; a malformed one is an error naming its key. */
export function benchmarkEntries(outputs: Record<string, unknown>): BenchmarkEntry[] {
  const entries: BenchmarkEntry[] = [];
  const walk = (node: unknown, where: string) => {
    if (node === null || typeof node !== "object" || Array.isArray(node)) return;
    const o = node as Record<string, unknown>;
    if (sweepReportSchema.safeParse(o).success) {
      const sweep = sweepReportSchema.parse(o);
      sweep.steps.forEach((s, i) => entries.push(fromStep(sweep.target, s, `${where}.steps.${i}`)));
      return;
    }
    if (typeof o.status === "string") {
      entries.push(fromOutcome(where.split(".").slice(2).join("."), parseAt(benchmarkOutcomeSchema, o, where)));
      return;
    }
    for (const [key, value] of Object.entries(o)) walk(value, `${where}.${key}`);
  };
  walk(outputs.benchmarks, "outputs.benchmarks");
  return entries;
}
