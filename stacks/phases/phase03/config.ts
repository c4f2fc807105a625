import { z } from "zod";
import { ingestionDefinitionSchema, queryDefinitionSchema, type IngestionDefinition } from "../../../benchmarks/metrics/definitions";
import { expectation } from "../../../lib/configErrors";
import type { MetricsBackend } from "../../../lib/metricsResult";
import { metricsBackendNames, type MetricsBackendName } from "../../../components/observability/metricsBackends";
import { scrapeIntervalSchema } from "../../../components/observability/scrapeConfigs";
import { alternativesSchema, benchmarkRunIdSchema, phaseBaseConfigSchema } from "../phaseConfig";

const bucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)");

/** The backends' names as the metrics results spell them (lib/metricsResult.ts). */
export const resultBackendName: Record<MetricsBackendName, MetricsBackend> = { prometheus: "prometheus", "victoria-metrics": "victoriametrics" };

/** The ingestion definition's input without what the phase itself decides (which backends, the scrape interval). */
const phaseOwnedIngestionKeys = { backends: "lab:backends", scrapeInterval: "lab:scrapeInterval" } as const;

/**
 * phase-03 config. `backends` deploys one or both metrics backends; both scrape the same jobs at
 * `scrapeInterval`. `objectStore.buckets` are created in the lab's S3 store (phase-05's backups
 * bucket among them). `benchmark` re-runs only when its `runId` changes: `ingestion` is the
 * ingestion definition (benchmarks/metrics/definitions.ts: generator, warm-up, window, trials)
 * run against every deployed backend, `queries` the PromQL mix.
 */
export const phase03ConfigSchema = phaseBaseConfigSchema
  .extend({
    backends: alternativesSchema(metricsBackendNames, "backend"),
    scrapeInterval: scrapeIntervalSchema.default("30s"),
    retentionDays: z.number().int().min(1).max(365).default(7),
    objectStore: z
      .object({ buckets: z.array(bucketName).min(1).default(["lab-backups"]) })
      .strict()
      .prefault({}),
    benchmark: z
      .object({
        runId: benchmarkRunIdSchema.default("1"),
        ingestion: z.record(z.string(), z.unknown()).default({}),
        queries: queryDefinitionSchema.prefault({}),
      })
      .strict()
      .prefault({}),
  })
  .superRefine((c, ctx) => {
    for (const [key, owner] of Object.entries(phaseOwnedIngestionKeys)) {
      if (key in c.benchmark.ingestion) ctx.addIssue({ code: "custom", path: ["benchmark", "ingestion", key], message: `not set here: the phase's ${owner} decides it` });
    }
    const parsed = ingestionDefinitionSchema.safeParse(ingestionInput(c));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: ["benchmark", "ingestion", ...issue.path.map(String)], message: expectation(issue) });
    }
  });
export type Phase03Config = z.infer<typeof phase03ConfigSchema>;

function ingestionInput(c: Pick<Phase03Config, "backends" | "scrapeInterval" | "benchmark">) {
  return { ...c.benchmark.ingestion, backends: c.backends.map((b) => resultBackendName[b]), scrapeInterval: c.scrapeInterval };
}

/** The ingestion definition the phase runs: the config's, with the phase's backends and scrape interval. */
export function phase03IngestionDefinition(c: Phase03Config): IngestionDefinition {
  return ingestionDefinitionSchema.parse(ingestionInput(c));
}
