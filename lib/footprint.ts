import { z } from "zod";

/**
 * What a deployed piece asks the cluster for: the figures a cost model multiplies by hours and
 * unit prices. Components state their footprint from the same numbers they put in their manifests
 * and chart values, so the plan's run-rate is the requests it would create.
 */
export const footprintSchema = z.object({
  /** CPU requests summed over the pods, in millicores. */
  cpuMillicores: z.number().nonnegative(),
  /** Memory requests summed over the pods, in MiB. */
  memoryMiB: z.number().nonnegative(),
  /** Persistent volume claims summed, in GiB. */
  storageGiB: z.number().nonnegative().default(0),
  /** Pods that the footprint covers (for reading the figures, not for pricing). */
  pods: z.number().int().nonnegative().default(1),
});
export type Footprint = z.infer<typeof footprintSchema>;

export const zeroFootprint: Footprint = { cpuMillicores: 0, memoryMiB: 0, storageGiB: 0, pods: 0 };

export function addFootprints(...footprints: Footprint[]): Footprint {
  return footprints.reduce(
    (sum, f) => ({
      cpuMillicores: sum.cpuMillicores + f.cpuMillicores,
      memoryMiB: sum.memoryMiB + f.memoryMiB,
      storageGiB: sum.storageGiB + f.storageGiB,
      pods: sum.pods + f.pods,
    }),
    zeroFootprint,
  );
}
