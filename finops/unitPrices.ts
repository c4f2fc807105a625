import { z } from "zod";
import { SourcedPrice, sourcedPriceSchema } from "./priceSource";

/**
 * What every pricing profile resolves to: one price per resource a footprint asks for, each with
 * its unit and source. The cost model only ever sees this shape, so laptop, hub and AWS figures
 * are computed by the same arithmetic and can be compared line by line.
 */
export interface UnitPrices {
  readonly cpuPerVcpuHour: SourcedPrice<"vCPU-hour">;
  readonly memoryPerGibHour: SourcedPrice<"GiB-hour">;
  readonly storagePerGbMonth: SourcedPrice<"GB-month">;
  readonly egressPerGb: SourcedPrice<"GB">;
}

export const unitPricesSchema = z.object({
  cpuPerVcpuHour: sourcedPriceSchema("vCPU-hour"),
  memoryPerGibHour: sourcedPriceSchema("GiB-hour"),
  storagePerGbMonth: sourcedPriceSchema("GB-month"),
  egressPerGb: sourcedPriceSchema("GB"),
});
