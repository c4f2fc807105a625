import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseIngestionJobLog } from "../../benchmarks/metrics/ingestionLog";
import { parsePromqlJobLog } from "../../benchmarks/metrics/promqlLog";
import { metricsCost } from "../../finops/metricsCost";
import { resolvePricing } from "../../finops/resolvePricing";
import { joinMetricsBenchmarks } from "../../stacks/phases/phase03/metricsBenchmarks";
import { inputAt, only, runStack } from "../helpers/stackRun";

/** phase-03's benchmark wiring: the Jobs under mocks, and the join on outcomes parsed from real captured logs. */

const fixture = (name: string) => readFileSync(join(__dirname, "../fixtures/metrics", name), "utf8");
const footprint = { cpuMillicores: 250, memoryMiB: 768, storageGiB: 10, pods: 1 };

describe("phase-03 benchmark Jobs", () => {
  test("a generator behind a scrape-labelled Service, then per backend the ingestion and the PromQL Job, one after another", async () => {
    const run = await runStack("phase-03");
    if (run.error) throw run.error;
    const service = only(run.resources, "kubernetes:core/v1:Service", "series-generator-service");
    expect(inputAt(service, "metadata.labels")["lab.platform/scrape"]).toBe("true");
    expect(inputAt(service, "spec.ports")).toEqual([{ name: "metrics", port: 9001, targetPort: "metrics" }]);
    const generator = only(run.resources, "kubernetes:apps/v1:Deployment", "series-generator-deployment");
    expect(inputAt(generator, "spec.template.spec.containers.0.image")).toBe("quay.io/prometheuscommunity/avalanche:v0.5.0");
    expect(inputAt(generator, "spec.template.spec.containers.0.args")).toContain("--series-count=100");
    const jobs = run.resources.filter((r) => r.type === "lab:benchmarks:BenchmarkJob").map((r) => r.name);
    expect(jobs).toEqual(["metrics-ingest-prometheus", "promql-prometheus", "metrics-ingest-victoria-metrics", "promql-victoria-metrics"]);
    // Each Job's Kubernetes Job waits for the one before it: no backend is measured while another is loaded.
    const k8sJobs = run.resources.filter((r) => r.type === "kubernetes:batch/v1:Job" && /^(metrics-ingest|promql)-/.test(r.name));
    for (let i = 1; i < k8sJobs.length; i++) expect(k8sJobs[i].dependencies).toContain(k8sJobs[i - 1].urn);
  });

  test.each([
    ["the backends set inside the ingestion definition", { "lab:benchmark": JSON.stringify({ ingestion: { backends: ["prometheus"] } }) }, "lab:benchmark.ingestion.backends: got [\"prometheus\"], expected not set here: the phase's lab:backends decides it"],
    ["a window shorter than two scrape intervals", { "lab:benchmark": JSON.stringify({ ingestion: { windowSeconds: 40 } }) }, "lab:benchmark.ingestion.windowSeconds: got 40, expected ≥ 2 scrape intervals (60 s)"],
    ["a generator larger than a million series", { "lab:benchmark": JSON.stringify({ ingestion: { generator: { metricCount: 1000, seriesCount: 2000 } } }) }, "lab:benchmark.ingestion.generator.seriesCount"],
  ])("config error (%s) names the key and registers nothing but the stack", async (_what, overrides, message) => {
    const run = await runStack("phase-03", { overrides });
    expect(run.error?.message).toContain(message);
    expect(run.resources.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack"]);
  });
});

describe("joinMetricsBenchmarks (real captured Job logs)", () => {
  const prometheus = {
    name: "prometheus" as const,
    footprint,
    ingestion: parseIngestionJobLog(fixture("prometheus-ingestion.log"), { backend: "prometheus", target: "http://prometheus:9090" }),
    queries: parsePromqlJobLog(fixture("prometheus-queries.log"), { backend: "prometheus", target: "http://prometheus:9090" }),
  };
  const victoria = {
    name: "victoria-metrics" as const,
    footprint,
    ingestion: parseIngestionJobLog(fixture("victoriametrics-ingestion.log"), { backend: "victoriametrics", target: "http://vm:8428", backendVersion: "v1.79.5" }),
    queries: parsePromqlJobLog(fixture("victoriametrics-queries.log"), { backend: "victoriametrics", target: "http://vm:8428" }),
  };

  test("each ingestion result carries its cost at max(request, usage) and the queries' cost; the comparison lines both up", async () => {
    const { unitPrices } = await resolvePricing({ profile: "aws" });
    const { benchmarks, comparison } = joinMetricsBenchmarks([prometheus, victoria], unitPrices);
    // The same function the join calls, given the same inputs: the join adds nothing of its own to the figures.
    expect(benchmarks.prometheus?.ingestion.ingestion?.cost).toEqual(metricsCost({ ingestion: prometheus.ingestion.ingestion!, requested: footprint, queries: prometheus.queries.result, unitPrices }));
    expect(benchmarks.prometheus?.ingestion.ingestion?.cost?.perMillionQueries?.value).toBeGreaterThan(0);
    expect(comparison.missing).toEqual([]);
    const series = comparison.rows.find((r) => r.figure === "active series")!;
    expect(Object.keys(series.values).sort()).toEqual(["prometheus", "victoriametrics"]);
    expect(series.values.prometheus).toBe(prometheus.ingestion.ingestion!.activeSeries.value);
  });

  test("a backend whose ingestion failed is named in missing with its reason, not compared as zeros", async () => {
    const { unitPrices } = await resolvePricing({ profile: "aws" });
    const failed = { ...victoria, ingestion: { status: "failed" as const, reason: "backend not reachable" } };
    const { benchmarks, comparison } = joinMetricsBenchmarks([prometheus, failed], unitPrices);
    expect(comparison.missing).toEqual(["victoria-metrics: backend not reachable"]);
    expect(benchmarks["victoria-metrics"]?.ingestion).toEqual({ status: "failed", reason: "backend not reachable" });
    for (const row of comparison.rows) expect(Object.keys(row.values)).toEqual(["prometheus"]);
  });
});
