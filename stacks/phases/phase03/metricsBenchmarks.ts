import * as pulumi from "@pulumi/pulumi";
import { BenchmarkJob } from "../../../benchmarks/BenchmarkJob";
import type { BenchmarkOutcome } from "../../../benchmarks/job/outcome";
import { compareMetricsBackends, type BackendRun, type MetricsComparisonRow } from "../../../benchmarks/metrics/comparison";
import type { IngestionDefinition, QueryDefinition } from "../../../benchmarks/metrics/definitions";
import type { MetricsBackendEndpoints, MetricsBackendName } from "../../../components/observability/metricsBackends";
import { withMetricsCost } from "../../../finops/metricsCost";
import type { UnitPrices } from "../../../finops/unitPrices";
import type { Footprint } from "../../../lib/footprint";
import { resultBackendName } from "./config";

/** What one backend's two benchmarks ended with; the ingestion result carries its cost per unit. */
export interface BackendBenchmarks {
  readonly ingestion: BenchmarkOutcome;
  readonly queries: BenchmarkOutcome;
}

export interface MetricsComparison {
  readonly rows: MetricsComparisonRow[];
  /** Backends left out because their ingestion produced no figures (each with its reason). */
  readonly missing: string[];
}

export interface MetricsBenchmarksArgs {
  readonly phase: string;
  readonly namespace: pulumi.Input<string>;
  readonly kubeconfig: pulumi.Input<string>;
  readonly runId: string;
  readonly ingestion: IngestionDefinition;
  readonly queries: QueryDefinition;
  readonly generatorUrl: string;
  /** Each deployed backend with what it requests (the cost model's max(request, usage)). */
  readonly backends: readonly { readonly endpoints: MetricsBackendEndpoints; readonly footprint: Footprint }[];
  readonly unitPrices: UnitPrices;
  /** The backends' releases and the generator: the first Job waits for them. */
  readonly after: pulumi.Input<pulumi.Resource>[];
}

/** Joins each backend's outcomes to its cost and lines the backends up; pure, so it is tested without mocks. */
export function joinMetricsBenchmarks(
  runs: readonly { name: MetricsBackendName; footprint: Footprint; ingestion: BenchmarkOutcome; queries: BenchmarkOutcome }[],
  unitPrices: UnitPrices,
): { benchmarks: Partial<Record<MetricsBackendName, BackendBenchmarks>>; comparison: MetricsComparison } {
  const benchmarks: Partial<Record<MetricsBackendName, BackendBenchmarks>> = {};
  const compared: BackendRun[] = [];
  const missing: string[] = [];
  for (const run of runs) {
    const ingestion = run.ingestion.ingestion
      ? { ...run.ingestion, ingestion: withMetricsCost({ ingestion: run.ingestion.ingestion, requested: run.footprint, queries: run.queries.result, unitPrices }) }
      : run.ingestion;
    benchmarks[run.name] = { ingestion, queries: run.queries };
    if (!ingestion.ingestion) {
      missing.push(`${run.name}: ${run.ingestion.reason ?? `ingestion ${run.ingestion.status} without figures`}`);
      continue;
    }
    compared.push({
      backend: resultBackendName[run.name],
      ingestion: ingestion.ingestion,
      queries: run.queries.result && run.queries.queryClasses ? { overall: run.queries.result, classes: run.queries.queryClasses } : undefined,
    });
  }
  return { benchmarks, comparison: { rows: compared.length > 0 ? compareMetricsBackends(compared) : [], missing } };
}

/**
 * The metrics benchmarks as Jobs, one after another so no backend is measured while another is
 * loaded: per backend the ingestion window (its own metrics read at the window's start and end,
 * the generator's series counted, a PromQL count) and then the PromQL mix at its arrival rate.
 */
export function metricsBenchmarks(args: MetricsBenchmarksArgs, parent: pulumi.Resource) {
  let previous: pulumi.Input<pulumi.Resource>[] = args.after;
  const runs = args.backends.map(({ endpoints, footprint }) => {
    const common = { phase: args.phase, namespace: args.namespace, kubeconfig: args.kubeconfig, runId: args.runId, target: endpoints.queryUrl };
    const backend = resultBackendName[endpoints.name];
    const ingest = new BenchmarkJob(
      `metrics-ingest-${endpoints.name}`,
      { ...common, tool: "metrics-ingest", definition: args.ingestion, endpoints: { backend, backendUrl: endpoints.queryUrl, generatorUrl: args.generatorUrl }, scenario: "ingestion", after: previous },
      { parent },
    );
    const query = new BenchmarkJob(
      `promql-${endpoints.name}`,
      { ...common, tool: "promql", definition: args.queries, backend, backendUrl: endpoints.queryUrl, scenario: "promql-mix", after: [ingest.job] },
      { parent },
    );
    previous = [query.job];
    return pulumi.all([ingest.outcome, query.outcome]).apply(([ingestion, queries]) => ({ name: endpoints.name, footprint, ingestion, queries }));
  });
  const joined = pulumi.all(runs).apply((r) => joinMetricsBenchmarks(r, args.unitPrices));
  return { benchmarks: joined.apply((j) => j.benchmarks), comparison: joined.apply((j) => j.comparison) };
}
