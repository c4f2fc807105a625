import * as pulumi from "@pulumi/pulumi";
import type { Footprint } from "../../../lib/footprint";
import { ArgoCd } from "../../../components/platform/ArgoCd";
import { ArgoCdSyncProbe, type ArgoCdSyncProbeConfig } from "../../../components/platform/ArgoCdSyncProbe";
import { ArgoWorkflows } from "../../../components/platform/ArgoWorkflows";
import { ClusterDns, type ClusterDnsConfig } from "../../../components/platform/ClusterDns";
import { Crossplane } from "../../../components/platform/Crossplane";
import { ExternalSecrets } from "../../../components/platform/ExternalSecrets";
import { MetalLb } from "../../../components/platform/MetalLb";
import { OpenBao } from "../../../components/platform/OpenBao";
import { PlatformReadiness } from "../../../components/platform/PlatformReadiness";
import type { SizingProfile } from "../../../lib/profileNames";

export interface PlatformBootstrapArgs {
  readonly phase: string;
  readonly profile: SizingProfile;
  readonly ingressMode: "kind-port-mapping" | "metallb";
  /** MetalLB's pool; only used when ingressMode is `metallb`. */
  readonly loadBalancerAddresses: readonly string[];
  readonly nodeCount: number;
  readonly clusterDns: ClusterDnsConfig;
  /** Argo CD sync-time measurement against a Git repository; none when unset. */
  readonly argoCdSyncProbe?: ArgoCdSyncProbeConfig;
  /** For the measurements after the deploy. */
  readonly kubeconfig: pulumi.Input<string>;
}

/** Namespace and service account External Secrets runs as; OpenBao's role is bound to exactly these. */
const externalSecretsIdentity = { namespace: "external-secrets", serviceAccount: "external-secrets", role: "external-secrets" };

/** Phase 01: GitOps, workflows, control planes, secrets, load balancing and DNS for every later phase. */
export class PlatformBootstrap extends pulumi.ComponentResource {
  public readonly argoCd: ArgoCd;
  public readonly argoWorkflows: ArgoWorkflows;
  public readonly crossplane: Crossplane;
  public readonly openBao: OpenBao;
  public readonly externalSecrets: ExternalSecrets;
  public readonly metallb?: MetalLb;
  public readonly clusterDns: ClusterDns;
  public readonly readiness: PlatformReadiness;
  public readonly argoCdSyncProbe?: ArgoCdSyncProbe;
  /** Per component, for the cost block. */
  public readonly footprints: Record<string, Footprint>;

  constructor(name: string, args: PlatformBootstrapArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:phase:PlatformBootstrap", name, {}, opts);
    const common = { phase: args.phase, profile: args.profile };
    const child = { parent: this };

    this.argoCd = new ArgoCd("argocd", common, child);
    this.argoWorkflows = new ArgoWorkflows("argo-workflows", common, child);
    this.crossplane = new Crossplane("crossplane", common, child);
    this.openBao = new OpenBao(
      "openbao",
      {
        ...common,
        externalSecretsAuth: {
          role: externalSecretsIdentity.role,
          serviceAccount: externalSecretsIdentity.serviceAccount,
          serviceAccountNamespace: externalSecretsIdentity.namespace,
        },
      },
      child,
    );
    this.externalSecrets = new ExternalSecrets(
      "external-secrets",
      {
        ...common,
        namespace: externalSecretsIdentity.namespace,
        serviceAccount: externalSecretsIdentity.serviceAccount,
        openBaoAddress: this.openBao.address,
        kvMount: this.openBao.kvMount,
        openBaoRole: externalSecretsIdentity.role,
        openBaoReady: this.openBao.bootstrap,
        kubeconfig: args.kubeconfig,
      },
      child,
    );
    if (args.ingressMode === "metallb") {
      this.metallb = new MetalLb("metallb", { ...common, addresses: args.loadBalancerAddresses, nodeCount: args.nodeCount, kubeconfig: args.kubeconfig }, child);
    }
    this.clusterDns = new ClusterDns(
      "cluster-dns",
      { ...common, config: args.clusterDns, serviceType: args.ingressMode === "metallb" ? "LoadBalancer" : "ClusterIP" },
      // On the hub the DNS server's LoadBalancer address comes from MetalLB's pool.
      { parent: this, dependsOn: this.metallb ? [this.metallb] : [] },
    );

    this.readiness = new PlatformReadiness(
      "readiness",
      {
        phase: args.phase,
        kubeconfig: args.kubeconfig,
        after: [this.argoCd, this.argoWorkflows, this.crossplane, this.openBao, this.externalSecrets, this.clusterDns, ...(this.metallb ? [this.metallb] : [])],
      },
      child,
    );

    if (args.argoCdSyncProbe) {
      this.argoCdSyncProbe = new ArgoCdSyncProbe(
        "argocd-sync-probe",
        { phase: args.phase, kubeconfig: args.kubeconfig, argoCdNamespace: this.argoCd.namespace, config: args.argoCdSyncProbe, argoCd: this.argoCd },
        // Measured after readiness, so the sync does not compete with the platform's own start.
        { parent: this, dependsOn: [this.readiness] },
      );
    }

    this.footprints = {
      argoCd: this.argoCd.footprint,
      argoWorkflows: this.argoWorkflows.footprint,
      crossplane: this.crossplane.footprint,
      openBao: this.openBao.footprint,
      externalSecrets: this.externalSecrets.footprint,
      clusterDns: this.clusterDns.footprint,
      ...(this.metallb ? { metallb: this.metallb.footprint } : {}),
    };
    this.registerOutputs({});
  }
}
