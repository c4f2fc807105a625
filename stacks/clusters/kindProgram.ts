import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { kubectlCommand } from "../../components/kubectl/KubectlCommand";
import type { ClusterContract } from "../clusterContract";
import { loadLabConfig } from "../labConfig";
import type { StackOutputs } from "../stackContract";
import { kindClusterConfigYaml, kindKubernetesVersion, kindStackConfigSchema, kindStorageClass } from "./kindClusterConfig";
import { parseNodeAllocatable } from "./nodeAllocatable";

/** `kind`: a Kind cluster on the laptop, created and deleted with the kind CLI. */
export async function kindProgram(): Promise<StackOutputs<ClusterContract>> {
  const config = loadLabConfig(kindStackConfigSchema);
  const kindConfig = kindClusterConfigYaml(config);

  const cluster = new command.local.Command("kind-cluster", {
    create: 'cfg="$(mktemp)"; trap \'rm -f "$cfg"\' EXIT; printf \'%s\' "$KIND_CONFIG" > "$cfg"; kind create cluster --name "$CLUSTER_NAME" --config "$cfg" --wait 180s',
    delete: 'kind delete cluster --name "$CLUSTER_NAME"',
    interpreter: ["/bin/bash", "-c"],
    environment: { KIND_CONFIG: kindConfig, CLUSTER_NAME: config.clusterName },
    // A changed node image, node count or port mapping needs a new cluster; nothing else does.
    triggers: [kindConfig],
  });

  const kubeconfig = new command.local.Command(
    "kind-kubeconfig",
    {
      create: 'kind get kubeconfig --name "$CLUSTER_NAME"',
      environment: { CLUSTER_NAME: config.clusterName },
      triggers: [cluster.id],
      logging: "none",
    },
    { dependsOn: cluster, additionalSecretOutputs: ["stdout"] },
  );

  const nodes = kubectlCommand(
    "kind-nodes",
    { kubeconfig: kubeconfig.stdout, script: "kubectl get nodes -o json", triggers: [cluster.id] },
    { dependsOn: kubeconfig },
  );
  const allocatable = nodes.stdout.apply(parseNodeAllocatable);

  return {
    kubeconfig: pulumi.secret(kubeconfig.stdout),
    clusterName: config.clusterName,
    kubernetesVersion: kindKubernetesVersion(),
    nodeCount: 1 + config.workers,
    allocatableCpuMillicores: allocatable.cpuMillicores,
    allocatableMemoryMiB: allocatable.memoryMiB,
    storageClass: kindStorageClass,
    ingressMode: "kind-port-mapping",
    loadBalancerAddressPool: [],
    pricingProfile: config.pricingProfile,
    sizingProfile: "laptop",
  };
}
