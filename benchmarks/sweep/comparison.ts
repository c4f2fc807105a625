import { z } from "zod";
import { addedLatency, addedLatencyStepSchema } from "./addedLatency";
import { sloSchema, type Slo } from "./rateSweep";
import { highestStepHoldingSlo, sloLimitSchema } from "./sloLimit";
import { errorRatio, sweepStepSchema, type SweepStep } from "./stepResult";

/**
 * The side-by-side view of alternatives measured with the same definition (gateways in phase-04,
 * proxies in the local proof): one row per figure, each target's value, the best, and each
 * target's delta over the baseline. The stack's `comparison` output and the local table are both
 * this shape, so a figure read on a laptop and one read from a cluster line up.
 *
 * Rules: a value from a load-generator-saturated step is shown but listed in `saturated`, and is
 * never the best nor given a delta; `best` is chosen among the non-baseline targets (the baseline
 * has no proxy in front and would win every latency row); a best value shared by several targets
 * names none (null).
 */
export const targetSweepSchema = z.object({
  /** e.g. `direct` (the baseline), `nginx`, `envoy-gateway`. */
  target: z.string().min(1),
  steps: z.array(sweepStepSchema).min(1),
});
export type TargetSweep = z.infer<typeof targetSweepSchema>;

export const comparisonFigures = {
  p50Ms: { unit: "ms", better: "lower" },
  p90Ms: { unit: "ms", better: "lower" },
  p95Ms: { unit: "ms", better: "lower" },
  p99Ms: { unit: "ms", better: "lower" },
  maxMs: { unit: "ms", better: "lower" },
  achievedPerSecond: { unit: "requests/s", better: "higher" },
  errorRatio: { unit: "failed/all requests", better: "lower" },
  droppedIterations: { unit: "iterations", better: "lower" },
  costPerMillionRequestsUsd: { unit: "USD per million requests", better: "lower" },
  highestStepHoldingSloPerSecond: { unit: "requests/s", better: "higher" },
} as const;
export type ComparisonFigure = keyof typeof comparisonFigures;
const figureNames = Object.keys(comparisonFigures) as [ComparisonFigure, ...ComparisonFigure[]];

export const comparisonRowSchema = z.object({
  figure: z.enum(figureNames),
  unit: z.string(),
  better: z.enum(["lower", "higher"]),
  /** The step the row is about, requests per second; null for whole-sweep figures. */
  offeredPerSecond: z.number().positive().nullable(),
  /** Each target's value (null: no such step, or no figure, e.g. cost not joined). */
  values: z.record(z.string(), z.number().nullable()),
  /** Targets whose value here comes from a load-generator-saturated step. */
  saturated: z.array(z.string()),
  best: z.string().nullable(),
  /** Non-baseline targets: value − the baseline's value (null when either is missing or saturated). */
  deltaOverBaseline: z.record(z.string(), z.number().nullable()),
});
export type ComparisonRow = z.infer<typeof comparisonRowSchema>;

export const comparisonSchema = z.object({
  baseline: z.string(),
  /** In the order given; the baseline first. */
  targets: z.array(z.string()),
  slo: sloSchema,
  /** Per target: the highest step holding the SLO and why the walk stopped. */
  limits: z.record(z.string(), sloLimitSchema),
  /** Per non-baseline target: p50/p99 added over the baseline at each step. */
  addedLatencyMs: z.record(z.string(), z.array(addedLatencyStepSchema)),
  rows: z.array(comparisonRowSchema),
});
export type Comparison = z.infer<typeof comparisonSchema>;

/**
 * Latency of a step in which every request failed is the failures' latency (k6 times a refused
 * connection as 0 ms): no latency figure, or that target would be "best" on every latency row.
 */
const servedLatency = (s: SweepStep, value: number): number | null => (s.requests > 0 && s.errors >= s.requests ? null : value);

const stepFigures: Array<[ComparisonFigure, (s: SweepStep) => number | null]> = [
  ["p50Ms", (s) => servedLatency(s, s.latencyMs.p50)],
  ["p90Ms", (s) => servedLatency(s, s.latencyMs.p90)],
  ["p95Ms", (s) => servedLatency(s, s.latencyMs.p95)],
  ["p99Ms", (s) => servedLatency(s, s.latencyMs.p99)],
  ["maxMs", (s) => servedLatency(s, s.latencyMs.max)],
  ["achievedPerSecond", (s) => s.achievedPerSecond],
  ["errorRatio", (s) => errorRatio(s)],
  ["droppedIterations", (s) => s.droppedIterations],
  ["costPerMillionRequestsUsd", (s) => s.cost?.perMillionRequests?.value ?? null],
];

