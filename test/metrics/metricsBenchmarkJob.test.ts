import * as k8s from "@pulumi/kubernetes";
import { BenchmarkJob } from "../../benchmarks/BenchmarkJob";
import { parseIngestionDefinition, parseQueryDefinition } from "../../benchmarks/metrics/definitions";
import { checkKubernetesObject, isKubernetesObject } from "../../cli/plan/kubernetesSchemas";
import { runStackProgram } from "../../cli/plan/planStack";
import { images } from "../../components/charts";

/** The two metrics Job kinds as the phase-03 stack would create them, under Pulumi mocks. */
describe("BenchmarkJob for the metrics backends", () => {
  const ingestion = parseIngestionDefinition({ scrapeInterval: "30s", warmupSeconds: 60, windowSeconds: 300 });
  const queries = parseQueryDefinition({ rate: 40, durationSeconds: 120, warmupSeconds: 10 });
  const vm = "http://vmsingle-lab.lab-observability.svc:8429";

  let run: Awaited<ReturnType<typeof runStackProgram>>;
  beforeAll(async () => {
    run = await runStackProgram("phase-03", { values: {}, secretKeys: [], placeholders: [] }, undefined, async () => {
      const provider = new k8s.Provider("cluster", { kubeconfig: "plan" });
      const ingest = new BenchmarkJob(
        "ingest-vm",
        {
          tool: "metrics-ingest",
          definition: ingestion,
          endpoints: { backend: "victoriametrics", backendUrl: vm, generatorUrl: "http://avalanche.lab-observability.svc:9001/metrics" },
          phase: "phase-03",
          namespace: "lab-observability",
          kubeconfig: "plan",
          runId: "1",
          target: "victoriametrics",
        },
        { providers: [provider] },
      );
      const query = new BenchmarkJob(
        "promql-vm",
        { tool: "promql", definition: queries, backend: "victoriametrics", backendUrl: vm, phase: "phase-03", namespace: "lab-observability", kubeconfig: "plan", runId: "1", target: "victoriametrics", after: [ingest.job] },
        { providers: [provider] },
      );
      return { ingestFootprint: ingest.loadGeneratorFootprint, queryFootprint: query.loadGeneratorFootprint };
    });
  });

  const of = (job: string, type: string) => run.resources.find((r) => r.type === type && r.name.startsWith(job))!;

  it("runs both in the pinned k6 image as k6's user, one attempt, deadlines from the definitions", () => {
    expect(run.error).toBeUndefined();
    const ingest = of("ingest-vm", "kubernetes:batch/v1:Job").inputs.spec as any;
    const query = of("promql-vm", "kubernetes:batch/v1:Job").inputs.spec as any;
    for (const spec of [ingest, query]) {
      expect(spec.template.spec.containers[0].image).toBe(`${images.k6.repository}:${images.k6.tag}`);
      expect(spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 12345 });
      expect({ backoffLimit: spec.backoffLimit, completions: spec.completions }).toEqual({ backoffLimit: 0, completions: 1 });
    }
    // warm-up 60 + window 300 + margin 120; warm-up 10 + 120 s measured + 120
    expect(ingest.activeDeadlineSeconds).toBe(480);
    expect(query.activeDeadlineSeconds).toBe(250);
  });

  it("ships the ingestion script with the backend's metrics URL, the generator URL, the window and the PromQL count", () => {
    const data = of("ingest-vm", "kubernetes:core/v1:ConfigMap").inputs.data as Record<string, string>;
    expect(Object.keys(data).sort()).toEqual(["ingest.js", "run.sh"]);
    expect(data["ingest.js"]).toContain(`"metricsUrl":"${vm}/metrics"`);
    expect(data["ingest.js"]).toContain('"generatorUrl":"http://avalanche.lab-observability.svc:9001/metrics"');
    expect(data["ingest.js"]).toContain('"warmupSeconds":60,"windowSeconds":300');
    expect(data["ingest.js"]).toContain('count({__name__=~\\"avalanche_metric_.+\\"})');
    expect(data["run.sh"]).toContain("--log-format raw /lab/scripts/ingest.js");
  });

  it("ships the PromQL mix with its class tags through the HTTP Jobs' runner script", () => {
    const data = of("promql-vm", "kubernetes:core/v1:ConfigMap").inputs.data as Record<string, string>;
    expect(data["script.js"]).toContain(`const BASE = "${vm}"`);
    expect(data["script.js"]).toMatch(/"executor": "constant-arrival-rate",\s+"rate": 40,\s+"duration": "120s"/);
    expect(data["script.js"]).toContain('"http_req_duration{class:range-heavy,scenario:measure}"');
    expect(data["run.sh"]).toContain('0) SEGMENT="0:1"');
  });

  it("reads each log back with its own parser", () => {
    const ingest = of("ingest-vm-result", "command:local:Command").inputs as { create: string };
    const query = of("promql-vm-result", "command:local:Command").inputs as { create: string };
    expect(ingest.create).toContain("parse job-log --tool metrics-ingest --backend victoriametrics");
    expect(query.create).toContain("parse job-log --tool promql --backend victoriametrics");
  });

  it("reports the small ingestion runner and the query runner apart from the backend", () => {
    expect(run.outputs.ingestFootprint).toEqual({ cpuMillicores: 100, memoryMiB: 128, storageGiB: 0, pods: 1 });
    expect(run.outputs.queryFootprint).toEqual({ cpuMillicores: 500, memoryMiB: 512, storageGiB: 0, pods: 1 });
  });

  it("writes only schema-valid Kubernetes objects", () => {
    const checks = run.resources.filter(isKubernetesObject).map(checkKubernetesObject);
    expect(checks.length).toBe(4);
    expect(checks.flatMap((c) => c.violations)).toEqual([]);
  });
});
