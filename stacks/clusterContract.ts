import { z } from "zod";
import { defineContract, type StackContract } from "./stackContract";
import { pricingProfileNames, sizingProfileNames } from "../lib/profileNames";
import type { ClusterStackName } from "./stackNames";

/** The one interface both cluster stacks (kind, hub) export and every phase reads. */
export const clusterContractSchema = z.object({
  kubeconfig: z.string().min(1),
  clusterName: z.string().min(1),
  kubernetesVersion: z.string().regex(/^v\d+\.\d+\.\d+$/),
  nodeCount: z.number().int().positive(),
  /** What the nodes offer to pods, summed over nodes. */
  allocatableCpuMillicores: z.number().positive(),
  allocatableMemoryMiB: z.number().positive(),
  storageClass: z.string().min(1),
  /** kind exposes 80/443 through host port mappings; the hub hands out LoadBalancer IPs with MetalLB. */
  ingressMode: z.enum(["kind-port-mapping", "metallb"]),
  /** Address ranges MetalLB may hand out; empty on kind. */
  loadBalancerAddressPool: z.array(z.string()),
  pricingProfile: z.enum(pricingProfileNames),
  sizingProfile: z.enum(sizingProfileNames),
});
export type ClusterContract = z.infer<typeof clusterContractSchema>;

function clusterContract(stack: ClusterStackName, planSample: ClusterContract): StackContract<typeof clusterContractSchema, "kubeconfig"> {
  return defineContract({ stack, schema: clusterContractSchema, secretKeys: ["kubeconfig"], planSample });
}

const planKubeconfig = "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n# plan sample, not a real cluster\n";

export const clusterContracts = {
  kind: clusterContract("kind", {
    kubeconfig: planKubeconfig,
    clusterName: "platform-lab",
    kubernetesVersion: "v1.34.11",
    nodeCount: 1,
    allocatableCpuMillicores: 8000,
    allocatableMemoryMiB: 16384,
    storageClass: "standard",
    ingressMode: "kind-port-mapping",
    loadBalancerAddressPool: [],
    pricingProfile: "laptop",
    sizingProfile: "laptop",
  }),
  hub: clusterContract("hub", {
    kubeconfig: planKubeconfig,
    clusterName: "hub",
    kubernetesVersion: "v1.34.1",
    nodeCount: 1,
    // What hubProgram exports for its defaults: 4 cores and 16 GiB less its 10 % reserve.
    allocatableCpuMillicores: 3600,
    allocatableMemoryMiB: 14745,
    storageClass: "local-path",
    ingressMode: "metallb",
    loadBalancerAddressPool: ["192.168.1.240-192.168.1.250"],
    pricingProfile: "homelab",
    sizingProfile: "hub",
  }),
} as const;