function checkTargets(baseline: string, targets: readonly TargetSweep[]): void {
  const names = targets.map((t) => t.target);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw new Error(`comparison.targets: target ${JSON.stringify(dup)} appears twice`);
  if (!names.includes(baseline)) throw new Error(`comparison.baseline: got ${JSON.stringify(baseline)}, expected one of the targets (${names.join(", ")})`);
  for (const t of targets) {
    t.steps.forEach((s, i) => {
      if (i > 0 && !(s.offeredPerSecond > t.steps[i - 1].offeredPerSecond)) {
        throw new Error(`comparison.targets.${t.target}.steps.${i}.offeredPerSecond: got ${s.offeredPerSecond}, expected > ${t.steps[i - 1].offeredPerSecond}: steps must strictly increase`);
      }
    });
  }
}

function row(
  figure: ComparisonFigure,
  offeredPerSecond: number | null,
  baseline: string,
  names: readonly string[],
  valueOf: (target: string) => { value: number | null; saturated: boolean },
): ComparisonRow {
  const { unit, better } = comparisonFigures[figure];
  const cells = new Map(names.map((n) => [n, valueOf(n)]));
  const values = Object.fromEntries(names.map((n) => [n, cells.get(n)!.value]));
  const saturated = names.filter((n) => cells.get(n)!.saturated);
  const candidates = names.filter((n) => (names.length > 1 ? n !== baseline : true)).filter((n) => values[n] !== null && !saturated.includes(n));
  let best: string | null = null;
  for (const n of candidates) {
    if (best === null || (better === "lower" ? values[n]! < values[best]! : values[n]! > values[best]!)) best = n;
  }
  // A value shared by several targets names no best (e.g. every target held all steps).
  if (best !== null && candidates.filter((n) => values[n] === values[best!]).length > 1) best = null;
  const base = cells.get(baseline)!;
  const deltaOverBaseline = Object.fromEntries(
    names
      .filter((n) => n !== baseline)
      .map((n) => {
        const c = cells.get(n)!;
        return [n, c.value === null || base.value === null || c.saturated || base.saturated ? null : c.value - base.value];
      }),
  );
  return { figure, unit, better, offeredPerSecond, values, saturated, best, deltaOverBaseline };
}

/** Build the comparison; every target's steps are expected at the same offered rates (missing ones show null). */
export function buildComparison(args: { baseline: string; targets: readonly TargetSweep[]; slo: Slo }): Comparison {
  const targets = args.targets.map((t) => targetSweepSchema.parse(t));
  checkTargets(args.baseline, targets);
  const ordered = [...targets.filter((t) => t.target === args.baseline), ...targets.filter((t) => t.target !== args.baseline)];
  const names = ordered.map((t) => t.target);
  const byName = new Map(ordered.map((t) => [t.target, t]));
  const rates = [...new Set(ordered.flatMap((t) => t.steps.map((s) => s.offeredPerSecond)))].sort((a, b) => a - b);
  const stepAt = (target: string, rate: number) => byName.get(target)!.steps.find((s) => s.offeredPerSecond === rate);

  const limits = Object.fromEntries(ordered.map((t) => [t.target, highestStepHoldingSlo(t.steps, args.slo)]));
  const baseSteps = byName.get(args.baseline)!.steps;
  const added = Object.fromEntries(ordered.filter((t) => t.target !== args.baseline).map((t) => [t.target, addedLatency(baseSteps, t.steps)]));

  const rows: ComparisonRow[] = [];
  for (const rate of rates) {
    for (const [figure, get] of stepFigures) {
      rows.push(
        row(figure, rate, args.baseline, names, (n) => {
          const s = stepAt(n, rate);
          return { value: s ? get(s) : null, saturated: s ? s.saturation.status !== "ok" : false };
        }),
      );
    }
  }
  rows.push(row("highestStepHoldingSloPerSecond", null, args.baseline, names, (n) => ({ value: limits[n].highestHoldingPerSecond, saturated: false })));
  return comparisonSchema.parse({ baseline: args.baseline, targets: names, slo: args.slo, limits, addedLatencyMs: added, rows });
}
