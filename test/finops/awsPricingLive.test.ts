import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

/**
 * The live lookup under Pulumi mocks: the getProduct invoke is answered with the recorded-shape
 * fixtures, so this proves the filters sent, the provider pinned to us-east-1 and the parsing path,
 * without AWS. Anything unmocked throws.
 */
const fixture = (name: string) => fs.readFileSync(path.join(__dirname, "fixtures", name), "utf8");
const invokes: { token: string; inputs: Record<string, unknown>; provider?: string }[] = [];
const providers: { type: string; inputs: Record<string, unknown> }[] = [];

pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      providers.push({ type: args.type, inputs: args.inputs });
      return { id: `${args.name}-id`, state: args.inputs };
    },
    call: (args) => {
      invokes.push({ token: args.token, inputs: args.inputs, provider: args.provider });
      if (args.token !== "aws:pricing/getProduct:getProduct") throw new Error(`unmocked invoke ${args.token}`);
      const filters = args.inputs.filters as { field: string; value: string }[];
      if (filters.some((f) => f.value === "m9z.huge")) throw new Error("NoCredentialProviders: no valid providers in chain");
      const family = filters.find((f) => f.field === "productFamily")?.value;
      const result = family === "Storage" ? fixture("awsPriceList-ebs-gp3-us-east-1.json") : fixture("awsPriceList-ec2-m7i.xlarge-us-east-1.json");
      return { ...args.inputs, id: "us-east-1", result };
    },
  },
  "platform-lab",
  "phase-test",
  true,
);

// imported after setMocks so the SDK sees the mocks
import { lookupAwsUnitPrices } from "../../finops/awsPricing";
import { resolvePricing } from "../../finops/resolvePricing";

beforeEach(() => {
  invokes.length = 0;
  providers.length = 0;
});

describe("lookupAwsUnitPrices (mocked Price List)", () => {
  it("asks for exactly one EC2 product and one gp3 product through a us-east-1 provider", async () => {
    const prices = await lookupAwsUnitPrices({
      region: "us-east-1",
      instanceType: "m7i.xlarge",
      env: { AWS_PROFILE: "lab" },
      now: () => new Date("2026-11-23T12:00:00Z"),
    });
    // 0.2016 / (4 x 7.4607033 + 16) = 0.0043976359 per GiB-h; x 7.4607033 = 0.0328094565 per vCPU-h
    expect(prices.cpuPerVcpuHour.amount).toBeCloseTo(0.0328094565, 9);
    expect(prices.storagePerGbMonth).toMatchObject({
      amount: 0.08,
      per: "GB-month",
      source: { kind: "aws-pricing-api", sku: "GP3EXAMPLESKU001", region: "us-east-1", fetchedAt: "2026-11-23T12:00:00.000Z" },
    });
    expect(prices.egressPerGb.source.kind).toBe("fallback-table");

    expect(providers).toEqual([expect.objectContaining({ type: "pulumi:providers:aws", inputs: expect.objectContaining({ region: "us-east-1" }) })]);
    expect(invokes).toHaveLength(2);
    expect(invokes[0].inputs).toMatchObject({ serviceCode: "AmazonEC2" });
    expect(invokes[0].inputs.filters).toContainEqual({ field: "instanceType", value: "m7i.xlarge" });
    expect(invokes[0].provider).toMatch(/pricing-us-east-1/);
  });

  it("wraps an invoke failure with the product, the region and what to set", async () => {
    await expect(lookupAwsUnitPrices({ region: "us-east-1", instanceType: "m9z.huge", skipCredentialCheck: true })).rejects.toThrow(
      // (the mock runtime drops the invoke's own message; the engine passes it through)
      /AWS Price List lookup of EC2 m9z.huge in us-east-1 failed: .*check the AWS credentials \(AWS_ACCESS_KEY_ID, AWS_PROFILE.*m9z.huge.*match exactly one product/,
    );
  });
});

describe("resolvePricing", () => {
  it("stays offline on the fallback table unless live pricing is on", async () => {
    const resolved = await resolvePricing({ profile: "homelab" });
    expect(invokes).toHaveLength(0);
    expect(resolved.awsReference.cpuPerVcpuHour.source).toMatchObject({ kind: "derived" });
    expect(resolved.profile).toBe("homelab");
  });

  it("uses live AWS prices as the reference when asked, and fails clearly without credentials", async () => {
    const live = await resolvePricing({ profile: "laptop", aws: { livePricing: true } }, { env: { AWS_ACCESS_KEY_ID: "AKIAEXAMPLE" } });
    const cpuSource = live.awsReference.cpuPerVcpuHour.source;
    expect(cpuSource.kind === "derived" && cpuSource.from[0].kind).toBe("aws-pricing-api");

    const env = { AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials", AWS_CONFIG_FILE: "/nonexistent/config" };
    await expect(resolvePricing({ aws: { livePricing: true } }, { env })).rejects.toThrow(/found no AWS credentials/);
  });
});
