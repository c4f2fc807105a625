import { z } from "zod";
import { benchmarkResultSchema, unitCostSchema } from "./benchmarkResult";

/**
 * What a metrics backend did with a fixed ingestion load, and how its PromQL API answered a fixed
 * query mix. Ingestion figures are rates and bytes, not request latencies, so they do not fit
 * BenchmarkResult's shape: every figure here carries its unit beside its value, so a reader of the
 * stack output (or a table built from it) never has to guess what a number counts.
 */

/** A measured figure: its value, the unit it is in, and where it was read. */
const figure = <U extends string>(unit: U) =>
  z.object({
    value: z.number().nonnegative(),
    unit: z.literal(unit),
    /** The backend's own metric(s) it comes from, or how it was counted. */
    source: z.string(),
  });

/** A figure a backend may not expose (Prometheus 2.42 exposes no WAL size): null with the reason. */
const optionalFigure = <U extends string>(unit: U) =>
  z.object({
    value: z.number().nonnegative().nullable(),
    unit: z.literal(unit),
    source: z.string(),
    note: z.string().optional(),
  });

export const metricsBackendSchema = z.enum(["prometheus", "victoriametrics"]);
export type MetricsBackend = z.infer<typeof metricsBackendSchema>;

export const ingestionResultSchema = z.object({
  backend: metricsBackendSchema,
  /** As the backend reports itself (prometheus_build_info / vm_app_version), or the caller's pin. */
  backendVersion: z.string(),
  /** The backend's base URL (no credentials). */
  target: z.string(),
  /** When the measured window began (after warm-up). */
  startTime: z.string().datetime({ offset: true }),
  /** Wall-clock length of the window between the two snapshots, s (not the nominal window). */
  windowSeconds: z.number().positive(),
  /** Series the backend holds as active at the end of the window. */
  activeSeries: figure("series"),
  /** Samples appended to storage during the window. */
  samplesIngested: figure("samples"),
  samplesPerSecond: figure("samples/s"),
  /** CPU time the backend process spent per wall-clock second over the window. */
  cpuSecondsPerSecond: figure("CPU s/s"),
  /** Resident memory of the backend process at the end of the window. */
  rssBytes: figure("bytes"),
  /** Bytes on disk at the end of the window. */
  diskBytes: optionalFigure("bytes"),
  /** diskBytes over every sample the backend stored since it started (a short window is WAL-heavy). */
  diskBytesPerSample: optionalFigure("bytes/sample"),
  /**
   * Independent counts to check the self-reported series against: what the generator exposed
   * (its /metrics counted line by line) and what the backend answers to a PromQL count over the
   * generator's series. A self-report is only believed when these agree.
   */
  seriesCheck: z.object({
    generatorSeries: z.number().int().nonnegative(),
    storedSeriesByPromql: z.number().int().nonnegative().nullable(),
    /** The PromQL expression that was counted. */
    promql: z.string(),
  }),
  cost: z.record(z.string(), unitCostSchema).optional(),
});
export type IngestionResult = z.infer<typeof ingestionResultSchema>;

/** One PromQL query class of the query benchmark: its own latencies and failures. */
export const queryClassResultSchema = z.object({
  /** e.g. `instant-light`. */
  class: z.string(),
  /** The PromQL expression sent. */
  query: z.string(),
  /** Requests of this class in the measured window. */
  count: z.number().int().nonnegative(),
  /** Failed requests: HTTP failures plus answers with an empty result (emptyResults). */
  errors: z.number().int().nonnegative(),
  /** `status: success` answers whose `data.result` was empty: the query measured nothing. */
  emptyResults: z.number().int().nonnegative(),
  /** ms, successful and failed requests alike (k6's trend of this class's submetric). */
  latencyMs: z.object({ p50: z.number().nonnegative(), p95: z.number().nonnegative(), p99: z.number().nonnegative() }),
});
export type QueryClassResult = z.infer<typeof queryClassResultSchema>;

export const queryResultSchema = z.object({
  backend: metricsBackendSchema,
  /** The whole mix as one k6 result (rate, errors, all classes' latencies). */
  overall: benchmarkResultSchema,
  classes: z.array(queryClassResultSchema).min(1),
});
export type QueryResult = z.infer<typeof queryResultSchema>;
