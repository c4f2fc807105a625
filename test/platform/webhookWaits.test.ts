import { runStackProgram, type StackRun } from "../../cli/plan/planStack";
import type { RecordedResource } from "../../cli/plan/recordingMocks";
import { readStackConfig } from "../../cli/plan/stackConfigFile";
import { only, projectDir } from "../helpers/stackRun";

const commandType = "command:local:Command";

/**
 * Custom resources a chart's webhook admits are created only after the webhook Service has a ready
 * endpoint (components/kubectl/serviceEndpointsWait.ts). The Service names were confirmed by
 * rendering the pinned charts (metallb 0.16.1; external-secrets 2.9.0 and cloudnative-pg 0.29.0, the
 * nearest tags to the pinned 2.12.0 / 0.29.1 in their public sources) with the lab's values.
 */
describe("webhook-served custom resources wait for the webhook's endpoints", () => {
  let hub: StackRun;
  let phase05: StackRun;
  beforeAll(async () => {
    hub = await runStackProgram("phase-01", readStackConfig(projectDir, "phase-01", { "lab:cluster": "hub" }));
    phase05 = await runStackProgram("phase-05", readStackConfig(projectDir, "phase-05"));
    expect(hub.error).toBeUndefined();
    expect(phase05.error).toBeUndefined();
  });

  const waitFor = (run: StackRun, name: string, namespace: string, service: string, release: string): RecordedResource => {
    const wait = only(run.resources, commandType, name);
    expect(wait.inputs.environment).toMatchObject({ WAIT_NAMESPACE: namespace, WAIT_SERVICE: service, WAIT_TIMEOUT: "180" });
    expect(wait.dependencies).toContain(only(run.resources, "kubernetes:helm.sh/v3:Release", release).urn);
    expect(String(wait.inputs.create)).toContain("endpoints[?(@.conditions.ready==true)]");
    return wait;
  };

  it("MetalLB's IPAddressPool and L2Advertisement", () => {
    const wait = waitFor(hub, "metallb-webhook-ready", "metallb-system", "metallb-webhook-service", "metallb");
    expect(only(hub.resources, "kubernetes:metallb.io/v1beta1:IPAddressPool").dependencies).toContain(wait.urn);
    expect(only(hub.resources, "kubernetes:metallb.io/v1beta1:L2Advertisement").dependencies).toContain(wait.urn);
  });

  it("External Secrets' ClusterSecretStore", () => {
    const wait = waitFor(hub, "external-secrets-webhook-ready", "external-secrets", "external-secrets-webhook", "external-secrets");
    expect(only(hub.resources, "kubernetes:external-secrets.io/v1:ClusterSecretStore").dependencies).toContain(wait.urn);
  });

  it("CloudNativePG's Cluster (and through it the backups and the restore)", () => {
    const wait = waitFor(phase05, "cnpg-webhook-ready", "cnpg-system", "cnpg-webhook-service", "cnpg");
    expect(only(phase05.resources, "kubernetes:postgresql.cnpg.io/v1:Cluster", "postgres-cluster").dependencies).toContain(wait.urn);
  });
});
