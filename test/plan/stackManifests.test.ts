import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { readStackConfig } from "../../cli/plan/stackConfigFile";
import { deployOrder, secretPlaceholder, stackManifests, toLabManifest, writeStackManifests, type LabManifest } from "../../cli/plan/stackManifests";
import type { RecordedResource } from "../../cli/plan/recordingMocks";
import { projectDir } from "../helpers/stackRun";

function recorded(name: string, inputs: Record<string, unknown>, extra: Partial<RecordedResource> = {}): RecordedResource {
  return {
    type: `kubernetes:${String(inputs.apiVersion ?? "lab")}:${String(inputs.kind ?? "Thing")}`,
    name,
    urn: `urn:pulumi:test::platform-lab::${name}`,
    custom: true,
    inputs,
    secretPaths: [],
    dependencies: [],
    ...extra,
  };
}

describe("stackManifests (lab plan --manifests)", () => {
  let manifests: readonly LabManifest[] = [];
  beforeAll(async () => {
    const planned = await stackManifests("phase-05", readStackConfig(projectDir, "phase-05"));
    expect(planned.error).toBeUndefined();
    manifests = planned.manifests;
  });
  const index = (kind: string, name: string | RegExp) => manifests.findIndex((m) => m.kind === kind && (typeof name === "string" ? m.name === name : name.test(m.name)));

  it("puts namespaces first, then every object after what it depends on", () => {
    const namespaces = manifests.filter((m) => m.kind === "Namespace").length;
    expect(namespaces).toBeGreaterThan(0);
    expect(manifests.slice(0, namespaces).every((m) => m.kind === "Namespace")).toBe(true);
    // The credentials Secret before the StatefulSet that reads it; the migration Job after the Cluster it migrates.
    expect(index("Secret", "redis-credentials")).toBeLessThan(index("StatefulSet", "redis"));
    expect(index("Cluster", "lab-pg")).toBeLessThan(index("Job", /^schema-migration-/));
    expect(index("Job", "pgbench-cnpg-write-heavy-1")).toBeLessThan(index("Job", "pgbench-cnpg-read-heavy-1"));
  });

  it("writes secrets only as placeholders, keeping their keys", () => {
    const secrets = manifests.filter((m) => m.kind === "Secret");
    expect(secrets.length).toBeGreaterThan(0);
    for (const s of secrets) {
      const data = s.manifest.stringData as Record<string, string>;
      expect(Object.keys(data).length).toBeGreaterThan(0);
      for (const [key, value] of Object.entries(data)) {
        // basic-auth usernames are plain inputs, not secrets; everything generated is a placeholder.
        if (key !== "username") expect(value).toBe(secretPlaceholder);
      }
    }
  });

  it("gives an autonamed object the name its referrers use, and marks it as the provider does", () => {
    const configMap = manifests[index("ConfigMap", /^pgbench-cnpg-write-heavy-scripts-/)];
    expect(configMap.autonamed).toBe(true);
    expect((configMap.manifest.metadata as any).annotations["pulumi.com/autonamed"]).toBe("true");
    const job = manifests[index("Job", "pgbench-cnpg-write-heavy-1")].manifest as any;
    expect(job.spec.template.spec.volumes.map((v: any) => v.configMap?.name)).toContain(configMap.name);
  });

  it("writes what an upstream stack exports as its contract gives it (phase-03's object store)", () => {
    const cluster = manifests[index("Cluster", "lab-pg")];
    expect(cluster.unknownPaths).toEqual([]);
    expect((cluster.manifest as any).spec.backup.barmanObjectStore.endpointURL).toBe("http://seaweedfs-all-in-one.lab-observability.svc.cluster.local:8333");
  });

  it("resolves what a Helm release's status gives (in-cluster addresses) instead of leaving it unknown", async () => {
    // phase-01's ClusterSecretStore dials OpenBao at an address built from the release's namespace.
    const planned = await stackManifests("phase-01", readStackConfig(projectDir, "phase-01"));
    const store = planned.manifests.find((m) => m.kind === "ClusterSecretStore");
    expect(store?.unknownPaths).toEqual([]);
    expect((store?.manifest as any).spec.provider.vault.server).toBe("http://openbao.openbao.svc.cluster.local:8200");
  });

  it("writes one file per object under DIR/<stack>/ in deploy order, each naming the lab resource", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "manifests-"));
    try {
      const files = writeStackManifests(dir, [{ stack: "phase-05", manifests }]);
      expect(files.map((f) => path.basename(f))).toEqual([...files.map((f) => path.basename(f))].sort());
      expect(files).toHaveLength(manifests.length);
      const first = fs.readFileSync(files[0], "utf8");
      expect(first).toMatch(/^# phase-05: lab-data-ns \(urn:pulumi:/);
      const docs = parseAllDocuments(fs.readFileSync(files[index("Secret", "redis-credentials")], "utf8"));
      expect(docs).toHaveLength(1);
      expect((docs[0].toJS() as any).stringData.password).toBe(secretPlaceholder);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("toLabManifest", () => {
  it("replaces every value under a secret path, base64 under a Secret's data", () => {
    const m = toLabManifest(
      recorded(
        "s",
        { apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "n" }, data: { token: "dG9wLXNlY3JldA==" }, stringData: { a: "real-secret", b: { c: "x" } } },
        { secretPaths: ["/data", "/stringData"] },
      ),
    );
    expect(JSON.stringify(m.manifest)).not.toMatch(/real-secret|dG9wLXNlY3JldA==/);
    expect((m.manifest as any).data.token).toBe(Buffer.from(secretPlaceholder).toString("base64"));
    expect((m.manifest as any).stringData).toEqual({ a: secretPlaceholder, b: { c: secretPlaceholder } });
  });

  it("drops Pulumi's own fields and lists what stays unknown", () => {
    const m = toLabManifest(recorded("c", { apiVersion: "v1", kind: "ConfigMap", __inputs: {}, metadata: { name: "c" }, data: { x: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } }));
    expect(m.manifest).not.toHaveProperty("__inputs");
    expect(m.unknownPaths).toEqual(["/data/x"]);
  });
});

describe("deployOrder", () => {
  const ns = recorded("ns", { apiVersion: "v1", kind: "Namespace", metadata: { name: "a" } });
  it("follows dependencies through resources that are not Kubernetes objects (a Helm release, a command)", () => {
    const release = { ...recorded("release", {}), type: "kubernetes:helm.sh/v3:Release" };
    const job = recorded("job", { apiVersion: "batch/v1", kind: "Job" }, { dependencies: [release.urn] });
    const config = recorded("config", { apiVersion: "v1", kind: "ConfigMap" });
    const releaseAfterConfig = { ...release, dependencies: [config.urn, ns.urn] };
    expect(deployOrder([job, releaseAfterConfig, config, ns]).map((r) => r.name)).toEqual(["ns", "config", "job"]);
  });

  it("refuses a cycle, naming the objects in it", () => {
    const a = recorded("a", { apiVersion: "v1", kind: "ConfigMap" }, { dependencies: ["urn:pulumi:test::platform-lab::b"] });
    const b = recorded("b", { apiVersion: "v1", kind: "ConfigMap" }, { dependencies: [a.urn] });
    expect(() => deployOrder([a, b])).toThrow("dependency cycle among a, b");
  });
});
