import { z } from "zod";

const nodeListSchema = z.object({
  items: z
    .array(z.object({ status: z.object({ allocatable: z.object({ cpu: z.string(), memory: z.string() }) }) }))
    .min(1, "no nodes"),
});

/** Kubernetes CPU quantity ("4", "3500m") in millicores. */
export function cpuQuantityToMillicores(quantity: string): number {
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(quantity);
  if (!m) throw new Error(`CPU quantity "${quantity}": expected cores ("4", "0.5") or millicores ("3500m")`);
  return m[2] === "m" ? Number(m[1]) : Number(m[1]) * 1000;
}

const memorySuffixBytes: Record<string, number> = {
  "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40,
};

/** Kubernetes memory quantity ("16303200Ki", "8Gi", "1e9") in MiB. */
export function memoryQuantityToMiB(quantity: string): number {
  const m = /^(\d+(?:\.\d+)?(?:e\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(quantity);
  if (!m) throw new Error(`memory quantity "${quantity}": expected a number with an optional suffix (Ki, Mi, Gi, k, M, G)`);
  return (Number(m[1]) * memorySuffixBytes[m[2] ?? ""]) / 2 ** 20;
}

/** Sums what the nodes offer to pods, from `kubectl get nodes -o json`. */
export function parseNodeAllocatable(kubectlJson: string): { nodeCount: number; cpuMillicores: number; memoryMiB: number } {
  let data: unknown;
  try {
    data = JSON.parse(kubectlJson);
  } catch {
    throw new Error("kubectl get nodes -o json: output is not JSON");
  }
  const nodes = nodeListSchema.parse(data).items;
  return {
    nodeCount: nodes.length,
    cpuMillicores: nodes.reduce((sum, n) => sum + cpuQuantityToMillicores(n.status.allocatable.cpu), 0),
    memoryMiB: Math.floor(nodes.reduce((sum, n) => sum + memoryQuantityToMiB(n.status.allocatable.memory), 0)),
  };
}
