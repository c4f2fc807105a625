import { runStackProgram } from "../../cli/plan/planStack";
import { charts, imageRef, images } from "../../components/charts";
import { containerResources, footprintOf } from "../../components/core/sizing";
import { openBaoBootstrapScript } from "../../components/platform/openBaoBootstrapScript";
import { labConfig, only } from "../helpers/stackRun";

describe("pinned charts and images", () => {
  it.each(Object.entries(charts))("%s pins an exact chart version from an https or oci repository", (_key, chart) => {
    // Envoy Gateway publishes its charts with a leading v (oci://docker.io/envoyproxy/gateway-helm:v1.9.0).
    expect(chart.version).toMatch(/^v?\d+\.\d+\.\d+$/);
    expect(chart.repo).toMatch(/^(https|oci):\/\//);
    expect(chart.source).toMatch(/^https:\/\//);
  });

  it.each(Object.entries(images))("%s pins a tag that is not latest", (_key, image) => {
    const ref = imageRef(image);
    expect(ref).toMatch(/^[^\s:]+:[^\s:]+/);
    expect(image.tag).not.toMatch(/^latest/);
  });

  it("pins the kind node image by digest too", () => {
    expect(imageRef(images.kindNode)).toMatch(/^kindest\/node:v\d+\.\d+\.\d+@sha256:[0-9a-f]{64}$/);
  });
});

describe("sizing", () => {
  it("requests CPU and memory, limits memory at twice the request and never limits CPU", () => {
    expect(containerResources({ cpuMillicores: 250, memoryMiB: 512 })).toEqual({ requests: { cpu: "250m", memory: "512Mi" }, limits: { memory: "1024Mi" } });
  });

  it("multiplies a footprint by replicas", () => {
    expect(footprintOf({ cpuMillicores: 50, memoryMiB: 64 }, 3, 10)).toEqual({ cpuMillicores: 150, memoryMiB: 192, storageGiB: 10, pods: 3 });
  });
});

describe("openBaoBootstrapScript", () => {
  const script = openBaoBootstrapScript({ role: "eso", serviceAccount: "eso-sa", serviceAccountNamespace: "eso-ns", kvMount: "kv" }, "public-placeholder");

  it("fails fast and is idempotent: enables the mount and auth only when missing", () => {
    expect(script.split("\n")[0]).toBe("set -eu");
    expect(script).toContain("grep -q '\"kv/\"' || bao secrets enable -path=kv kv-v2");
    expect(script).toContain("grep -q '\"kubernetes/\"' || bao auth enable kubernetes");
  });

  it("grants read-only access to lab secrets and binds the role to one service account in one namespace", () => {
    expect(script).toContain('path "kv/data/lab/*" { capabilities = ["read"] }');
    expect(script).toContain('path "kv/metadata/lab/*" { capabilities = ["read", "list"] }');
    expect(script).not.toMatch(/"(create|update|delete|sudo)"/);
    expect(script).toContain("bao write auth/kubernetes/role/eso bound_service_account_names=eso-sa bound_service_account_namespaces=eso-ns policies=eso");
  });

  it("stops before configuring anything when the chart's public placeholder works as a token", () => {
    const lines = script.split("\n");
    const guard = lines.findIndex((l) => l.includes("BAO_TOKEN='public-placeholder' bao token lookup"));
    expect(guard).toBeGreaterThan(0);
    expect(lines[guard]).toMatch(/then .*exit 1; fi$/);
    expect(guard).toBeLessThan(lines.findIndex((l) => l.includes("bao secrets enable")));
  });

  it("uses the real token only from the environment: the only token on any line is the public placeholder", () => {
    expect(script.replace("BAO_TOKEN='public-placeholder'", "")).not.toMatch(/-token|BAO_TOKEN=/);
  });
});

describe("scaffold phase namespace", () => {
  it("enforces the restricted Pod Security Standard", async () => {
    const run = await runStackProgram("phase-06", labConfig({}));
    expect(run.error).toBeUndefined();
    const labels = (only(run.resources, "kubernetes:core/v1:Namespace").inputs.metadata as { labels: Record<string, string> }).labels;
    expect(labels).toEqual({
      "app.kubernetes.io/part-of": "platform-lab",
      "app.kubernetes.io/managed-by": "pulumi",
      "platform-lab/phase": "phase-06",
      "platform-lab/component": "phase",
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/warn": "restricted",
    });
  });
});
