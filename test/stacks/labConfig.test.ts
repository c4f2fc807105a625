import { z } from "zod";
import * as pulumi from "@pulumi/pulumi";
import { hubStackConfigSchema } from "../../stacks/clusters/hubProgram";
import { kindStackConfigSchema } from "../../stacks/clusters/kindClusterConfig";
import { ConfigError } from "../../lib/configErrors";
import { loadLabConfig, parseLabConfig, readRawLabConfig } from "../../stacks/labConfig";
import { phaseBaseConfigSchema } from "../../stacks/phases/phaseConfig";
import { phase01ConfigSchema } from "../../stacks/phases/phase01/program";

/** The thrown ConfigError, so tests can read its message and problems. */
function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error("expected a ConfigError, nothing was thrown");
}

describe("parseLabConfig defaults", () => {
  it("runs a phase on kind with no config at all", () => {
    expect(parseLabConfig(phaseBaseConfigSchema, {})).toEqual({ cluster: "kind" });
  });

  it("fills every kind stack default", () => {
    expect(parseLabConfig(kindStackConfigSchema, {})).toEqual({
      clusterName: "platform-lab",
      workers: 0,
      httpHostPort: 80,
      httpsHostPort: 443,
      pricingProfile: "laptop",
    });
  });

  it("fills the hub defaults around the two keys it cannot guess", () => {
    const config = parseLabConfig(hubStackConfigSchema, { kubeconfig: "apiVersion: v1", metallbAddresses: ["192.168.1.240/28"] });
    expect(config).toMatchObject({ clusterName: "hub", nodeCount: 1, cpuCores: 4, memoryGiB: 16, storageClass: "local-path", pricingProfile: "homelab" });
    expect(config.talosHealthCheck).toBeUndefined();
  });

  it("gives phase-01 the k8s-gateway DNS default", () => {
    expect(parseLabConfig(phase01ConfigSchema, {}).clusterDns).toEqual({ provider: "k8s-gateway", domain: "lab.internal", externalDnsArgs: [] });
  });
});

describe("parseLabConfig errors", () => {
  it("names a typo'd key instead of silently falling back to the default", () => {
    const error = configError(() => parseLabConfig(phaseBaseConfigSchema, { clustr: "hub" }));
    expect(error.problems).toEqual(["lab:clustr: unknown key, expected one of cluster, pricing"]);
    expect(error.message).toContain("lab:clustr: unknown key");
  });

  it("names the key, the value it got and the allowed values for a bad enum", () => {
    const error = configError(() => parseLabConfig(phaseBaseConfigSchema, { cluster: "eks" }));
    expect(error.message).toContain('lab:cluster: got "eks", expected one of "kind", "hub"');
  });

  it("names the key, the value and the expected type for a wrong type", () => {
    const error = configError(() => parseLabConfig(kindStackConfigSchema, { workers: "two" }));
    expect(error.message).toContain('lab:workers: got "two", expected a number');
  });

  it("names the bound that was crossed", () => {
    expect(configError(() => parseLabConfig(kindStackConfigSchema, { workers: 9 })).message).toContain("lab:workers: got 9, expected ≤ 4");
    expect(configError(() => parseLabConfig(kindStackConfigSchema, { httpHostPort: 0 })).message).toContain("lab:httpHostPort: got 0, expected ≥ 1");
  });

  it("reports every problem at once", () => {
    const error = configError(() => parseLabConfig(kindStackConfigSchema, { workers: -1, pricingProfile: "homelab", extra: true }));
    expect(error.problems).toHaveLength(3);
    expect(error.message).toMatch(/lab:workers: got -1/);
    expect(error.message).toMatch(/lab:pricingProfile: got "homelab", expected one of "laptop", "aws"/);
    expect(error.message).toMatch(/lab:extra: unknown key/);
  });

  it("names nested keys with their path", () => {
    const error = configError(() => parseLabConfig(phase01ConfigSchema, { clusterDns: { provider: "external-dns" } }));
    expect(error.message).toContain("lab:clusterDns.externalDnsProvider: got nothing");
    expect(error.problems).toHaveLength(1);
  });
});

describe("secret config values in errors", () => {
  const secretText = "sup3r-s3cret-kubeconfig-token";

  it("never echoes a secret key's value, only its name", () => {
    const error = configError(() =>
      parseLabConfig(hubStackConfigSchema, { kubeconfig: { token: secretText }, metallbAddresses: ["10.0.0.0/24"] }, new Set(["kubeconfig"])),
    );
    expect(error.message).toContain("lab:kubeconfig: got [secret], expected a string");
    expect(error.message).not.toContain(secretText);
  });

  it("hides values nested under a secret key", () => {
    const error = configError(() =>
      parseLabConfig(
        hubStackConfigSchema,
        { kubeconfig: "k", metallbAddresses: ["10.0.0.0/24"], talosHealthCheck: { talosconfig: secretText, nodes: [], endpoints: [secretText] } },
        new Set(["kubeconfig", "talosHealthCheck"]),
      ),
    );
    expect(error.message).toContain("lab:talosHealthCheck.nodes: got [secret]");
    expect(error.message).not.toContain(secretText);
  });

  it("still shows non-secret values next to a secret one", () => {
    const error = configError(() =>
      parseLabConfig(hubStackConfigSchema, { kubeconfig: 7, metallbAddresses: ["10.0.0.0/24"], cpuCores: "four" }, new Set(["kubeconfig"])),
    );
    expect(error.message).toContain('lab:cpuCores: got "four", expected a number');
    expect(error.message).toContain("lab:kubeconfig: got [secret]");
  });
});

