import * as k8s from "@pulumi/kubernetes";
import { BenchmarkJob } from "../../../benchmarks/BenchmarkJob";
import { httpLoadDefinitionSchema } from "../../../benchmarks/definitions";
import { generateK6Script } from "../../../benchmarks/k6/script";
import { k6JobScript } from "../../../benchmarks/job/jobScripts";
import { checkKubernetesObject, isKubernetesObject } from "../../../cli/plan/kubernetesSchemas";
import { runStackProgram } from "../../../cli/plan/planStack";
import { images } from "../../../components/charts";

/** No phase runs k6 yet (phase 04 will); the component is exercised here on its own. */
describe("BenchmarkJob with k6 and three parallel runners", () => {
  const definition = httpLoadDefinitionSchema.parse({
    url: "http://gateway.lab-traffic.svc.cluster.local/",
    rate: 300,
    durationSeconds: 60,
    warmupSeconds: 10,
    parallelism: 3,
    thresholds: { http_req_duration: ["p(99)<250"] },
  });

  let run: Awaited<ReturnType<typeof runStackProgram>>;
  beforeAll(async () => {
    run = await runStackProgram("phase-04", { values: {}, secretKeys: [], placeholders: [] }, undefined, async () => {
      const provider = new k8s.Provider("cluster", { kubeconfig: "plan" });
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
    // warm-up + measured run + margin
    expect(spec.activeDeadlineSeconds).toBe(10 + 60 + 120);
  });

  it("ships the generated k6 script and the runner script in its ConfigMap", () => {
    const data = find("kubernetes:core/v1:ConfigMap").inputs.data as Record<string, string>;
    expect(data["script.js"]).toBe(generateK6Script(definition));
    expect(data["run.sh"]).toBe(k6JobScript(definition));
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
    expect(checks.length).toBe(2);
    expect(checks.flatMap((c) => c.violations)).toEqual([]);
  });
});
