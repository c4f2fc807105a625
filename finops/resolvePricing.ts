import { LookupAwsUnitPricesArgs, lookupAwsUnitPrices } from "./awsPricing";
import { ResolvedPricing, parsePricingConfig, resolvePricingProfile } from "./profiles";

/**
 * The entry point stacks call with `lab:pricing` config: parse (errors name the key), look AWS
 * prices up live when asked, otherwise stay offline on the fallback table.
 */
export async function resolvePricing(
  rawConfig: unknown,
  lookup: Omit<LookupAwsUnitPricesArgs, "region" | "instanceType"> = {},
): Promise<ResolvedPricing> {
  const config = parsePricingConfig(rawConfig);
  if (!config.aws.livePricing) return resolvePricingProfile(config);
  const live = await lookupAwsUnitPrices({ ...lookup, region: config.aws.region, instanceType: config.aws.instanceType });
  return resolvePricingProfile(config, live);
}
