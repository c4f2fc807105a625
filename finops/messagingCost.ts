import type { Footprint } from "../lib/footprint";
import type { MessagingStepResult } from "../lib/messagingResult";
import { allocatedResources, allocationCost, perUnitCost, type UnitCost } from "./costModel";
import type { UnitPrices } from "./unitPrices";
import { BYTES_PER_GB, HOURS_PER_MONTH, MIB_PER_GIB, SECONDS_PER_HOUR } from "./units";

/**
 * phase-08's cost figures for one messaging step, by the cost model's rule (a workload pays for the
 * larger of what it requested and what it used): the broker pods' allocation is max(their requests,
 * what the usage sampler saw them use during the step), priced at the profile's unit prices, and
 * divided by the messages the consumers received at the measured rate. Retention is priced as the
 * bytes the broker keeps for the configured retention at the step's publish rate, times its copies.
 * Every figure names its unit; a figure with nothing to divide by is null with the reason.
 */
export interface MessagingCostArgs {
  readonly result: MessagingStepResult;
  /** The broker pods' requests (the component's brokerFootprint; a local process requests nothing). */
  readonly requested: Footprint;
  /** What the broker pods used while loaded (benchmarks/usage's PodUsage fits); absent, requests alone count. */
  readonly usage?: { readonly cpuMillicores: number; readonly memoryMiB: number; readonly windowSeconds: number };
  /** Copies of each message the broker keeps (the endpoint's `replicas`). */
  readonly replicas: number;
  readonly retentionHours: number;
  readonly unitPrices: UnitPrices;
}

export function messagingCost(args: MessagingCostArgs): Record<string, UnitCost> {
  const { result: r, unitPrices } = args;
  const alloc = allocatedResources([{ request: args.requested, usage: args.usage ? { cpuMillicores: args.usage.cpuMillicores, memoryMiB: args.usage.memoryMiB } : undefined }]);
  const perHour = allocationCost(alloc, 1, unitPrices).total;
  const basis = args.usage ? `max of request and use sampled over ${args.usage.windowSeconds} s` : "requests; no usage sample";
  const price = unitPrices.storagePerGbMonth.amount;
  // Payload bytes only: each broker's index, headers and segment overhead come on top.
  const retainedGB = (r.publishedPerSecond * r.messageBytes * args.retentionHours * SECONDS_PER_HOUR * args.replicas) / BYTES_PER_GB;
  return {
    brokerUsdPerHour: { value: perHour, unit: `USD per hour for ${(alloc.cpuMillicores / 1000).toFixed(3)} vCPU and ${(alloc.memoryMiB / MIB_PER_GIB).toFixed(3)} GiB of broker pods (${basis})` },
    // An hour of the brokers over an hour of deliveries at the measured rate.
    perMillionMessages: perUnitCost(perHour, r.consumedPerSecond * SECONDS_PER_HOUR, "messages delivered", 1_000_000),
    retentionStorageUsdPerMonth: {
      value: retainedGB * price,
      unit: `USD per month to keep ${args.retentionHours} h of this step's published payload × ${args.replicas} copies (${retainedGB.toFixed(3)} GB at ${price} USD per GB-month)`,
    },
    retentionStorageGB: { value: retainedGB, unit: `GB (2^30 bytes) of payload kept for ${args.retentionHours} h at ${r.publishedPerSecond.toFixed(1)} msg/s × ${r.messageBytes} B × ${args.replicas} copies` },
    brokerUsdPerMonth: { value: perHour * HOURS_PER_MONTH, unit: "USD per month (730 h) of the broker pods at this allocation" },
  };
}

/** The step's result with its cost joined (`cost` keeps any figures already there). */
export function withMessagingCost(args: MessagingCostArgs): MessagingStepResult {
  return { ...args.result, cost: { ...(args.result.cost ?? {}), ...messagingCost(args) } };
}
