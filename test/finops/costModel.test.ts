import { allocatedResources, allocationCost, idleCost, monthlyRunRate, perUnitCost } from "../../finops/costModel";
import { testPrices } from "./testPrices";

// cpu 0.04 USD/vCPU-h, memory 0.005 USD/GiB-h, storage 0.10 USD/GB-month
const prices = testPrices(0.04, 0.005, 0.1);

describe("allocatedResources (OpenCost: max of request and usage)", () => {
  it("takes the larger of request and usage per container and per resource", () => {
    const allocated = allocatedResources([
      // bursts above its CPU request, uses less memory than requested: 800m + 256Mi
      { request: { cpuMillicores: 500, memoryMiB: 256 }, usage: { cpuMillicores: 800, memoryMiB: 128 } },
      // no usage data: the request
      { request: { cpuMillicores: 250, memoryMiB: 512 } },
    ]);
    // cpu 800 + 250 = 1050 m; memory 256 + 512 = 768 MiB
    expect(allocated).toEqual({ cpuMillicores: 1050, memoryMiB: 768 });
  });

  it("does not let one container's slack pay for another's burst", () => {
    // summing first would give max(1000, 1000) = 1000; per container it is 900 + 600 = 1500
    const allocated = allocatedResources([
      { request: { cpuMillicores: 900, memoryMiB: 0 }, usage: { cpuMillicores: 100, memoryMiB: 0 } },
      { request: { cpuMillicores: 100, memoryMiB: 0 }, usage: { cpuMillicores: 600, memoryMiB: 0 } },
    ]);
    expect(allocated.cpuMillicores).toBe(1500);
  });
});

describe("allocationCost", () => {
  it("multiplies allocation x hours x unit price, storage through 730 h", () => {
    const cost = allocationCost({ cpuMillicores: 1500, memoryMiB: 2048, storageGiB: 10 }, 2, prices);
    // cpu 1.5 x 0.04 x 2 = 0.12; memory 2 GiB x 0.005 x 2 = 0.02; storage 10 x 0.10 x 2/730 = 0.002739726
    expect(cost.cpu).toBeCloseTo(0.12, 12);
    expect(cost.memory).toBeCloseTo(0.02, 12);
    expect(cost.storage).toBeCloseTo(0.002739726, 9);
    expect(cost.total).toBeCloseTo(0.142739726, 9);
    expect(cost.unit).toBe("USD over 2 h");
  });

  it("gives the monthly run-rate over 730 h", () => {
    const monthly = monthlyRunRate({ cpuMillicores: 1500, memoryMiB: 2048, storageGiB: 10 }, prices);
    // cpu 1.5 x 0.04 x 730 = 43.8; memory 2 x 0.005 x 730 = 7.3; storage 10 x 0.10 = 1.0 -> 52.1
    expect(monthly.cpu).toBeCloseTo(43.8, 9);
    expect(monthly.memory).toBeCloseTo(7.3, 9);
    expect(monthly.storage).toBeCloseTo(1, 12);
    expect(monthly.total).toBeCloseTo(52.1, 9);
    expect(monthly.unit).toBe("USD per month");
  });

  it("refuses a negative or infinite period", () => {
    expect(() => allocationCost({ cpuMillicores: 1, memoryMiB: 1 }, -1, prices)).toThrow(/got -1 hours/);
  });
});

describe("idleCost", () => {
  it("prices the capacity nobody allocated, separately", () => {
    const idle = idleCost({ cpuMillicores: 4000, memoryMiB: 8192 }, { cpuMillicores: 1500, memoryMiB: 2048 }, 10, prices);
    // idle 2.5 cores x 0.04 x 10 = 1.0; idle 6 GiB x 0.005 x 10 = 0.3 -> 1.3
    expect(idle.idle).toEqual({ cpuMillicores: 2500, memoryMiB: 6144, storageGiB: 0 });
    expect(idle.total).toBeCloseTo(1.3, 12);
  });

  it("counts over-allocation as no idle, never negative", () => {
    const idle = idleCost({ cpuMillicores: 4000, memoryMiB: 8192 }, { cpuMillicores: 5000, memoryMiB: 8192 }, 10, prices);
    expect(idle.cpu).toBe(0);
    expect(idle.total).toBe(0);
  });
});

describe("perUnitCost", () => {
  it("gives USD per million requests", () => {
    // 2.50 USD / 5,000,000 requests x 1,000,000 = 0.50 USD per million requests
    expect(perUnitCost(2.5, 5_000_000, "requests", 1_000_000)).toEqual({ value: 0.5, unit: "USD per million requests" });
  });

  it("gives USD per transaction", () => {
    // 0.30 USD / 1200 transactions = 0.00025 USD per transaction
    const perTx = perUnitCost(0.3, 1200, "transaction", 1);
    expect(perTx.unit).toBe("USD per transaction");
    expect(perTx.value).toBeCloseTo(0.00025, 12);
  });

  it("returns null with a note for zero or missing throughput, never Infinity or NaN", () => {
    expect(perUnitCost(1, 0, "requests", 1_000_000)).toEqual({
      value: null,
      unit: "USD per million requests",
      note: "no throughput: 0 requests",
    });
    expect(perUnitCost(1, undefined, "messages", 1_000_000)).toEqual({
      value: null,
      unit: "USD per million messages",
      note: "no throughput: messages count missing",
    });
    expect(perUnitCost(1, NaN, "transaction").value).toBeNull();
    expect(perUnitCost(NaN, 10, "transaction").value).toBeNull();
    expect(JSON.stringify(perUnitCost(1, 0, "requests", 1_000_000))).not.toMatch(/Infinity|NaN/);
  });
});
