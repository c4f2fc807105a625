import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { parsePricingConfig } from "../../finops/profiles";
import { resolvePricing } from "../../finops/resolvePricing";
import { clusterContracts } from "../clusterContract";
import { loadLabConfig } from "../labConfig";
import { readStack } from "../stackReferences";
import { phaseBaseConfigSchema } from "./phaseConfig";

/**
 * What every phase program starts from, in the order that keeps a bad run from registering
 * anything: config validated first, then the cluster stack read and checked. The program reads
 * its upstream phases next and only then creates the provider (clusterProvider).
 */
export async function phaseContext<S extends z.ZodObject<(typeof phaseBaseConfigSchema)["shape"]>>(configSchema: S) {
  const config = loadLabConfig(configSchema);
  // Price settings are checked with the rest of the config, before the cluster is even read.
  parsePricingConfig(config.pricing ?? {});
  const cluster = await readStack(clusterContracts[config.cluster]);
  const pricing = await resolvePricing({ profile: cluster.pricingProfile, ...config.pricing });
  return { config, cluster, pricing };
}

/** The Kubernetes provider of the phase's cluster; every phase component's children use it. */
export function clusterProvider(cluster: { kubeconfig: pulumi.Input<string> }): k8s.Provider {
  return new k8s.Provider("cluster", {
    kubeconfig: cluster.kubeconfig,
    // Server-side apply lets Helm-installed CRDs and our own objects share fields without fights.
    enableServerSideApply: true,
  });
}
