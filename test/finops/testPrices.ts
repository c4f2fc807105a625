import { withSource } from "../../finops/priceSource";
import { UnitPrices } from "../../finops/unitPrices";
import { usd } from "../../finops/units";

/** Round test prices so expectations can be worked out by hand. */
export function testPrices(cpu: number, memory: number, storage: number, egress = 0): UnitPrices {
  const source = { kind: "user-setting" as const, key: "test" };
  return {
    cpuPerVcpuHour: withSource(usd(cpu, "vCPU-hour"), source),
    memoryPerGibHour: withSource(usd(memory, "GiB-hour"), source),
    storagePerGbMonth: withSource(usd(storage, "GB-month"), source),
    egressPerGb: withSource(usd(egress, "GB"), source),
  };
}
