import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { awsUnitPricesFromInstance, fallbackEgressPerGb } from "./awsFallbackPrices";
import { PriceSource, SourcedPrice, withSource } from "./priceSource";
import { UnitPrices } from "./unitPrices";
import { Price, usd } from "./units";

/**
 * Live AWS prices through the Price List API (`aws.pricing.getProduct`), used when
 * `lab:pricing.aws.livePricing` is true. The API is served from us-east-1 only (and ap-south-1),
 * whatever region is being priced, so the lookup uses its own provider pinned there.
 *
 * `lookupAwsUnitPrices` returns a Promise, not an Output: getProduct is a plain invoke, and a
 * Promise can be awaited by a stack program before it builds components (or wrapped with
 * `pulumi.output(...)` where an Output is wanted). Egress stays on the fallback table: data transfer
 * is a tiered product whose first tier the fallback already states.
 */

/** Price List `location` names; the API filters on these, not on region codes. */
export const awsRegionLocations: Record<string, string> = {
  "us-east-1": "US East (N. Virginia)",
  "us-east-2": "US East (Ohio)",
  "us-west-1": "US West (N. California)",
  "us-west-2": "US West (Oregon)",
  "ca-central-1": "Canada (Central)",
  "eu-west-1": "EU (Ireland)",
  "eu-west-2": "EU (London)",
  "eu-west-3": "EU (Paris)",
  "eu-central-1": "EU (Frankfurt)",
  "eu-north-1": "EU (Stockholm)",
  "ap-south-1": "Asia Pacific (Mumbai)",
  "ap-southeast-1": "Asia Pacific (Singapore)",
  "ap-southeast-2": "Asia Pacific (Sydney)",
  "ap-northeast-1": "Asia Pacific (Tokyo)",
  "sa-east-1": "South America (Sao Paulo)",
};

export function awsLocationOf(region: string): string {
  const location = awsRegionLocations[region];
  if (!location) {
    throw new Error(
      `lab:pricing.aws.region: got "${region}", expected one of ${Object.keys(awsRegionLocations).join(", ")} (Price List location known)`,
    );
  }
  return location;
}

export interface PriceListFilter {
  field: string;
  value: string;
}

/**
 * Filters that leave exactly one EC2 product (getProduct fails on more than one): Linux with no
 * pre-installed software or licence, shared tenancy, plain On-Demand capacity (`Used`, not
 * reservations), the RunInstances operation.
 */
export function ec2InstanceFilters(instanceType: string, region: string): PriceListFilter[] {
  return [
    { field: "instanceType", value: instanceType },
    { field: "location", value: awsLocationOf(region) },
    { field: "operatingSystem", value: "Linux" },
    { field: "tenancy", value: "Shared" },
    { field: "preInstalledSw", value: "NA" },
    { field: "licenseModel", value: "No License required" },
    { field: "capacitystatus", value: "Used" },
    { field: "marketoption", value: "OnDemand" },
    { field: "operation", value: "RunInstances" },
  ];
}

export function gp3StorageFilters(region: string): PriceListFilter[] {
  return [
    { field: "productFamily", value: "Storage" },
    { field: "volumeApiName", value: "gp3" },
    { field: "location", value: awsLocationOf(region) },
  ];
}

const priceDimensionSchema = z.object({
  unit: z.string(),
  pricePerUnit: z.record(z.string(), z.string()),
  description: z.string().optional(),
  beginRange: z.string().optional(),
  endRange: z.string().optional(),
});

const onDemandTermSchema = z.object({
  priceDimensions: z.record(z.string(), priceDimensionSchema),
  effectiveDate: z.string().optional(),
  offerTermCode: z.string().optional(),
});

const priceListProductSchema = z.object({
  product: z.object({
    sku: z.string(),
    productFamily: z.string().optional(),
    attributes: z.record(z.string(), z.string()).default({}),
  }),
  terms: z.object({ OnDemand: z.record(z.string(), onDemandTermSchema).optional() }).loose(),
  publicationDate: z.string().optional(),
});

