import { z } from "zod";
import { ConfigError, explainIssues, showValue } from "../lib/configErrors";
import { pricingProfileNames, type PricingProfileName } from "../lib/profileNames";
import { awsFallbackUnitPrices, isFallbackInstanceType, fallbackInstanceTypes } from "./awsFallbackPrices";
import { splitSourcedMachinePrice } from "./nodePriceSplit";
import { PriceSource, SourcedPrice, derived, withSource } from "./priceSource";
import { UnitPrices } from "./unitPrices";
import { addHourly, amortizedHourly, powerCostHourly, usd } from "./units";

/**
 * Pricing profiles: who pays, and for what, when the lab runs somewhere.
 *   laptop  - the owner's marginal cost: extra electricity while the lab runs (the laptop is bought
 *             anyway). Shown beside the AWS price of the same allocation.
 *   homelab - the hub mini PC: purchase price spread over its life plus its electricity.
 *   aws     - what the same requests would cost on EC2 (fallback table, or the live Price List API).
 * Every profile resolves to UnitPrices, so one cost model serves all three.
 */

/** Config key prefix in error messages, so they point at what to edit in Pulumi.<stack>.yaml. */
export const PRICING_CONFIG_KEY = "lab:pricing";

/** Numbers described by what they measure: a config error reads `expected > 0 (USD per kWh)`. */
const positive = (meaning: string) => z.number().positive().describe(meaning);
const nonNegative = (meaning: string) => z.number().nonnegative().describe(meaning);
const positiveInt = (meaning: string) => z.number().int().positive().describe(meaning);

/**
 * Defaults and why:
 * - electricityUsdPerKwh 0.17: the US average residential price, rounded (EIA Electric Power
 *   Monthly, table 5.6.A, 2025 data; states range from ~0.08 to ~0.32). Set your own tariff.
 * - laptopWatts 15: the lab's share of a laptop's draw, i.e. load minus idle. Laptop packages idle
 *   at a few watts and sit around 20-30 W under sustained multi-core load; 15 W is the middle of
 *   that delta for a Kind cluster that is busy part of the time. Measure with a USB-C power meter.
 * - laptop 8 cores / 16 GiB: what the marginal watts are spread over (a common dev laptop).
 * - homelab: Intel N100 mini PC, 4 cores, 16 GiB; 200 USD is an assumed street price for an
 *   N100 16 GB / 512 GB box (set what you paid); 4 years of life; 12 W average wall draw for a 24/7
 *   node with light load (N100 boxes idle around 6-8 W and reach ~25 W flat out; measure it).
 * - local storage and egress 0: the laptop/hub disk is already paid for (the hub's is inside
 *   hardwareUsd) and home internet is flat-rate, so the marginal cost of a GB is nil.
 * - aws us-east-1 m7i.xlarge: current-generation general purpose, 1 vCPU : 4 GiB like most
 *   Kubernetes node groups; fallback table unless livePricing is true.
 */
const laptopSchema = z.strictObject({
  cores: positiveInt("CPU cores").default(8),
  memoryGiB: positive("GiB of RAM").default(16),
});
const homelabSchema = z.strictObject({
  hardwareUsd: nonNegative("USD paid for the machine").default(200),
  lifeYears: positive("years of useful life").default(4),
  watts: positive("average watts at the wall").default(12),
  cores: positiveInt("CPU cores").default(4),
  memoryGiB: positive("GiB of RAM").default(16),
});
const localSchema = z.strictObject({
  storageUsdPerGbMonth: nonNegative("USD per GB-month").default(0),
  egressUsdPerGb: nonNegative("USD per GB").default(0),
});
const awsSchema = z.strictObject({
  region: z.string().min(1).describe("an AWS region name, e.g. us-east-1").default("us-east-1"),
  instanceType: z.string().min(1).describe("an EC2 instance type, e.g. m7i.xlarge").default("m7i.xlarge"),
  livePricing: z.boolean().default(false),
});

export const pricingConfigSchema = z.strictObject({
  profile: z.enum(pricingProfileNames).default("laptop"),
  electricityUsdPerKwh: positive("USD per kWh").default(0.17),
  laptopWatts: positive("watts the lab adds to the laptop's draw").default(15),
  laptop: laptopSchema.prefault({}),
  homelab: homelabSchema.prefault({}),
  local: localSchema.prefault({}),
  aws: awsSchema.prefault({}),
});

export type PricingConfig = z.infer<typeof pricingConfigSchema>;


/**
 * Parses `lab:pricing` config. Errors name the key, the value given and what was expected, e.g.
 * `lab:pricing.electricityUsdPerKwh: got -0.3, expected a positive number (USD per kWh)`.
 */
