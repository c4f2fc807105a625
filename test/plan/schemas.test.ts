import { checkKubernetesObject, isKubernetesObject } from "../../cli/plan/kubernetesSchemas";
import { unknownSentinel, type RecordedResource } from "../../cli/plan/recordingMocks";

function registered(inputs: Record<string, unknown>, overrides: Partial<RecordedResource> = {}): RecordedResource {
  return {
    type: `kubernetes:${String(inputs.apiVersion)}:${String(inputs.kind)}`,
    name: "test",
    urn: "urn:pulumi:test::platform-lab::test",
    custom: true,
    inputs,
    secretPaths: [],
    dependencies: [],
    ...overrides,
  };
}

function job(spec: Record<string, unknown>, container: Record<string, unknown> = { name: "bench", image: "grafana/k6:2.3.0" }) {
  return registered({
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "bench", namespace: "lab" },
    spec: { backoffLimit: 0, template: { spec: { restartPolicy: "Never", containers: [container] } }, ...spec },
  });
}

describe("checkKubernetesObject", () => {
  it("accepts a well-formed Job", () => {
    expect(checkKubernetesObject(job({}))).toMatchObject({ status: "validated", apiVersion: "batch/v1", kind: "Job", violations: [] });
  });

  it("catches a field of the wrong type, with its path", () => {
    const check = checkKubernetesObject(job({ backoffLimit: "three" }));
    expect(check.violations).toHaveLength(1);
    expect(check.violations[0]).toMatch(/^\/spec\/backoffLimit: must be integer/);
  });

  it("catches a container without a name", () => {
    const check = checkKubernetesObject(job({}, { image: "grafana/k6:2.3.0" }));
    expect(check.violations).toEqual([expect.stringMatching(/^\/spec\/template\/spec\/containers\/0: must have required property name/)]);
  });

  it("ignores a violation only where the value was unknown at plan time", () => {
    const check = checkKubernetesObject(job({ backoffLimit: unknownSentinel }, { image: "grafana/k6:2.3.0" }));
    // backoffLimit stands in as a string until apply: not judged. The missing name is still caught.
    expect(check.violations).toEqual([expect.stringMatching(/containers\/0: must have required property name/)]);
  });

  it("does not let an unknown value hide a sibling whose path merely starts the same", () => {
    const check = checkKubernetesObject(
      registered({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: unknownSentinel, namespace: 7 },
        data: { a: "b" },
      }),
    );
    expect(check.violations).toEqual([expect.stringMatching(/^\/metadata\/namespace: must be string/)]);
  });

  it("ignores violations under an unknown subtree", () => {
    const check = checkKubernetesObject(job({ template: unknownSentinel }));
    expect(check.violations).toEqual([]);
  });

  it("validates external-secrets.io/v1 against the v1beta1 schema, and says so", () => {
    const store = (version: string) =>
      registered({
        apiVersion: "external-secrets.io/v1",
        kind: "ClusterSecretStore",
        metadata: { name: "openbao" },
        spec: { provider: { vault: { server: "http://openbao.openbao.svc:8200", path: "secret", version, auth: { kubernetes: { mountPath: "kubernetes", role: "eso" } } } } },
      });
    expect(checkKubernetesObject(store("v2"))).toMatchObject({
      status: "validated-via-alias",
      apiVersion: "external-secrets.io/v1",
      schemaApiVersion: "external-secrets.io/v1beta1",
      violations: [],
    });
    expect(checkKubernetesObject(store("v3")).violations).toEqual([expect.stringMatching(/^\/spec\/provider\/vault\/version: must be equal to one of the allowed values/)]);
  });

  it("validates CRDs that have a model package (cert-manager)", () => {
    const certificate = registered({
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: "lab", namespace: "lab" },
      spec: { secretName: "lab-tls", issuerRef: { name: "lab-ca" }, dnsNames: ["lab.internal"], duration: 90 },
    });
    const check = checkKubernetesObject(certificate);
    expect(check.status).toBe("validated");
    expect(check.violations).toEqual([expect.stringMatching(/^\/spec\/duration: must be string/)]);
  });

  it("reports a CRD without any schema as no-schema, not as valid or invalid", () => {
    const provider = registered({ apiVersion: "pkg.crossplane.io/v1", kind: "Provider", metadata: { name: "aws" }, spec: { package: 42 } });
    expect(checkKubernetesObject(provider)).toEqual({ urn: provider.urn, apiVersion: "pkg.crossplane.io/v1", kind: "Provider", status: "no-schema", violations: [] });
  });

  it("checks MetalLB's IPAddressPool against the lab's CRD schema", () => {
    const bad = registered({ apiVersion: "metallb.io/v1beta1", kind: "IPAddressPool", metadata: { name: "pool" }, spec: { addresses: 42 } });
    const good = registered({ apiVersion: "metallb.io/v1beta1", kind: "IPAddressPool", metadata: { name: "pool" }, spec: { addresses: ["192.168.1.240-192.168.1.250"], autoAssign: true } });
    expect(checkKubernetesObject(bad)).toMatchObject({ status: "validated-by-crd-schema", violations: [expect.stringContaining("/spec/addresses")] });
    expect(checkKubernetesObject(good)).toMatchObject({ status: "validated-by-crd-schema", violations: [] });
  });

  it("reports an unknown kind of a known group as no-schema", () => {
    expect(checkKubernetesObject(registered({ apiVersion: "batch/v1", kind: "Jobz", metadata: { name: "x" } })).status).toBe("no-schema");
  });
});

describe("isKubernetesObject", () => {
  const namespace = registered({ apiVersion: "v1", kind: "Namespace", metadata: { name: "lab" } });

  it("is true for a registered Kubernetes object", () => {
    expect(isKubernetesObject(namespace)).toBe(true);
  });

  it("is false for Helm releases, components and non-Kubernetes resources", () => {
    expect(isKubernetesObject({ ...namespace, type: "kubernetes:helm.sh/v3:Release" })).toBe(false);
    expect(isKubernetesObject({ ...namespace, type: "lab:platform:ArgoCd", custom: false })).toBe(false);
    expect(isKubernetesObject({ ...namespace, type: "command:local:Command" })).toBe(false);
    expect(isKubernetesObject({ ...namespace, inputs: { metadata: {} } })).toBe(false);
  });
});
