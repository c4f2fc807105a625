import { z } from "zod";
import { parseOrExplain } from "../../lib/configErrors";
import { httpLoadDefinitionSchema, type HttpLoadDefinition, type HttpLoadDefinitionInput } from "../definitions";

/**
 * A rate sweep: the same open-model HTTP definition run once per offered rate, lowest first, so a
 * target's latency can be read against load and the highest rate it sustains found. Steps must
 * strictly increase: a repeated or falling step would make "the highest step that holds the SLO"
 * ambiguous.
 */
export const rateSweepSchema = z
  .object({
    /** Offered request rates, requests per second, strictly increasing. */
    stepsPerSecond: z.array(z.number().int().min(1)).min(1).default([250, 500, 1000, 2000]),
    /** Measured window of each step, seconds (warm-up excluded). */
    stepSeconds: z.number().int().min(1).default(30),
    /** Warm-up before each step at that step's rate, seconds; never part of the results. */
    warmupSeconds: z.number().int().min(0).default(10),
  })
  .strict()
  .superRefine((s, ctx) => {
    s.stepsPerSecond.forEach((rate, i) => {
      if (i > 0 && !(rate > s.stepsPerSecond[i - 1])) {
        ctx.addIssue({ code: "custom", path: ["stepsPerSecond", i], message: `> ${s.stepsPerSecond[i - 1]} (the step before it): steps must strictly increase` });
      }
    });
  });
export type RateSweepInput = z.input<typeof rateSweepSchema>;
export type RateSweep = z.output<typeof rateSweepSchema>;

/** A service-level objective a step holds when both figures are at or under the limits. */
export const sloSchema = z
  .object({
    /** p99 latency limit, milliseconds. */
    p99Ms: z.number().positive().default(100),
    /** Failed requests / all requests limit, a ratio in [0, 1). */
    errorRatio: z.number().min(0).max(1).default(0.01),
  })
  .strict();
export type SloInput = z.input<typeof sloSchema>;
export type Slo = z.output<typeof sloSchema>;

export function parseRateSweep(input: unknown, where = "sweep"): RateSweep {
  return parseOrExplain(rateSweepSchema, input ?? {}, where);
}

export function parseSlo(input: unknown, where = "slo"): Slo {
  return parseOrExplain(sloSchema, input ?? {}, where);
}

/**
 * One HTTP load definition per step: the base definition (URL, method, headers, VUs, trials,
 * parallelism, thresholds) with the step's rate, window and warm-up. The k6 Job and the local run
 * both take these, so a step means the same load in both places.
 */
export function sweepDefinitions(
  base: Omit<HttpLoadDefinitionInput, "rate" | "durationSeconds" | "warmupSeconds" | "executor" | "stages">,
  sweep: RateSweep,
  where = "sweep",
): Array<{ offeredPerSecond: number; definition: HttpLoadDefinition }> {
  return sweep.stepsPerSecond.map((rate, i) => ({
    offeredPerSecond: rate,
    definition: parseOrExplain(
      httpLoadDefinitionSchema,
      { ...base, executor: "constant-arrival-rate", rate, durationSeconds: sweep.stepSeconds, warmupSeconds: sweep.warmupSeconds },
      `${where}.stepsPerSecond.${i}`,
    ),
  }));
}
