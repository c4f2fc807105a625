import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { isIPv4 } from "net";
import { z } from "zod";
import type { ClusterContract } from "../clusterContract";
import { loadLabConfig } from "../labConfig";
import type { StackOutputs } from "../stackContract";

const addressRange = z.string().refine(isAddressRange, "an IPv4 CIDR (192.168.1.240/28) or an ascending range (192.168.1.240-192.168.1.250)");

function ipv4ToNumber(ip: string): number {
  return ip.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
}

/** What MetalLB accepts in an IPAddressPool: a CIDR, or a start-end range with start <= end. */
export function isAddressRange(value: string): boolean {
  const cidr = /^([^/]+)\/(\d{1,2})$/.exec(value);
  if (cidr) return isIPv4(cidr[1]) && Number(cidr[2]) <= 32;
  const [start, end, ...rest] = value.split("-");
  return rest.length === 0 && end !== undefined && isIPv4(start) && isIPv4(end) && ipv4ToNumber(start) <= ipv4ToNumber(end);
}

export const hubStackConfigSchema = z.object({
  clusterName: z.string().min(1).default("hub"),
  /** The Talos cluster's admin kubeconfig: `pulumi config set --secret lab:kubeconfig < kubeconfig`. */
  kubeconfig: z.string().min(1),
  /** The hub's own sizing: a single Intel N100 mini PC by default. */
  nodeCount: z.number().int().positive().default(1),
  cpuCores: z.number().positive().default(4),
  memoryGiB: z.number().positive().default(16),
  kubernetesVersion: z.string().regex(/^v\d+\.\d+\.\d+$/).default("v1.34.1"),
  storageClass: z.string().min(1).default("local-path"),
  /** Addresses on the home LAN that MetalLB may hand out to LoadBalancer services. */
  metallbAddresses: z.array(addressRange).min(1),
  pricingProfile: z.enum(["homelab", "aws"]).default("homelab"),
  /** Optionally check the cluster with `talosctl health` before adopting it. */
  talosHealthCheck: z
    .object({ talosconfig: z.string().min(1), nodes: z.array(z.string()).min(1), endpoints: z.array(z.string()).min(1) })
    .optional(),
});

/** `hub`: adopts an existing Talos cluster; it creates nothing in the cluster itself. */
export async function hubProgram(): Promise<StackOutputs<ClusterContract>> {
  const config = loadLabConfig(hubStackConfigSchema);
  // Requests and system reservations leave less than the raw hardware; a 10% margin keeps plans honest.
  const reservedShare = 0.1;

  let kubeconfig: pulumi.Output<string> = pulumi.secret(config.kubeconfig);
  if (config.talosHealthCheck) {
    const health = new command.local.Command("talos-health", {
      create: 'cfg="$(mktemp)"; trap \'rm -f "$cfg"\' EXIT; printf \'%s\' "$TALOSCONFIG_DATA" > "$cfg"; talosctl --talosconfig "$cfg" health --nodes "$NODES" --endpoints "$ENDPOINTS" --wait-timeout 5m',
      interpreter: ["/bin/bash", "-c"],
      environment: {
        TALOSCONFIG_DATA: pulumi.secret(config.talosHealthCheck.talosconfig),
        NODES: config.talosHealthCheck.nodes.join(","),
        ENDPOINTS: config.talosHealthCheck.endpoints.join(","),
      },
    });
    // Phases that read the kubeconfig wait until the cluster reported healthy.
    kubeconfig = pulumi.secret(pulumi.all([health.stdout, kubeconfig]).apply(([, k]) => k));
  }

  return {
    kubeconfig,
    clusterName: config.clusterName,
    kubernetesVersion: config.kubernetesVersion,
    nodeCount: config.nodeCount,
    allocatableCpuMillicores: Math.floor(config.cpuCores * config.nodeCount * 1000 * (1 - reservedShare)),
    allocatableMemoryMiB: Math.floor(config.memoryGiB * config.nodeCount * 1024 * (1 - reservedShare)),
    storageClass: config.storageClass,
    ingressMode: "metallb",
    loadBalancerAddressPool: config.metallbAddresses,
    pricingProfile: config.pricingProfile,
    sizingProfile: "hub",
  };
}
