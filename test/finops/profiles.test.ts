import { awsFallbackUnitPrices, fallbackInstancePrice } from "../../finops/awsFallbackPrices";
import { OPENCOST_CPU_TO_RAM_RATIO, splitMachinePrice } from "../../finops/nodePriceSplit";
import { parsePricingConfig, resolvePricingProfile } from "../../finops/profiles";
import { unitPricesSchema } from "../../finops/unitPrices";
import { usd } from "../../finops/units";

// OpenCost default.json: CPU 0.031611 USD/vCPU-h, RAM 0.004237 USD/GiB-h
// ratio r = 0.031611 / 0.004237 = 7.4607033278
const r = 7.4607033278;

describe("splitting a machine price", () => {
  it("solves ramPrice = price / (vCPU*ratio + GiB), cpuPrice = ramPrice*ratio", () => {
    // 1.00 USD/h over 2 vCPU + 2 GiB at ratio 4: 2*4 + 2 = 10 units -> RAM 0.10, CPU 0.40
    const split = splitMachinePrice(usd(1, "hour"), { vcpus: 2, memoryGiB: 2 }, 4);
    expect(split.memoryPerGibHour.amount).toBeCloseTo(0.1, 12);
    expect(split.cpuPerVcpuHour.amount).toBeCloseTo(0.4, 12);
    // and the parts add back to the machine: 2*0.4 + 2*0.1 = 1.0
    expect(2 * split.cpuPerVcpuHour.amount + 2 * split.memoryPerGibHour.amount).toBeCloseTo(1, 12);
  });

  it("uses OpenCost's ratio", () => {
    expect(OPENCOST_CPU_TO_RAM_RATIO).toBeCloseTo(r, 9);
  });
});

describe("aws profile (fallback table)", () => {
  it("prices m7i.xlarge (4 vCPU, 16 GiB, 0.2016 USD/h) per vCPU-hour and per GiB-hour", () => {
    const resolved = resolvePricingProfile(parsePricingConfig({ profile: "aws" }));
    // units = 4r + 16 = 45.8428133113; RAM = 0.2016 / 45.8428133113 = 0.0043976359
    // CPU = 0.0043976359 * r = 0.0328094565
    expect(resolved.unitPrices.memoryPerGibHour.amount).toBeCloseTo(0.0043976359, 9);
    expect(resolved.unitPrices.cpuPerVcpuHour.amount).toBeCloseTo(0.0328094565, 9);
    expect(resolved.unitPrices.storagePerGbMonth).toMatchObject({ amount: 0.08, per: "GB-month" });
    expect(resolved.unitPrices.egressPerGb).toMatchObject({ amount: 0.09, per: "GB" });
    expect(resolved.awsReference).toEqual(resolved.unitPrices);
    expect(unitPricesSchema.parse(resolved.unitPrices)).toEqual(resolved.unitPrices);
  });

  it("says where each price came from", () => {
    const prices = awsFallbackUnitPrices("m7i.xlarge");
    const source = prices.cpuPerVcpuHour.source;
    expect(source.kind).toBe("derived");
    if (source.kind !== "derived") throw new Error("unreachable");
    expect(source.method).toMatch(/EC2 m7i.xlarge at 0.2016 USD\/hour over 4 vCPU and 16 GiB/);
    expect(source.from[0]).toMatchObject({ kind: "fallback-table", takenOn: "2026-11-23" });
    expect(prices.storagePerGbMonth.source).toMatchObject({ kind: "fallback-table", reference: "https://aws.amazon.com/ebs/pricing/" });
  });

  it("keeps the per-vCPU price of one family across sizes", () => {
    // m7i.large is exactly half of m7i.xlarge (2 vCPU, 8 GiB, 0.1008), so the unit prices match
    expect(awsFallbackUnitPrices("m7i.large").cpuPerVcpuHour.amount).toBeCloseTo(0.0328094565, 9);
    expect(fallbackInstancePrice("t3.medium").amount).toBe(0.0416);
  });
});

