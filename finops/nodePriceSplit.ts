import { PriceSource, SourcedPrice, derived, withSource } from "./priceSource";
import { Price, usd } from "./units";

/**
 * Splitting a whole machine's hourly price into a per-vCPU-hour and a per-GiB-hour price.
 *
 * A machine is sold as one price, but workloads ask for CPU and memory separately, so the price has
 * to be divided by a ratio. We use OpenCost's: when it knows a node's total price but not its
 * component prices, it takes the ratio of its default CPU and RAM prices (configs/default.json,
 * GCP us-central1 list prices: 0.031611 USD per vCPU-hour, 0.004237 USD per GiB-hour, so one vCPU
 * weighs as much as ~7.46 GiB) and solves
 *   ramPrice = nodePrice / (vcpus * ratio + memoryGiB);  cpuPrice = ramPrice * ratio
 * (opencost pkg/costmodel/costmodel.go). Using the same ratio for EC2, the laptop and the hub keeps
 * their per-unit prices comparable with each other and with what OpenCost would report in-cluster.
 * The two parts always add back to the machine price: cpuPrice*vcpus + ramPrice*GiB = nodePrice.
 */
export const OPENCOST_DEFAULT_CPU_USD_PER_VCPU_HOUR = 0.031611;
export const OPENCOST_DEFAULT_RAM_USD_PER_GIB_HOUR = 0.004237;
export const OPENCOST_CPU_TO_RAM_RATIO = OPENCOST_DEFAULT_CPU_USD_PER_VCPU_HOUR / OPENCOST_DEFAULT_RAM_USD_PER_GIB_HOUR;

export const openCostRatioSource: PriceSource = {
  kind: "fallback-table",
  table: "opencost configs/default.json (CPU 0.031611, RAM 0.004237)",
  takenOn: "2026-11-23",
  reference: "https://github.com/opencost/opencost/blob/develop/configs/default.json",
};

export interface Machine {
  vcpus: number;
  memoryGiB: number;
}

export function splitMachinePrice(
  machinePrice: Price<"hour">,
  machine: Machine,
  cpuToRamRatio: number = OPENCOST_CPU_TO_RAM_RATIO,
): { cpuPerVcpuHour: Price<"vCPU-hour">; memoryPerGibHour: Price<"GiB-hour"> } {
  if (!(machine.vcpus > 0) || !(machine.memoryGiB > 0)) {
    throw new Error(`splitting a machine price: got ${machine.vcpus} vCPU / ${machine.memoryGiB} GiB, expected both > 0`);
  }
  if (!(cpuToRamRatio > 0)) throw new Error(`splitting a machine price: got ratio ${cpuToRamRatio}, expected > 0`);
  const ramWeightedUnits = machine.vcpus * cpuToRamRatio + machine.memoryGiB;
  const perGib = machinePrice.amount / ramWeightedUnits;
  return { cpuPerVcpuHour: usd(perGib * cpuToRamRatio, "vCPU-hour"), memoryPerGibHour: usd(perGib, "GiB-hour") };
}

/** The split with its provenance: machine price source + the ratio's source + the method in words. */
export function splitSourcedMachinePrice(
  machinePrice: Price<"hour">,
  machinePriceSource: PriceSource,
  machine: Machine & { label: string },
): { cpuPerVcpuHour: SourcedPrice<"vCPU-hour">; memoryPerGibHour: SourcedPrice<"GiB-hour"> } {
  const split = splitMachinePrice(machinePrice, machine);
  const method =
    `${machine.label} at ${machinePrice.amount} USD/hour over ${machine.vcpus} vCPU and ${machine.memoryGiB} GiB, ` +
    `split by OpenCost's CPU:RAM cost ratio ${OPENCOST_CPU_TO_RAM_RATIO.toFixed(4)} ` +
    `(ramPrice = price / (vCPU*ratio + GiB); cpuPrice = ramPrice*ratio)`;
  const source = derived(method, machinePriceSource, openCostRatioSource);
  return {
    cpuPerVcpuHour: withSource(split.cpuPerVcpuHour, source),
    memoryPerGibHour: withSource(split.memoryPerGibHour, source),
  };
}