export interface AwsProductPrice {
  sku: string;
  productFamily?: string;
  attributes: Record<string, string>;
  /** USD per `unit`, as published. */
  usd: number;
  /** The Price List unit: `Hrs` for instances, `GB-Mo` for volumes. */
  unit: string;
  description?: string;
  effectiveDate?: string;
  publicationDate?: string;
}

/**
 * Reads one Price List product (getProduct's `result`, a JSON string) down to its On-Demand price:
 * terms.OnDemand.<sku.offer>.priceDimensions.<rate>.pricePerUnit.USD. Refuses anything ambiguous
 * (several On-Demand terms or dimensions, e.g. a tiered product) instead of picking one silently.
 */
export function parseAwsPriceListProduct(json: string | unknown): AwsProductPrice {
  let raw: unknown = json;
  if (typeof json === "string") {
    try {
      raw = JSON.parse(json);
    } catch (error) {
      throw new Error(`AWS Price List product: not JSON (${(error as Error).message})`);
    }
  }
  const parsed = priceListProductSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`AWS Price List product: unexpected shape: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const { product, terms, publicationDate } = parsed.data;
  const onDemand = Object.values(terms.OnDemand ?? {});
  if (onDemand.length !== 1) {
    throw new Error(`AWS Price List product ${product.sku}: expected 1 OnDemand term, found ${onDemand.length}`);
  }
  const dimensions = Object.values(onDemand[0].priceDimensions);
  if (dimensions.length !== 1) {
    throw new Error(`AWS Price List product ${product.sku}: expected 1 On-Demand price dimension, found ${dimensions.length} (tiered?)`);
  }
  const dimension = dimensions[0];
  const usdText = dimension.pricePerUnit.USD;
  const amount = usdText === undefined ? NaN : Number(usdText);
  if (!Number.isFinite(amount) || amount < 0) {
    throw new Error(`AWS Price List product ${product.sku}: pricePerUnit.USD is ${JSON.stringify(usdText)}, expected a non-negative number`);
  }
  return {
    sku: product.sku,
    productFamily: product.productFamily,
    attributes: product.attributes,
    usd: amount,
    unit: dimension.unit,
    description: dimension.description,
    effectiveDate: onDemand[0].effectiveDate,
    publicationDate,
  };
}

export function hourlyPriceOf(product: AwsProductPrice): Price<"hour"> {
  if (product.unit !== "Hrs") throw new Error(`AWS Price List product ${product.sku}: unit ${product.unit}, expected Hrs`);
  return usd(product.usd, "hour");
}

export function gbMonthPriceOf(product: AwsProductPrice): Price<"GB-month"> {
  if (product.unit !== "GB-Mo") throw new Error(`AWS Price List product ${product.sku}: unit ${product.unit}, expected GB-Mo`);
  return usd(product.usd, "GB-month");
}

/** vCPU and GiB from an EC2 product's attributes (`vcpu: "4"`, `memory: "16 GiB"`). */
export function instanceShapeOf(product: AwsProductPrice): { vcpus: number; memoryGiB: number } {
  const vcpus = Number(product.attributes.vcpu);
  const memoryMatch = /^([\d.,]+)\s*GiB$/.exec(product.attributes.memory ?? "");
  const memoryGiB = memoryMatch ? Number(memoryMatch[1].replace(/,/g, "")) : NaN;
  if (!(vcpus > 0) || !(memoryGiB > 0)) {
    throw new Error(
      `AWS Price List product ${product.sku}: cannot read vcpu/memory (${product.attributes.vcpu} / ${product.attributes.memory})`,
    );
  }
  return { vcpus, memoryGiB };
}

/** Credential sources the AWS provider reads without stack config. */
export const awsCredentialEnvVars = [
  "AWS_ACCESS_KEY_ID",
  "AWS_PROFILE",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
] as const;

export const MISSING_AWS_CREDENTIALS_HINT =
  `set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE (with ~/.aws/credentials or ~/.aws/config), ` +
  `or AWS_WEB_IDENTITY_TOKEN_FILE; the Price List API needs any IAM identity allowed pricing:GetProducts. ` +
  `Or set lab:pricing.aws.livePricing: false to use the dated fallback table`;

/**
 * Returns an error message when no AWS credential source is visible, else undefined. Checked before
 * invoking so the failure says what to set instead of surfacing as a provider timeout. An EC2
 * instance role is invisible from here: pass `skipCredentialCheck` there.
 */
export function missingAwsCredentials(
  env: Record<string, string | undefined>,
  sharedFileExists: (file: string) => boolean = fs.existsSync,
): string | undefined {
  if (awsCredentialEnvVars.some((name) => (env[name] ?? "") !== "")) return undefined;
  const home = os.homedir();
  const files = [
    env.AWS_SHARED_CREDENTIALS_FILE ?? path.join(home, ".aws", "credentials"),
    env.AWS_CONFIG_FILE ?? path.join(home, ".aws", "config"),
  ];
  if (files.some((file) => sharedFileExists(file))) return undefined;
  return `AWS live pricing (lab:pricing.aws.livePricing: true) found no AWS credentials: ${MISSING_AWS_CREDENTIALS_HINT}`;
}

export interface LookupAwsUnitPricesArgs {
  region: string;
  instanceType: string;
  /** A provider in us-east-1 to reuse; one is created (named `pricing-us-east-1`) when absent. */
  provider?: aws.Provider;
  /** Named profile for the created provider. */
  profile?: string;
  /** Environment to check for credentials (defaults to process.env). */
  env?: Record<string, string | undefined>;
  /** For instance roles and other sources the check cannot see. */
  skipCredentialCheck?: boolean;
  /** Clock for `fetchedAt` (tests). */
  now?: () => Date;
}

function looksLikeCredentialError(message: string): boolean {
  return /credential|NoCredentialProviders|no valid credential sources|UnrecognizedClientException|security token/i.test(message);
}

/** Must run inside a Pulumi program (it may create a provider and invokes getProduct). */
export async function lookupAwsUnitPrices(args: LookupAwsUnitPricesArgs): Promise<UnitPrices> {
  const env = args.env ?? process.env;
  if (!args.skipCredentialCheck && !args.profile) {
    const missing = missingAwsCredentials(env);
    if (missing) throw new Error(missing);
  }
  const provider =
    args.provider ?? new aws.Provider("pricing-us-east-1", { region: "us-east-1", ...(args.profile ? { profile: args.profile } : {}) });
  const fetchedAt = (args.now ?? (() => new Date()))().toISOString();

  const getOne = async (what: string, serviceCode: string, filters: PriceListFilter[]): Promise<AwsProductPrice> => {
    try {
      const found = await aws.pricing.getProduct({ serviceCode, filters }, { provider });
      return parseAwsPriceListProduct(found.result);
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)) || "(the engine gave no message)";
      // The two usual causes: no usable identity, or filters matching zero or several products.
      const hint = looksLikeCredentialError(message)
        ? `; ${MISSING_AWS_CREDENTIALS_HINT}`
        : `; check the AWS credentials (${awsCredentialEnvVars.join(", ")}) and that ${JSON.stringify(filters)} match exactly one product`;
      throw new Error(`AWS Price List lookup of ${what} in ${args.region} failed: ${message}${hint}`);
    }
  };

  const instance = await getOne(`EC2 ${args.instanceType}`, "AmazonEC2", ec2InstanceFilters(args.instanceType, args.region));
  const volume = await getOne("EBS gp3 storage", "AmazonEC2", gp3StorageFilters(args.region));
  const apiSource = (sku: string): PriceSource => ({ kind: "aws-pricing-api", sku, region: args.region, fetchedAt });
  const storage: SourcedPrice<"GB-month"> = withSource(gbMonthPriceOf(volume), apiSource(volume.sku));
  pulumi.log.info(`AWS Price List: ${args.instanceType} ${instance.usd} USD/h, gp3 ${volume.usd} USD/GB-month (${args.region})`);
  return awsUnitPricesFromInstance(
    args.instanceType,
    hourlyPriceOf(instance),
    apiSource(instance.sku),
    instanceShapeOf(instance),
    storage,
    fallbackEgressPerGb(),
  );
}
