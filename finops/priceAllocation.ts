import type { PricingProfileName } from "../lib/profileNames";
import { allocationCost, perUnitCost } from "./costModel";
import { parsePricingConfig, resolvePricingProfile } from "./profiles";
import { MIB_PER_GIB, MILLICORES_PER_CORE } from "./units";

export interface AllocationToPrice {
  readonly profile: PricingProfileName;
  readonly cpuCores: number;
  readonly memoryGiB: number;
  readonly storageGiB: number;
  readonly hours: number;
  /** Requests served in those hours, for a per-million-requests figure. */
  readonly requests?: number;
}

/**
 * What `lab cost` prints: an allocation priced under a profile, the AWS price of the same beside
 * it, and per million requests when requests are given. Offline: AWS prices come from the
 * fallback table.
 */
export function priceAllocation(a: AllocationToPrice) {
  const pricing = resolvePricingProfile(parsePricingConfig({ profile: a.profile }));
  const allocation = { cpuMillicores: a.cpuCores * MILLICORES_PER_CORE, memoryMiB: a.memoryGiB * MIB_PER_GIB, storageGiB: a.storageGiB };
  const cost = allocationCost(allocation, a.hours, pricing.unitPrices);
  const awsReference = allocationCost(allocation, a.hours, pricing.awsReference);
  return {
    profile: pricing.profile,
    allocation: { cpuCores: a.cpuCores, memoryGiB: a.memoryGiB, storageGiB: a.storageGiB, hours: a.hours },
    cost,
    awsReference,
    ...(a.requests !== undefined
      ? {
          requests: a.requests,
          perMillionRequests: perUnitCost(cost.total, a.requests, "requests", 1_000_000),
          awsReferencePerMillionRequests: perUnitCost(awsReference.total, a.requests, "requests", 1_000_000),
        }
      : {}),
    prices: { active: pricing.unitPrices, awsReference: pricing.awsReference },
  };
}