export function parsePricingConfig(raw: unknown): PricingConfig {
  const parsed = pricingConfigSchema.safeParse(raw ?? {});
  if (parsed.success) {
    const config = parsed.data;
    // Every profile carries the AWS reference, so an unpriceable type must fail here, not in a phase.
    if (!config.aws.livePricing && !isFallbackInstanceType(config.aws.instanceType)) {
      throw new Error(
        `${PRICING_CONFIG_KEY}.aws.instanceType: got ${showValue(config.aws.instanceType)}, expected one of ` +
          `${fallbackInstanceTypes.join(", ")} (the fallback table) or set ${PRICING_CONFIG_KEY}.aws.livePricing: true`,
      );
    }
    if (!config.aws.livePricing && config.aws.region !== "us-east-1") {
      throw new Error(
        `${PRICING_CONFIG_KEY}.aws.region: got ${showValue(config.aws.region)}, expected "us-east-1" while ` +
          `${PRICING_CONFIG_KEY}.aws.livePricing is false (the fallback table is us-east-1 only)`,
      );
    }
    return config;
  }
  throw new ConfigError(explainIssues(pricingConfigSchema, raw ?? {}, parsed.error.issues, { keyPrefix: `${PRICING_CONFIG_KEY}.` }), `Invalid ${PRICING_CONFIG_KEY}`);
}

export interface ResolvedPricing {
  profile: PricingProfileName;
  /** Prices of the active profile. */
  unitPrices: UnitPrices;
  /** The AWS price of the same allocation, reported beside every profile. */
  awsReference: UnitPrices;
  /** The machine's whole hourly price before the split, where the profile has one machine. */
  machinePricePerHour?: SourcedPrice<"hour">;
}

function setting(key: string): PriceSource {
  return { kind: "user-setting", key: `${PRICING_CONFIG_KEY}.${key}` };
}

function localStorageAndEgress(config: PricingConfig): Pick<UnitPrices, "storagePerGbMonth" | "egressPerGb"> {
  return {
    storagePerGbMonth: withSource(usd(config.local.storageUsdPerGbMonth, "GB-month"), setting("local.storageUsdPerGbMonth")),
    egressPerGb: withSource(usd(config.local.egressUsdPerGb, "GB"), setting("local.egressUsdPerGb")),
  };
}

export function laptopMachinePrice(config: PricingConfig): SourcedPrice<"hour"> {
  const electricity = usd(config.electricityUsdPerKwh, "kWh");
  const power = powerCostHourly(config.laptopWatts, electricity);
  return withSource(
    power,
    derived(
      `${config.laptopWatts} W / 1000 x ${config.electricityUsdPerKwh} USD/kWh (marginal power only; the laptop is owned anyway)`,
      setting("laptopWatts"),
      setting("electricityUsdPerKwh"),
    ),
  );
}

export function homelabMachinePrice(config: PricingConfig): SourcedPrice<"hour"> {
  const { hardwareUsd, lifeYears, watts } = config.homelab;
  const amortization = amortizedHourly(hardwareUsd, lifeYears);
  const power = powerCostHourly(watts, usd(config.electricityUsdPerKwh, "kWh"));
  return withSource(
    addHourly(amortization, power),
    derived(
      `${hardwareUsd} USD / (${lifeYears} y x 8760 h) straight-line amortization + ${watts} W / 1000 x ${config.electricityUsdPerKwh} USD/kWh`,
      setting("homelab.hardwareUsd"),
      setting("homelab.lifeYears"),
      setting("homelab.watts"),
      setting("electricityUsdPerKwh"),
    ),
  );
}

export function laptopUnitPrices(config: PricingConfig): UnitPrices {
  const machine = laptopMachinePrice(config);
  return {
    ...splitSourcedMachinePrice(machine, machine.source, {
      vcpus: config.laptop.cores,
      memoryGiB: config.laptop.memoryGiB,
      label: "laptop marginal power",
    }),
    ...localStorageAndEgress(config),
  };
}

export function homelabUnitPrices(config: PricingConfig): UnitPrices {
  const machine = homelabMachinePrice(config);
  return {
    ...splitSourcedMachinePrice(machine, machine.source, {
      vcpus: config.homelab.cores,
      memoryGiB: config.homelab.memoryGiB,
      label: "homelab hub (amortization + power)",
    }),
    ...localStorageAndEgress(config),
  };
}

/**
 * Resolves a parsed config to prices. Synchronous and offline: AWS prices come from the fallback
 * table unless the caller passes `awsPrices` (finops/resolvePricing.ts does that when
 * `aws.livePricing` is on).
 */
export function resolvePricingProfile(config: PricingConfig, awsPrices?: UnitPrices): ResolvedPricing {
  if (config.aws.livePricing && !awsPrices) {
    throw new Error(
      `${PRICING_CONFIG_KEY}.aws.livePricing is true: resolve with resolvePricing() (finops/resolvePricing.ts), ` +
        `which looks the prices up, or pass them in`,
    );
  }
  const awsReference = awsPrices ?? awsFallbackUnitPrices(config.aws.instanceType);
  switch (config.profile) {
    case "laptop":
      return { profile: "laptop", unitPrices: laptopUnitPrices(config), awsReference, machinePricePerHour: laptopMachinePrice(config) };
    case "homelab":
      return { profile: "homelab", unitPrices: homelabUnitPrices(config), awsReference, machinePricePerHour: homelabMachinePrice(config) };
    case "aws":
      return { profile: "aws", unitPrices: awsReference, awsReference };
  }
}
