import { z } from "zod";
import { defineContract } from "../../stackContract";

/** What later phases read from phase-01. */
export const phase01ContractSchema = z.object({
  namespaces: z.object({
    argoCd: z.string(),
    argoWorkflows: z.string(),
    crossplane: z.string(),
    openBao: z.string(),
    externalSecrets: z.string(),
    clusterDns: z.string(),
    /** Absent on kind, where host port mappings stand in for LoadBalancer addresses. */
    metallb: z.string().nullable(),
  }),
  argoCdServerUrl: z.string().url(),
  argoWorkflowsServerUrl: z.string().url(),
  openBaoAddress: z.string().url(),
  openBaoKvMount: z.string(),
  /** ClusterSecretStore every phase's ExternalSecrets reference. */
  secretStoreName: z.string(),
  storageClass: z.string(),
  clusterDomain: z.string(),
  clusterDnsProvider: z.enum(["k8s-gateway", "external-dns"]),
  ingressMode: z.enum(["kind-port-mapping", "metallb"]),
});
export type Phase01Outputs = z.infer<typeof phase01ContractSchema>;

export const phase01Contract = defineContract({
  stack: "phase-01",
  schema: phase01ContractSchema,
  secretKeys: [],
  planSample: {
    namespaces: {
      argoCd: "argocd",
      argoWorkflows: "argo-workflows",
      crossplane: "crossplane-system",
      openBao: "openbao",
      externalSecrets: "external-secrets",
      clusterDns: "cluster-dns",
      metallb: null,
    },
    argoCdServerUrl: "http://argocd-server.argocd.svc.cluster.local",
    argoWorkflowsServerUrl: "http://argo-workflows-server.argo-workflows.svc.cluster.local:2746",
    openBaoAddress: "http://openbao.openbao.svc.cluster.local:8200",
    openBaoKvMount: "secret",
    secretStoreName: "openbao",
    storageClass: "standard",
    clusterDomain: "lab.internal",
    clusterDnsProvider: "k8s-gateway",
    ingressMode: "kind-port-mapping",
  },
});