describe("laptop profile", () => {
  it("prices marginal power split over the laptop's cores and memory", () => {
    const resolved = resolvePricingProfile(parsePricingConfig({ profile: "laptop" }));
    // 15 W x 0.17 USD/kWh = 0.00255 USD/h over 8 cores + 16 GiB: units = 8r + 16 = 75.6856266226
    // RAM = 0.00255 / 75.6856266226 = 0.000033692; CPU = 0.000033692 * r = 0.000251366
    expect(resolved.machinePricePerHour?.amount).toBeCloseTo(0.00255, 12);
    expect(resolved.unitPrices.memoryPerGibHour.amount).toBeCloseTo(0.000033692, 9);
    expect(resolved.unitPrices.cpuPerVcpuHour.amount).toBeCloseTo(0.000251366, 9);
    expect(resolved.unitPrices.storagePerGbMonth.amount).toBe(0);
    // the cloud-equivalent sits beside it
    expect(resolved.awsReference.cpuPerVcpuHour.amount).toBeCloseTo(0.0328094565, 9);
  });

  it("follows the configured watts and tariff", () => {
    const resolved = resolvePricingProfile(
      parsePricingConfig({ profile: "laptop", laptopWatts: 20, electricityUsdPerKwh: 0.3, laptop: { cores: 4, memoryGiB: 8 } }),
    );
    // 20 W x 0.30 = 0.006 USD/h; units = 4r + 8 = 37.8428133113; RAM = 0.006/37.8428133 = 0.00015855058
    expect(resolved.machinePricePerHour?.amount).toBeCloseTo(0.006, 12);
    expect(resolved.unitPrices.memoryPerGibHour.amount).toBeCloseTo(0.00015855058, 10);
    // CPU = 0.00015855058 * 7.4607033 = 0.00118289884
    expect(resolved.unitPrices.cpuPerVcpuHour.amount).toBeCloseTo(0.00118289884, 10);
    // check: 4 x 0.00118289884 + 8 x 0.00015855058 = 0.00473159536 + 0.00126840464 = 0.006
  });
});

describe("homelab profile", () => {
  it("amortizes the N100 hub and adds its power, split like a cloud price", () => {
    const resolved = resolvePricingProfile(parsePricingConfig({ profile: "homelab" }));
    // 200 USD / (4 y x 8760 h) = 0.0057077626 + 12 W x 0.17 = 0.00204 -> 0.0077477626 USD/h
    // units = 4r + 16 = 45.8428133113; RAM = 0.0077477626 / 45.8428133 = 0.000169007
    // CPU = 0.000169007 * r = 0.001260912
    expect(resolved.machinePricePerHour?.amount).toBeCloseTo(0.0077477626, 9);
    expect(resolved.unitPrices.memoryPerGibHour.amount).toBeCloseTo(0.000169007, 9);
    expect(resolved.unitPrices.cpuPerVcpuHour.amount).toBeCloseTo(0.001260912, 9);
  });

  it("uses the configured hardware price, life, watts and tariff", () => {
    const resolved = resolvePricingProfile(
      parsePricingConfig({ profile: "homelab", electricityUsdPerKwh: 0.25, homelab: { hardwareUsd: 350.4, lifeYears: 5, watts: 10 } }),
    );
    // 350.4 / (5 x 8760) = 0.008 + 10 W x 0.25 = 0.0025 -> 0.0105 USD/h
    expect(resolved.machinePricePerHour?.amount).toBeCloseTo(0.0105, 12);
  });
});

describe("parsePricingConfig", () => {
  it("fills every default", () => {
    expect(parsePricingConfig(undefined)).toEqual({
      profile: "laptop",
      electricityUsdPerKwh: 0.17,
      laptopWatts: 15,
      laptop: { cores: 8, memoryGiB: 16 },
      homelab: { hardwareUsd: 200, lifeYears: 4, watts: 12, cores: 4, memoryGiB: 16 },
      local: { storageUsdPerGbMonth: 0, egressUsdPerGb: 0 },
      aws: { region: "us-east-1", instanceType: "m7i.xlarge", livePricing: false },
    });
  });

  it("names the key, the value and what was expected", () => {
    expect(() => parsePricingConfig({ electricityUsdPerKwh: -0.3 })).toThrow(
      "lab:pricing.electricityUsdPerKwh: got -0.3, expected > 0 (USD per kWh)",
    );
    expect(() => parsePricingConfig({ homelab: { lifeYears: "four" } })).toThrow(
      'lab:pricing.homelab.lifeYears: got "four", expected a number (years of useful life)',
    );
    expect(() => parsePricingConfig({ profile: "gcp" })).toThrow('lab:pricing.profile: got "gcp", expected one of "laptop", "homelab", "aws"');
    expect(() => parsePricingConfig({ aws: { livePricing: "yes" } })).toThrow('lab:pricing.aws.livePricing: got "yes", expected a boolean');
    expect(() => parsePricingConfig({ laptopWats: 15 })).toThrow(
      "lab:pricing.laptopWats: unknown key, expected one of profile, electricityUsdPerKwh, laptopWatts, laptop, homelab, local, aws",
    );
  });

  it("refuses an instance type or region the fallback table cannot price", () => {
    expect(() => parsePricingConfig({ aws: { instanceType: "x2iedn.32xlarge" } })).toThrow(
      /lab:pricing.aws.instanceType: got "x2iedn.32xlarge", expected one of m7i.large/,
    );
    expect(() => parsePricingConfig({ aws: { region: "eu-west-1" } })).toThrow(/lab:pricing.aws.region: got "eu-west-1"/);
    // with live pricing on, both are the API's business
    expect(parsePricingConfig({ aws: { region: "eu-west-1", instanceType: "m8g.large", livePricing: true } }).aws.livePricing).toBe(true);
  });

  it("will not pretend live prices were looked up", () => {
    const config = parsePricingConfig({ aws: { livePricing: true } });
    expect(() => resolvePricingProfile(config)).toThrow(/resolvePricing\(\)/);
  });
});
