import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { clusterContracts } from "../clusterContract";
import { loadLabConfig } from "../labConfig";
import { readStack } from "../stackReferences";
import { phaseBaseConfigSchema } from "./phaseConfig";

/**
 * What every phase program starts from, in the order that keeps a bad run from deploying anything:
 * config validated first, then the cluster stack read and checked, then the provider.
 */
export async function phaseContext<S extends z.ZodObject<(typeof phaseBaseConfigSchema)["shape"]>>(configSchema: S) {
  const config = loadLabConfig(configSchema) as z.infer<S> & z.infer<typeof phaseBaseConfigSchema>;
  const cluster = await readStack(clusterContracts[config.cluster]);
  const provider = new k8s.Provider("cluster", {
    kubeconfig: cluster.kubeconfig,
    // Server-side apply lets Helm-installed CRDs and our own objects share fields without fights.
    enableServerSideApply: true,
  });
  return { config, cluster, provider };
}

export type ClusterOutputs = Awaited<ReturnType<typeof phaseContext>>["cluster"];
export type PhaseOutputs = Record<string, pulumi.Input<unknown>>;
