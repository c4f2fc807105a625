import * as pulumi from "@pulumi/pulumi";
import { argoCdSyncProbeConfigSchema } from "../../../components/platform/ArgoCdSyncProbe";
import { clusterDnsConfigSchema } from "../../../components/platform/ClusterDns";
import type { StackOutputs } from "../../stackContract";
import { phaseBaseConfigSchema } from "../phaseConfig";
import { clusterProvider, phaseContext } from "../phaseContext";
import { phaseCost } from "../phaseCost";
import type { Phase01Outputs } from "./contract";
import { PlatformBootstrap } from "./PlatformBootstrap";

export const phase01ConfigSchema = phaseBaseConfigSchema.extend({
  clusterDns: clusterDnsConfigSchema.default({ provider: "k8s-gateway", domain: "lab.internal", externalDnsArgs: [] }),
  /** Measures Argo CD sync time against a Git repository you name; off when unset. */
  argoCdSyncProbe: argoCdSyncProbeConfigSchema.optional(),
});

/** `phase-01`: platform bootstrap on the chosen cluster. */
export async function phase01Program() {
  const { config, cluster, pricing } = await phaseContext(phase01ConfigSchema);
  const provider = clusterProvider(cluster);
  const platform = new PlatformBootstrap(
    "phase-01",
    {
      phase: "phase-01",
      profile: cluster.sizingProfile,
      ingressMode: cluster.ingressMode,
      loadBalancerAddresses: cluster.loadBalancerAddressPool,
      nodeCount: cluster.nodeCount,
      clusterDns: config.clusterDns,
      argoCdSyncProbe: config.argoCdSyncProbe,
      kubeconfig: cluster.kubeconfig,
    },
    { providers: [provider] },
  );

  const outputs: StackOutputs<Phase01Outputs> = {
    namespaces: pulumi.output({
      argoCd: platform.argoCd.namespace,
      argoWorkflows: platform.argoWorkflows.namespace,
      crossplane: platform.crossplane.namespace,
      openBao: platform.openBao.namespace,
      externalSecrets: platform.externalSecrets.namespace,
      clusterDns: platform.clusterDns.namespace,
      metallb: platform.metallb?.namespace ?? null,
    }),
    argoCdServerUrl: platform.argoCd.serverUrl,
    argoWorkflowsServerUrl: platform.argoWorkflows.serverUrl,
    openBaoAddress: platform.openBao.address,
    openBaoKvMount: platform.openBao.kvMount,
    secretStoreName: platform.externalSecrets.secretStoreName,
    storageClass: cluster.storageClass,
    clusterDomain: platform.clusterDns.domain,
    clusterDnsProvider: platform.clusterDns.provider,
    ingressMode: cluster.ingressMode,
  };
  const argoCdSync = platform.argoCdSyncProbe?.sync ?? {
    status: "not-configured" as const,
    reason: "set lab:argoCdSyncProbe (repoURL, path, targetRevision) to measure Argo CD sync time",
  };
  return { ...outputs, readiness: platform.readiness.readiness, argoCdSync, cost: phaseCost("phase-01", pricing, platform.footprints) };
}
