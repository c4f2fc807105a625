import * as fs from "fs";
import * as path from "path";
import { awsUnitPricesFromInstance } from "../../finops/awsFallbackPrices";
import {
  ec2InstanceFilters,
  gbMonthPriceOf,
  gp3StorageFilters,
  hourlyPriceOf,
  instanceShapeOf,
  lookupAwsUnitPrices,
  missingAwsCredentials,
  parseAwsPriceListProduct,
} from "../../finops/awsPricing";

/**
 * Fixtures follow the structure of a real GetProducts PriceList item (product.attributes, sku,
 * terms.OnDemand/Reserved, priceDimensions keyed by rate code); the SKUs are illustrative and the
 * prices are the fallback table's.
 */
const fixture = (name: string) => fs.readFileSync(path.join(__dirname, "fixtures", name), "utf8");
const m7iXlarge = fixture("awsPriceList-ec2-m7i.xlarge-us-east-1.json");
const gp3 = fixture("awsPriceList-ebs-gp3-us-east-1.json");

describe("parseAwsPriceListProduct", () => {
  it("reads the On-Demand hourly USD price of an EC2 product, ignoring Reserved terms", () => {
    const product = parseAwsPriceListProduct(m7iXlarge);
    expect(product).toMatchObject({ sku: "Q7XJ9ABCDE2M7IXL", usd: 0.2016, unit: "Hrs", productFamily: "Compute Instance" });
    expect(hourlyPriceOf(product)).toEqual({ amount: 0.2016, currency: "USD", per: "hour" });
    expect(instanceShapeOf(product)).toEqual({ vcpus: 4, memoryGiB: 16 });
  });

  it("reads gp3 storage per GB-month", () => {
    const product = parseAwsPriceListProduct(gp3);
    expect(gbMonthPriceOf(product)).toEqual({ amount: 0.08, currency: "USD", per: "GB-month" });
    expect(() => hourlyPriceOf(product)).toThrow(/unit GB-Mo, expected Hrs/);
  });

  it("turns a live product into the same unit prices as the fallback table", () => {
    const product = parseAwsPriceListProduct(m7iXlarge);
    const source = { kind: "aws-pricing-api" as const, sku: product.sku, region: "us-east-1", fetchedAt: "2026-11-23T00:00:00.000Z" };
    const prices = awsUnitPricesFromInstance("m7i.xlarge", hourlyPriceOf(product), source, instanceShapeOf(product));
    // 0.2016 / (4 x 7.4607033 + 16) = 0.0043976359 per GiB-h; x 7.4607033 = 0.0328094565 per vCPU-h
    expect(prices.cpuPerVcpuHour.amount).toBeCloseTo(0.0328094565, 9);
    expect(prices.memoryPerGibHour.amount).toBeCloseTo(0.0043976359, 9);
    const cpuSource = prices.cpuPerVcpuHour.source;
    expect(cpuSource.kind === "derived" && cpuSource.from[0]).toEqual(source);
  });

  it("refuses ambiguous or broken products", () => {
    const tiered = JSON.parse(m7iXlarge);
    const term = tiered.terms.OnDemand["Q7XJ9ABCDE2M7IXL.JRTCKXETXF"];
    term.priceDimensions["Q7XJ9ABCDE2M7IXL.JRTCKXETXF.SECONDTIER"] = { unit: "Hrs", pricePerUnit: { USD: "0.1" } };
    expect(() => parseAwsPriceListProduct(tiered)).toThrow(/expected 1 On-Demand price dimension, found 2/);
    expect(() => parseAwsPriceListProduct("{not json")).toThrow(/not JSON/);
    expect(() => parseAwsPriceListProduct({ product: { sku: "X" }, terms: {} })).toThrow(/expected 1 OnDemand term, found 0/);
    const noUsd = JSON.parse(gp3);
    noUsd.terms.OnDemand["GP3EXAMPLESKU001.JRTCKXETXF"].priceDimensions["GP3EXAMPLESKU001.JRTCKXETXF.6YS6EN2CT7"].pricePerUnit = { CNY: "1" };
    expect(() => parseAwsPriceListProduct(noUsd)).toThrow(/pricePerUnit.USD is undefined/);
  });
});

describe("Price List filters", () => {
  it("pin one On-Demand Linux shared-tenancy product", () => {
    expect(ec2InstanceFilters("m7i.xlarge", "us-east-1")).toEqual(
      expect.arrayContaining([
        { field: "instanceType", value: "m7i.xlarge" },
        { field: "location", value: "US East (N. Virginia)" },
        { field: "operatingSystem", value: "Linux" },
        { field: "tenancy", value: "Shared" },
        { field: "preInstalledSw", value: "NA" },
        { field: "capacitystatus", value: "Used" },
        { field: "marketoption", value: "OnDemand" },
      ]),
    );
    expect(gp3StorageFilters("eu-west-1")).toContainEqual({ field: "location", value: "EU (Ireland)" });
    expect(() => ec2InstanceFilters("m7i.xlarge", "mars-north-1")).toThrow(/lab:pricing.aws.region: got "mars-north-1"/);
  });
});

describe("missing AWS credentials", () => {
  const noFiles = () => false;

  it("says what to set when nothing is configured", () => {
    const message = missingAwsCredentials({}, noFiles);
    expect(message).toMatch(/found no AWS credentials/);
    expect(message).toMatch(/AWS_ACCESS_KEY_ID/);
    expect(message).toMatch(/AWS_PROFILE/);
    expect(message).toMatch(/livePricing: false/);
  });

  it("accepts any visible credential source", () => {
    expect(missingAwsCredentials({ AWS_ACCESS_KEY_ID: "AKIA..." }, noFiles)).toBeUndefined();
    expect(missingAwsCredentials({ AWS_PROFILE: "lab" }, noFiles)).toBeUndefined();
    expect(missingAwsCredentials({ AWS_SHARED_CREDENTIALS_FILE: "/creds" }, (f) => f === "/creds")).toBeUndefined();
    expect(missingAwsCredentials({ AWS_ACCESS_KEY_ID: "" }, noFiles)).toBeDefined();
  });

  it("fails the live lookup before invoking anything", async () => {
    const env = { AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials", AWS_CONFIG_FILE: "/nonexistent/config" };
    await expect(lookupAwsUnitPrices({ region: "us-east-1", instanceType: "m7i.xlarge", env })).rejects.toThrow(
      /AWS live pricing \(lab:pricing.aws.livePricing: true\) found no AWS credentials: set AWS_ACCESS_KEY_ID/,
    );
  });
});
