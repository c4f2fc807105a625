import type { Footprint } from "../../lib/footprint";
import type { SizingProfile } from "../../lib/profileNames";

/** A container's CPU and memory request. */
export interface ContainerSize {
  readonly cpuMillicores: number;
  readonly memoryMiB: number;
}

/** One size per profile: laptop (kind) and hub (the N100 home lab). */
export type SizedByProfile<T> = Record<SizingProfile, T>;

/**
 * Requests and limits for a container. No CPU limit: CFS throttling would distort the latency
 * figures the lab exists to measure; memory is limited at twice the request to bound a leak.
 */
export function containerResources(size: ContainerSize) {
  return {
    requests: { cpu: `${size.cpuMillicores}m`, memory: `${size.memoryMiB}Mi` },
    limits: { memory: `${size.memoryMiB * 2}Mi` },
  };
}

/**
 * containerResources for a Helm chart whose default resources carry a CPU limit (Crossplane,
 * SeaweedFS): `cpu: null` deletes that default (Helm drops a key set to null when it merges), so the
 * lab's rule of no CPU limit holds. Only for such charts: where the default has no CPU limit, Helm
 * keeps the null and renders `cpu: null`. `lab charts check` fails on any rendered CPU limit.
 */
export function chartContainerResources(size: ContainerSize) {
  const resources = containerResources(size);
  return { requests: resources.requests, limits: { cpu: null, ...resources.limits } };
}

/** The footprint of `replicas` pods of one size plus their volumes, for the cost model. */
export function footprintOf(size: ContainerSize, replicas = 1, storageGiB = 0): Footprint {
  return { cpuMillicores: size.cpuMillicores * replicas, memoryMiB: size.memoryMiB * replicas, storageGiB, pods: replicas };
}
