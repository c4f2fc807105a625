import { measureArgoCdSync } from "../../components/platform/argoCdSync";
import { runStackProgram } from "../../cli/plan/planStack";
import { readStackConfig } from "../../cli/plan/stackConfigFile";
import { checkKubernetesObject } from "../../cli/plan/kubernetesSchemas";
import { runStackExpectingError } from "../helpers/stackRun";

/** An Application as `kubectl get application -o json` shows it after a sync (fields read, plus noise). */
function application(phase: string, startedAt: string, finishedAt?: string) {
  return JSON.stringify({
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: { name: "lab-sync-probe-1", namespace: "argocd" },
    spec: { project: "default" },
    status: {
      sync: { status: "Synced" },
      health: { status: "Healthy" },
      operationState: {
        phase,
        message: phase === "Succeeded" ? "successfully synced (all tasks run)" : "one or more objects failed to apply",
        startedAt,
        ...(finishedAt ? { finishedAt } : {}),
        syncResult: {
          revision: "3f1c2a9d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39",
          resources: [
            { kind: "Service", name: "guestbook-ui", status: "Synced" },
            { kind: "Deployment", name: "guestbook-ui", status: "Synced" },
          ],
        },
      },
    },
  });
}

describe("measureArgoCdSync", () => {
  it("is the sync operation's finishedAt - startedAt, with the revision and resources applied", () => {
    // 12:00:01 -> 12:00:09.5 = 8.5 s
    expect(measureArgoCdSync(application("Succeeded", "2026-11-23T12:00:01Z", "2026-11-23T12:00:09.500Z"))).toEqual({
      status: "succeeded",
      seconds: 8.5,
      revision: "3f1c2a9d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39",
      resources: 2,
    });
  });

  it("reports a failed sync as a result with its reason", () => {
    const sync = measureArgoCdSync(application("Failed", "2026-11-23T12:00:01Z", "2026-11-23T12:00:04Z"));
    expect(sync).toMatchObject({ status: "failed", seconds: 3, reason: "Failed: one or more objects failed to apply" });
  });

  it("refuses a sync that has not finished, and output that is not JSON", () => {
    expect(() => measureArgoCdSync(application("Running", "2026-11-23T12:00:01Z"))).toThrow("sync still Running");
    expect(() => measureArgoCdSync("nope")).toThrow("not JSON");
  });
});

describe("phase-01 Argo CD sync probe", () => {
  const projectDir = process.cwd();

  it("says the measurement is not configured when lab:argoCdSyncProbe is unset", async () => {
    const run = await runStackProgram("phase-01", readStackConfig(projectDir, "phase-01"));
    expect(run.outputs.argoCdSync).toMatchObject({ status: "not-configured" });
    expect(run.resources.some((r) => r.type === "lab:platform:ArgoCdSyncProbe")).toBe(false);
  });

  it("syncs the configured revision into its own namespace and measures it after readiness", async () => {
    const probe = { repoURL: "https://git.home.example/lab/gitops.git", path: "apps/probe", targetRevision: "v1.0.0", runId: "2" };
    const run = await runStackProgram("phase-01", readStackConfig(projectDir, "phase-01", { "lab:argoCdSyncProbe": JSON.stringify(probe) }));
    expect(run.error).toBeUndefined();
    const app = run.resources.find((r) => r.type === "kubernetes:argoproj.io/v1alpha1:Application")!;
    expect(app.inputs.metadata).toMatchObject({ name: "lab-sync-probe-2", namespace: "argocd" });
    expect(app.inputs.spec).toMatchObject({
      source: { repoURL: probe.repoURL, path: probe.path, targetRevision: "v1.0.0" },
      destination: { namespace: "lab-sync-probe-2" },
      syncPolicy: { automated: { prune: true } },
    });
    expect(checkKubernetesObject(app).violations).toEqual([]);
    const probeComponent = run.resources.find((r) => r.type === "lab:platform:ArgoCdSyncProbe")!;
    const readinessMeasurement = run.resources.find((r) => r.name === "readiness-measurement")!;
    expect(probeComponent.dependencies).toContain(readinessMeasurement.urn);
  });

  it("rejects a probe without a revision before anything is registered", async () => {
    const run = await runStackExpectingError("phase-01", readStackConfig(projectDir, "phase-01", { "lab:argoCdSyncProbe": JSON.stringify({ repoURL: "https://git.home.example/x.git", path: "p" }) }));
    expect(run.error.message).toContain("lab:argoCdSyncProbe.targetRevision");
    expect(run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack")).toEqual([]);
  });
});
