import { splitSourcedMachinePrice } from "./nodePriceSplit";
import { PriceSource, SourcedPrice, withSource } from "./priceSource";
import { UnitPrices } from "./unitPrices";
import { Price, usd } from "./units";

/**
 * AWS list prices kept in the repository so the AWS reference works with no credentials and no
 * network (the default). us-east-1, On-Demand, Linux, shared tenancy, no pre-installed software.
 *
 * Taken on 2026-11-23 from public copies of the AWS price pages (no AWS access from the dev
 * machines): the EC2 figures match in several independent, dated fallback tables (e.g. 2025-Q4
 * and June-2026 snapshots of https://aws.amazon.com/ec2/pricing/on-demand/); gp3 and data transfer
 * from the EBS and EC2 pricing pages as quoted by AWS re:Post and pricing guides. Refresh by setting
 * `lab:pricing.aws.livePricing: true` once, or edit the table and its `takenOn`.
 */
export const AWS_FALLBACK_TABLE_NAME = "finops/awsFallbackPrices.ts us-east-1 on-demand linux";
export const AWS_FALLBACK_TAKEN_ON = "2026-11-23";

export interface InstanceListing {
  vcpus: number;
  memoryGiB: number;
  usdPerHour: number;
  reference: string;
}

const EC2_ON_DEMAND_PAGE = "https://aws.amazon.com/ec2/pricing/on-demand/";

export const awsFallbackInstances = {
  "m7i.large": { vcpus: 2, memoryGiB: 8, usdPerHour: 0.1008, reference: EC2_ON_DEMAND_PAGE },
  "m7i.xlarge": { vcpus: 4, memoryGiB: 16, usdPerHour: 0.2016, reference: EC2_ON_DEMAND_PAGE },
  "m6i.xlarge": { vcpus: 4, memoryGiB: 16, usdPerHour: 0.192, reference: EC2_ON_DEMAND_PAGE },
  "t3.medium": { vcpus: 2, memoryGiB: 4, usdPerHour: 0.0416, reference: EC2_ON_DEMAND_PAGE },
  "c7i.xlarge": { vcpus: 4, memoryGiB: 8, usdPerHour: 0.1785, reference: EC2_ON_DEMAND_PAGE },
} as const satisfies Record<string, InstanceListing>;

export type FallbackInstanceType = keyof typeof awsFallbackInstances;
export const fallbackInstanceTypes = Object.keys(awsFallbackInstances) as FallbackInstanceType[];

/** gp3 volume storage; the 3,000 IOPS / 125 MiB/s baseline is included, extra IOPS are not modelled. */
export const awsGp3PerGbMonth = 0.08;
/** EC2 data transfer out to the internet, first 10 TB/month tier (the first 100 GB/month are free: ignored, conservative). */
export const awsEgressFirstTierPerGb = 0.09;

function tableSource(reference: string): PriceSource {
  return { kind: "fallback-table", table: AWS_FALLBACK_TABLE_NAME, takenOn: AWS_FALLBACK_TAKEN_ON, reference };
}

export function isFallbackInstanceType(instanceType: string): instanceType is FallbackInstanceType {
  return Object.prototype.hasOwnProperty.call(awsFallbackInstances, instanceType);
}

export function fallbackInstancePrice(instanceType: string): SourcedPrice<"hour"> & { vcpus: number; memoryGiB: number } {
  if (!isFallbackInstanceType(instanceType)) {
    throw new Error(
      `lab:pricing.aws.instanceType: got "${instanceType}", expected one of the fallback table's types ` +
        `(${fallbackInstanceTypes.join(", ")}) or aws.livePricing: true`,
    );
  }
  const listing: InstanceListing = awsFallbackInstances[instanceType];
  return {
    ...withSource(usd(listing.usdPerHour, "hour"), tableSource(listing.reference)),
    vcpus: listing.vcpus,
    memoryGiB: listing.memoryGiB,
  };
}

export function fallbackGp3PerGbMonth(): SourcedPrice<"GB-month"> {
  return withSource(usd(awsGp3PerGbMonth, "GB-month"), tableSource("https://aws.amazon.com/ebs/pricing/"));
}

export function fallbackEgressPerGb(): SourcedPrice<"GB"> {
  return withSource(usd(awsEgressFirstTierPerGb, "GB"), tableSource("https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer"));
}

/**
 * Unit prices of a node group made of `instanceType`: the instance price split by OpenCost's
 * CPU:RAM ratio (finops/nodePriceSplit.ts), gp3 for volumes, first-tier egress.
 */
export function awsUnitPricesFromInstance(
  instanceType: string,
  instancePrice: Price<"hour">,
  instanceSource: PriceSource,
  machine: { vcpus: number; memoryGiB: number },
  storage: SourcedPrice<"GB-month"> = fallbackGp3PerGbMonth(),
  egress: SourcedPrice<"GB"> = fallbackEgressPerGb(),
): UnitPrices {
  const split = splitSourcedMachinePrice(instancePrice, instanceSource, { ...machine, label: `EC2 ${instanceType}` });
  return { ...split, storagePerGbMonth: storage, egressPerGb: egress };
}

export function awsFallbackUnitPrices(instanceType: string = "m7i.xlarge"): UnitPrices {
  const instance = fallbackInstancePrice(instanceType);
  return awsUnitPricesFromInstance(instanceType, usd(instance.amount, "hour"), instance.source, instance);
}

/**
 * RDS for PostgreSQL, Single-AZ On-Demand, us-east-1 (Multi-AZ is twice this). Taken 2026-11-23
 * from public copies of https://aws.amazon.com/rds/postgresql/pricing/ dated May and June 2026
 * (infratally.com "AWS RDS pricing explained 2026", usage.ai RDS pricing calculator).
 */
export const awsFallbackRdsPostgres = {
  "db.t4g.micro": { vcpus: 2, memoryGiB: 1, usdPerHour: 0.016 },
  "db.t4g.small": { vcpus: 2, memoryGiB: 2, usdPerHour: 0.032 },
  "db.t4g.medium": { vcpus: 2, memoryGiB: 4, usdPerHour: 0.065 },
} as const;
export type RdsInstanceClass = keyof typeof awsFallbackRdsPostgres;
export const rdsInstanceClasses = Object.keys(awsFallbackRdsPostgres) as RdsInstanceClass[];
/** RDS gp3 storage (priced above EC2's gp3). */
export const awsRdsGp3PerGbMonth = 0.115;

export function fallbackRdsInstancePrice(instanceClass: RdsInstanceClass): SourcedPrice<"hour"> {
  return withSource(usd(awsFallbackRdsPostgres[instanceClass].usdPerHour, "hour"), tableSource("https://aws.amazon.com/rds/postgresql/pricing/"));
}

export function fallbackRdsStoragePerGbMonth(): SourcedPrice<"GB-month"> {
  return withSource(usd(awsRdsGp3PerGbMonth, "GB-month"), tableSource("https://aws.amazon.com/rds/postgresql/pricing/"));
}