describe("hubStackConfigSchema", () => {
  it("requires metallbAddresses", () => {
    const error = configError(() => parseLabConfig(hubStackConfigSchema, { kubeconfig: "k" }));
    expect(error.message).toContain("lab:metallbAddresses: got nothing, expected an array");
  });

  it("requires at least one address range", () => {
    expect(configError(() => parseLabConfig(hubStackConfigSchema, { kubeconfig: "k", metallbAddresses: [] })).message).toContain(
      "lab:metallbAddresses: got [], expected at least 1 item",
    );
  });

  it("rejects a range that is neither a CIDR nor first-last, naming its index", () => {
    const error = configError(() => parseLabConfig(hubStackConfigSchema, { kubeconfig: "k", metallbAddresses: ["192.168.1.0/24", "192.168.1.240 - 250"] }));
    expect(error.message).toContain('lab:metallbAddresses.1: got "192.168.1.240 - 250", expected an IPv4 CIDR');
    expect(error.problems).toHaveLength(1);
  });

  it("accepts CIDRs and first-last ranges", () => {
    const config = parseLabConfig(hubStackConfigSchema, { kubeconfig: "k", metallbAddresses: ["192.168.1.240/28", "10.0.0.10-10.0.0.20"] });
    expect(config.metallbAddresses).toEqual(["192.168.1.240/28", "10.0.0.10-10.0.0.20"]);
  });

  it("rejects an unknown pricing profile for the hub", () => {
    expect(
      configError(() => parseLabConfig(hubStackConfigSchema, { kubeconfig: "k", metallbAddresses: ["10.0.0.0/24"], pricingProfile: "laptop" })).message,
    ).toContain('lab:pricingProfile: got "laptop", expected one of "homelab", "aws"');
  });
});

describe("kindStackConfigSchema", () => {
  it.each(["Platform_Lab", "-lab", "lab-", "lab.local", ""])("rejects the cluster name %j (kind needs a DNS label)", (clusterName) => {
    const error = configError(() => parseLabConfig(kindStackConfigSchema, { clusterName }));
    expect(error.message).toContain(`lab:clusterName: got ${JSON.stringify(clusterName)}`);
  });

  it("accepts a DNS-label cluster name", () => {
    expect(parseLabConfig(kindStackConfigSchema, { clusterName: "lab-2" }).clusterName).toBe("lab-2");
  });
});

describe("reading the engine's config", () => {
  afterEach(() => pulumi.runtime.setAllConfig({}, []));

  it("keeps only lab:* keys, parses structured values and knows which are secret", () => {
    pulumi.runtime.setAllConfig(
      { "lab:workers": "2", "lab:clusterName": "lab", "lab:metallbAddresses": '["10.0.0.0/24"]', "lab:kubeconfig": "apiVersion: v1\nkind: Config\n", "aws:region": "us-east-1" },
      ["lab:kubeconfig"],
    );
    const { values, secretKeys } = readRawLabConfig();
    expect(values).toEqual({ workers: 2, clusterName: "lab", metallbAddresses: ["10.0.0.0/24"], kubeconfig: "apiVersion: v1\nkind: Config\n" });
    expect([...secretKeys]).toEqual(["kubeconfig"]);
  });

  it("loadLabConfig hides a secret the engine marked, when its value is wrong", () => {
    pulumi.runtime.setAllConfig({ "lab:apiToken": "engine-secret-value" }, ["lab:apiToken"]);
    const error = configError(() => loadLabConfig(z.object({ apiToken: z.string().regex(/^tok_/) })));
    expect(error.message).toContain("lab:apiToken: got [secret]");
    expect(error.message).not.toContain("engine-secret-value");
  });

  it("keeps a value that reads as JSON as text where the key takes text (a JSON kubeconfig, a run id of 1)", () => {
    pulumi.runtime.setAllConfig({ "lab:kubeconfig": '{"apiVersion":"v1","kind":"Config"}', "lab:metallbAddresses": '["10.0.0.0/24"]' }, ["lab:kubeconfig"]);
    expect(loadLabConfig(hubStackConfigSchema).kubeconfig).toBe('{"apiVersion":"v1","kind":"Config"}');
    pulumi.runtime.setAllConfig({ "lab:runId": "1", "lab:workers": "2" }, []);
    expect(loadLabConfig(z.object({ runId: z.string(), workers: z.number() }))).toEqual({ runId: "1", workers: 2 });
  });
});
