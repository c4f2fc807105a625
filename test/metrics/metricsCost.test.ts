import { backendAllocation, metricsCost } from "../../finops/metricsCost";
import { testPrices } from "../finops/testPrices";
import { ingestionWith, queriesWith } from "./helpers";

// 0.04 USD per vCPU-hour, 0.01 per GiB-hour, 0.1 per GB-month
const prices = testPrices(0.04, 0.01, 0.1);

describe("metrics backends' cost figures", () => {
  it("allocation is the larger of request and the self-reported use, per resource", () => {
    // used 0.5 CPU s/s = 500 m (> 250 m requested), 1 GiB RSS (> 512 MiB requested)
    expect(backendAllocation(ingestionWith(), { cpuMillicores: 250, memoryMiB: 512, storageGiB: 0, pods: 1 })).toEqual({ cpuMillicores: 500, memoryMiB: 1024 });
    expect(backendAllocation(ingestionWith(), { cpuMillicores: 2000, memoryMiB: 512, storageGiB: 0, pods: 1 })).toEqual({ cpuMillicores: 2000, memoryMiB: 1024 });
  });

  it("per million samples, per month per million series, per million queries, storage per GB-month: worked by hand", () => {
    const c = metricsCost({ ingestion: ingestionWith(), queries: queriesWith(1000, 100, 36), unitPrices: prices });
    // 0.5 × 0.04 + 1 × 0.01 = 0.03 USD per hour
    expect(c.backendUsdPerHour.value).toBeCloseTo(0.03, 12);
    // 1000 samples/s = 3.6 M per hour: 0.03 / 3.6
    expect(c.perMillionSamples).toEqual({ value: expect.closeTo(0.03 / 3.6, 12), unit: "USD per million samples ingested" });
    // 0.03 × 730 h = 21.9 USD a month over 0.1 M series
    expect(c.perMonthPerMillionActiveSeries.value).toBeCloseTo(219, 9);
    // 36 s of 0.03 USD/h = 0.0003 USD over 900 successful queries
    expect(c.perMillionQueries).toEqual({ value: expect.closeTo((0.0003 / 900) * 1e6, 12), unit: "USD per million queries" });
    // 2 bytes × 1 M samples = 2e6 bytes = 2e6 / 2^30 GB at 0.1
    expect(c.storagePerMonthPerMillionSamples.value).toBeCloseTo((2e6 / 2 ** 30) * 0.1, 15);
    // 1 GiB on disk at 0.1 USD per GB-month
    expect(c.storageUsdPerMonth.value).toBeCloseTo(0.1, 12);
  });

  it("a figure with nothing to divide by is null with why, never Infinity", () => {
    const c = metricsCost({ ingestion: ingestionWith({ samplesPerSecond: 0, bytesPerSample: null, diskBytes: null }), queries: queriesWith(10, 10, 10), unitPrices: prices });
    expect(c.perMillionSamples).toEqual({ value: null, unit: "USD per million samples ingested", note: "no throughput: 0 samples ingested" });
    expect(c.storagePerMonthPerMillionSamples).toMatchObject({ value: null, note: "no block yet" });
    expect(c.storageUsdPerMonth).toMatchObject({ value: null, note: "no disk" });
    // every query failed: no useful work
    expect(c.perMillionQueries).toMatchObject({ value: null, note: "no throughput: 0 queries" });
  });
});
