import { z } from "zod";
import { parseOrExplain } from "../../lib/configErrors";
import { metricsBackendSchema } from "../../lib/metricsResult";
import { durationSeconds, durationStringSchema } from "./duration";

/**
 * The metrics benchmarks' definitions, shared by the cluster Jobs and `lab bench --local metrics`
 * (one definition, two places it runs). Every field has a default so a stack config states only
 * what differs from a small run.
 */

const positiveInt = z.number().int().min(1);

/**
 * The series generator, named after avalanche v0.5.0's flags (cmd/avalanche.go) so the cluster's
 * pinned avalanche image and the lab's own generator serve the same shape from one definition:
 * metricCount gauges `avalanche_metric_<m × metricNameLength>_<metric cycle>_<i>`, each with
 * seriesCount series (`series_id`), `cycle_id`, and labelCount constant labels.
 */
export const seriesGeneratorSchema = z
  .object({
    metricCount: positiveInt.max(10_000).default(100).describe("gauges"),
    seriesCount: positiveInt.max(100_000).default(100).describe("series per gauge"),
    labelCount: z.number().int().min(0).max(100).default(5).describe("labels per series"),
    metricNameLength: positiveInt.max(64).default(5),
    labelNameLength: positiveInt.max(64).default(5),
    /** avalanche --value-interval: every series gets a new value this often, s. */
    valueInterval: positiveInt.default(15).describe("s"),
    /**
     * avalanche --series-interval, the churn: this often every series is replaced by a new one
     * (its `cycle_id` moves on), s. 3600 = all series churn once an hour.
     */
    seriesInterval: positiveInt.default(3600).describe("s"),
    /** avalanche --metric-interval: this often every metric name changes, s (a second, rarer churn). */
    metricInterval: positiveInt.default(86_400).describe("s"),
    port: z.number().int().min(1).max(65_535).default(9001),
  })
  .strict()
  .superRefine((g, ctx) => {
    // A million series is already a large Prometheus; the lab's nodes are small.
    if (g.metricCount * g.seriesCount > 1_000_000) {
      ctx.addIssue({ code: "custom", path: ["seriesCount"], message: `metricCount × seriesCount ≤ 1000000 active series (got ${g.metricCount} × ${g.seriesCount})` });
    }
    if (g.seriesInterval < g.valueInterval) {
      ctx.addIssue({ code: "custom", path: ["seriesInterval"], message: `≥ valueInterval (${g.valueInterval} s): a series must live for at least one value` });
    }
  });
export type SeriesGeneratorInput = z.input<typeof seriesGeneratorSchema>;
export type SeriesGenerator = z.output<typeof seriesGeneratorSchema>;

/** Series the generator exposes at any moment. */
export function activeSeriesOf(g: SeriesGenerator): number {
  return g.metricCount * g.seriesCount;
}

/** Series replaced per second on average (every series once per seriesInterval). */
export function churnPerSecond(g: SeriesGenerator): number {
  return activeSeriesOf(g) / g.seriesInterval;
}

export const ingestionDefinitionSchema = z
  .object({
    backends: z.array(metricsBackendSchema).min(1).default(["prometheus", "victoriametrics"]),
    generator: seriesGeneratorSchema.prefault({}),
    /** Both backends scrape every target at this interval (a Prometheus duration string). */
    scrapeInterval: durationStringSchema(1).default("15s"),
    /** Scraping before the window opens: series created, caches warm, first WAL segment written. */
    warmupSeconds: z.number().int().min(0).default(30).describe("s"),
    /** The measured window between the two self-metrics snapshots. */
    windowSeconds: positiveInt.default(120).describe("s"),
    // No trials: one window per run (a repeat is a new run id), as the README says.
  })
  .strict()
  .superRefine((d, ctx) => {
    const interval = durationSeconds(d.scrapeInterval);
    // Fewer than two scrapes in the window gives a rate from one sample step: noise, not a figure.
    if (interval !== null && d.windowSeconds < 2 * interval) {
      ctx.addIssue({ code: "custom", path: ["windowSeconds"], message: `≥ 2 scrape intervals (${2 * interval} s)` });
    }
  })
  .transform((d) => ({ ...d, scrapeIntervalSeconds: durationSeconds(d.scrapeInterval) as number }));
export type IngestionDefinitionInput = z.input<typeof ingestionDefinitionSchema>;
export type IngestionDefinition = z.output<typeof ingestionDefinitionSchema>;

export const queryDefinitionSchema = z
  .object({
    /** Queries per second over all classes (they take turns), open model. */
    rate: positiveInt.max(10_000).default(20).describe("queries/s"),
    durationSeconds: positiveInt.default(30).describe("s"),
    warmupSeconds: z.number().int().min(0).default(5).describe("s"),
    /** How far back the range queries reach from now. */
    rangeSeconds: positiveInt.default(300).describe("s"),
    /** Resolution step of the range queries. */
    stepSeconds: positiveInt.default(15).describe("s"),
    preAllocatedVUs: positiveInt.default(10),
    maxVUs: positiveInt.default(100),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.stepSeconds > d.rangeSeconds) ctx.addIssue({ code: "custom", path: ["stepSeconds"], message: `≤ rangeSeconds (${d.rangeSeconds})` });
    if (d.rangeSeconds / d.stepSeconds > 11_000) {
      // Both backends refuse more than 11000 points per series (Prometheus: "exceeded maximum resolution").
      ctx.addIssue({ code: "custom", path: ["stepSeconds"], message: `≥ rangeSeconds / 11000 (${Math.ceil(d.rangeSeconds / 11_000)} s): the backends refuse more than 11000 points per series` });
    }
    if (d.maxVUs < d.preAllocatedVUs) ctx.addIssue({ code: "custom", path: ["maxVUs"], message: `≥ preAllocatedVUs (${d.preAllocatedVUs})` });
  });
export type QueryDefinitionInput = z.input<typeof queryDefinitionSchema>;
export type QueryDefinition = z.output<typeof queryDefinitionSchema>;

/** Refused with every problem named under `where` (e.g. `lab:metrics.ingestion`), before anything runs. */
export function parseIngestionDefinition(input: unknown, where = "benchmark.metrics.ingestion"): IngestionDefinition {
  return parseOrExplain(ingestionDefinitionSchema, input, where);
}

export function parseQueryDefinition(input: unknown, where = "benchmark.metrics.queries"): QueryDefinition {
  return parseOrExplain(queryDefinitionSchema, input, where);
}
