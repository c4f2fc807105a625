import { z } from "zod";
import { metricsBackendNames } from "../../../components/observability/metricsBackends";
import { scrapeIntervalSchema } from "../../../components/observability/scrapeConfigs";
import { phaseBaseConfigSchema } from "../phaseConfig";

const bucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)");

/**
 * phase-03 config. `backends` deploys one or both metrics backends; both scrape the same jobs at
 * `scrapeInterval`. `objectStore.buckets` are created in the lab's S3 store (phase-05's backups
 * bucket among them).
 */
export const phase03ConfigSchema = phaseBaseConfigSchema.extend({
  backends: z
    .array(z.enum(metricsBackendNames))
    .min(1)
    .superRefine((names, ctx) => {
      names.forEach((n, i) => {
        if (names.indexOf(n) !== i) ctx.addIssue({ code: "custom", path: [i], message: `each backend once (${n} is listed twice)` });
      });
    })
    .default([...metricsBackendNames]),
  scrapeInterval: scrapeIntervalSchema.default("30s"),
  retentionDays: z.number().int().min(1).max(365).default(7),
  objectStore: z
    .object({ buckets: z.array(bucketName).min(1).default(["lab-backups"]) })
    .strict()
    .prefault({}),
});
export type Phase03Config = z.infer<typeof phase03ConfigSchema>;
