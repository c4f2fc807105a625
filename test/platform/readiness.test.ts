import { measurePlatformReadiness } from "../../components/platform/readiness";
import { runStackProgram } from "../../cli/plan/planStack";
import { readStackConfig } from "../../cli/plan/stackConfigFile";

// Shapes as `kubectl get namespaces/pods -o json` prints them (trimmed to the fields read, plus noise).
const namespaces = JSON.stringify({
  apiVersion: "v1",
  kind: "List",
  items: [
    { metadata: { name: "argocd", creationTimestamp: "2026-11-23T10:00:00Z", labels: { "platform-lab/phase": "phase-01" } } },
    { metadata: { name: "openbao", creationTimestamp: "2026-11-23T10:00:02Z", labels: { "platform-lab/phase": "phase-01" } } },
  ],
});

function pod(namespace: string, name: string, ready: string | null, extra: Record<string, unknown> = {}) {
  return {
    metadata: { name, namespace, uid: `${name}-uid`, ...extra },
    status: {
      phase: ready ? "Running" : "Pending",
      conditions: [
        { type: "PodScheduled", status: "True", lastTransitionTime: "2026-11-23T10:00:05Z" },
        { type: "Ready", status: ready ? "True" : "False", lastTransitionTime: ready ?? "2026-11-23T10:00:06Z" },
      ],
    },
  };
}

const pods = JSON.stringify({
  apiVersion: "v1",
  kind: "List",
  items: [
    pod("argocd", "argocd-server-7d9f", "2026-11-23T10:01:10Z"),
    pod("argocd", "argocd-application-controller-0", "2026-11-23T10:01:40Z"),
    pod("openbao", "openbao-0", "2026-11-23T10:00:32Z"),
    // A finished bootstrap Job's pod is not Ready and must not count.
    { ...pod("openbao", "openbao-bootstrap-x1", null, { ownerReferences: [{ kind: "Job", name: "openbao-bootstrap" }] }), status: { phase: "Succeeded", conditions: [{ type: "Ready", status: "False", lastTransitionTime: "2026-11-23T10:00:50Z" }] } },
    // Another phase's pod is outside the platform namespaces.
    pod("lab-data", "lab-pg-1", "2026-11-23T11:00:00Z"),
  ],
});

describe("measurePlatformReadiness", () => {
  it("measures from the first namespace's creation to the last platform pod turning Ready", () => {
    const readiness = measurePlatformReadiness(namespaces, pods);
    // 10:00:00 -> 10:01:40 = 100 s overall; argocd 100 s; openbao 10:00:02 -> 10:00:32 = 30 s.
    expect(readiness).toEqual({ seconds: 100, perNamespaceSeconds: { argocd: 100, openbao: 30 }, slowestNamespace: "argocd", readyPods: 3, notReady: [] });
  });

  it("lists long-running pods that are not Ready, so the figure is read as a lower bound", () => {
    const withPending = JSON.parse(pods);
    withPending.items.push(pod("openbao", "openbao-1", null));
    expect(measurePlatformReadiness(namespaces, JSON.stringify(withPending)).notReady).toEqual(["openbao/openbao-1"]);
  });

  it("fails clearly on output that is not kubectl JSON or has no platform namespace", () => {
    expect(() => measurePlatformReadiness("not json", pods)).toThrow("namespaces: not JSON");
    expect(() => measurePlatformReadiness(JSON.stringify({ items: [] }), pods)).toThrow("no platform namespace");
  });
});

describe("phase-01 measures its readiness after every platform component", () => {
  it("registers the measurement with a dependency on each component's Helm release and the OpenBao bootstrap", async () => {
    const run = await runStackProgram("phase-01", readStackConfig(process.cwd(), "phase-01"));
    expect(run.error).toBeUndefined();
    const measurement = run.resources.find((r) => r.name === "readiness-measurement");
    expect(measurement?.type).toBe("command:local:Command");
    const releases = run.resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release");
    expect(releases.map((r) => r.name).sort()).toEqual(["argo-workflows", "argocd", "crossplane", "external-secrets", "k8s-gateway", "openbao"]);
    for (const release of releases) expect(measurement?.dependencies).toContain(release.urn);
    expect(measurement?.dependencies).toContain(run.resources.find((r) => r.name === "openbao-bootstrap")?.urn);
  });
});
