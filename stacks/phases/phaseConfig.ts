import { z } from "zod";

/** Every phase stack's config starts here; with these defaults `pulumi up -s phase-NN` needs no config on Kind. */
export const phaseBaseConfigSchema = z.object({
  /** Which cluster stack the phase deploys onto. */
  cluster: z.enum(["kind", "hub"]).default("kind"),
  /**
   * Price settings (finops/profiles.ts, validated there with `lab:pricing.*` in its errors); the
   * profile defaults to the one the cluster stack names.
   */
  pricing: z.record(z.string(), z.unknown()).optional(),
});

/**
 * A phase's choice among its alternatives (gateways, metrics backends, brokers): a non-empty list,
 * each name once, every alternative by default.
 */
export function alternativesSchema<const T extends readonly [string, ...string[]]>(names: T, noun: string) {
  return z
    .array(z.enum(names))
    .min(1)
    .superRefine((chosen, ctx) => {
      chosen.forEach((n, i) => {
        if (chosen.indexOf(n) !== i) ctx.addIssue({ code: "custom", path: [i], message: `each ${noun} once (${n} is listed twice)` });
      });
    })
    .default([...names]);
}

/**
 * A benchmark's run id: part of every Job's name, so a new id runs the benchmarks again and an
 * unrelated `up` never does.
 */
export const benchmarkRunIdSchema = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,18}[a-z0-9])?$/, "a short lowercase id like 1 or 2026-11-23");
