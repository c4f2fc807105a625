import { stringify } from "yaml";
import { z } from "zod";
import { imageRef, images } from "../../components/charts";

export const kindStackConfigSchema = z.object({
  clusterName: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/).default("platform-lab"),
  /** One control plane plus (workers) worker nodes; every node is a container on the laptop. */
  workers: z.number().int().min(0).max(4).default(0),
  /** Host ports that reach the ingress on the control-plane node (80/443 unless taken). */
  httpHostPort: z.number().int().min(1).max(65535).default(80),
  httpsHostPort: z.number().int().min(1).max(65535).default(443),
  pricingProfile: z.enum(["laptop", "aws"]).default("laptop"),
});
export type KindStackConfig = z.infer<typeof kindStackConfigSchema>;

/** kind's default StorageClass (rancher local-path-provisioner), installed with every cluster. */
export const kindStorageClass = "standard";

/** The Kubernetes version the pinned node image runs (its tag). */
export function kindKubernetesVersion(): string {
  return images.kindNode.tag.split("@")[0];
}

/** The kind cluster config (kind.x-k8s.io/v1alpha4) the `kind create cluster` step is given. */
export function kindClusterConfigYaml(config: KindStackConfig): string {
  const nodeImage = imageRef(images.kindNode);
  const controlPlane = {
    role: "control-plane",
    image: nodeImage,
    // The ingress controllers of phase 04 schedule onto the node that owns the host ports.
    kubeadmConfigPatches: ['kind: InitConfiguration\nnodeRegistration:\n  kubeletExtraArgs:\n    node-labels: "ingress-ready=true"\n'],
    extraPortMappings: [
      { containerPort: 80, hostPort: config.httpHostPort, protocol: "TCP" },
      { containerPort: 443, hostPort: config.httpsHostPort, protocol: "TCP" },
    ],
  };
  const workers = Array.from({ length: config.workers }, () => ({ role: "worker", image: nodeImage }));
  return stringify({ kind: "Cluster", apiVersion: "kind.x-k8s.io/v1alpha4", name: config.clusterName, nodes: [controlPlane, ...workers] });
}
