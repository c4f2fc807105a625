import * as k8s from "@pulumi/kubernetes";
import { BenchmarkJob } from "../../../benchmarks/BenchmarkJob";
import { httpLoadDefinitionSchema } from "../../../benchmarks/definitions";
import { checkKubernetesObject, isKubernetesObject } from "../../../cli/plan/kubernetesSchemas";
import { runStackProgram } from "../../../cli/plan/planStack";
import { images } from "../../../components/charts";

/** The component on its own, with a secret header (phase-04 uses it without one). */
describe("BenchmarkJob with k6 and three parallel runners", () => {
  const definition = httpLoadDefinitionSchema.parse({
    url: "http://gateway.lab-traffic.svc.cluster.local/",
    rate: 300,
    durationSeconds: 60,
    warmupSeconds: 10,
    parallelism: 3,
    thresholds: { http_req_duration: ["p(99)<250"] },
    headers: { "X-Lab-Plain": "plain-value" },
    secretHeaders: { Authorization: { secretName: "gateway-token", key: "bearer" } },
  });
  /** What the Secret would hold; it is never given to the component, and must appear nowhere. */
  const plantedToken = "Bearer PLANTED-TOKEN-93d1";

  let run: Awaited<ReturnType<typeof runStackProgram>>;
  beforeAll(async () => {
    run = await runStackProgram("phase-04", { values: {}, secretKeys: [], placeholders: [] }, undefined, async () => {
      const provider = new k8s.Provider("cluster", { kubeconfig: "plan" });
      new k8s.core.v1.Secret("gateway-token", { metadata: { name: "gateway-token", namespace: "lab-traffic" }, stringData: { bearer: plantedToken } }, { provider });
      const job = new BenchmarkJob(
        "k6-gateway",
        { tool: "k6", definition, phase: "phase-04", namespace: "lab-traffic", kubeconfig: "plan", runId: "7", target: "gateway" },
        { providers: [provider] },
      );
      return { footprint: job.loadGeneratorFootprint };
    });
  });

  const find = (type: string) => run.resources.find((r) => r.type === type)!;

  it("is one Indexed Job with a runner per execution segment, in the pinned k6 image, as k6's user", () => {
    expect(run.error).toBeUndefined();
    const spec = find("kubernetes:batch/v1:Job").inputs.spec as any;
    expect({ mode: spec.completionMode, completions: spec.completions, parallelism: spec.parallelism, backoffLimit: spec.backoffLimit }).toEqual({
      mode: "Indexed",
      completions: 3,
      parallelism: 3,
      backoffLimit: 0,
    });
    const pod = spec.template.spec;
    expect(pod.containers[0].image).toBe(`${images.k6.repository}:${images.k6.tag}`);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 12345 });
    // (warm-up + measured run) per trial, one trial, + margin
    expect(spec.activeDeadlineSeconds).toBe(10 + 60 + 120);
  });

  it("ships the k6 script and the runner script in its ConfigMap: the target, the open-model rate, p(99), the segments", () => {
    const data = find("kubernetes:core/v1:ConfigMap").inputs.data as Record<string, string>;
    const script = data["script.js"];
    expect(script).toContain('"url":"http://gateway.lab-traffic.svc.cluster.local/"');
    expect(script).toMatch(/"executor": "constant-arrival-rate",\s+"rate": 300,\s+"duration": "60s"/);
    expect(script).toContain('"p(99)<250"');
    expect(script).toContain('"p(99)"');
    expect(script).toContain("export function handleSummary");
    // run.sh runs the definition's trials (one here), each announced for the parser; runner.sh is one k6 run.
    expect(data["run.sh"]).toBe('for trial in $(seq 1 1); do\n  echo "LAB_TRIAL $trial"\n  sh /lab/scripts/runner.sh\ndone');
    const runner = data["runner.sh"];
    expect(runner).toContain("k6 run --quiet --no-color --no-usage-report");
    expect(runner).toContain('0) SEGMENT="0:1/3"');
    expect(runner).toContain('2) SEGMENT="2/3:1"');
  });

  it("takes a secret header from its Secret as an environment variable: name in the script, value nowhere but the Secret", () => {
    const container = (find("kubernetes:batch/v1:Job").inputs.spec as any).template.spec.containers[0];
    const fromSecret = container.env.filter((e: { valueFrom?: unknown }) => e.valueFrom);
    expect(fromSecret).toEqual([{ name: "LAB_SECRET_HEADER_0", valueFrom: { secretKeyRef: { name: "gateway-token", key: "bearer" } } }]);
    const script = (find("kubernetes:core/v1:ConfigMap").inputs.data as Record<string, string>)["script.js"];
    expect(script).toContain('["Authorization","LAB_SECRET_HEADER_0"]');
    expect(script).toContain('"X-Lab-Plain":"plain-value"');
    const everythingButTheSecret = JSON.stringify(run.resources.filter((r) => r.type !== "kubernetes:core/v1:Secret").map((r) => r.inputs)) + JSON.stringify(run.outputs);
    expect(everythingButTheSecret).not.toContain("PLANTED-TOKEN");
    // The search looked for something that exists in this run.
    expect(JSON.stringify(run.resources.map((r) => r.inputs))).toContain("PLANTED-TOKEN");
  });

  it("reads all three runners' logs back and merges them", () => {
    const reader = find("command:local:Command").inputs as { create: string; environment: Record<string, string> };
    expect(reader.create).toContain("--max-log-requests=5");
    expect(reader.create).toContain("parse job-log --tool k6 --parallelism 3");
    expect(reader.environment.JOB_NAME).toBe("k6-gateway-7");
  });

  it("reports the load generators' requests (three runners) for the cost join", () => {
    expect(run.outputs.footprint).toEqual({ cpuMillicores: 1500, memoryMiB: 1536, storageGiB: 0, pods: 3 });
  });

  it("writes only schema-valid Kubernetes objects", () => {
    const checks = run.resources.filter(isKubernetesObject).map(checkKubernetesObject);
    expect(checks.length).toBe(3);
    expect(checks.flatMap((c) => c.violations)).toEqual([]);
  });
});
