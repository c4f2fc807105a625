import { z } from "zod";

/**
 * The one place where time and resource units are converted. Every other finops file multiplies
 * through these helpers, so a monthly figure can never be used where an hourly one is expected:
 * the unit is part of the type (`Price<"hour">` is not assignable to `Price<"month">`).
 */

/** AWS, OpenCost and most calculators use 730 h a month (8760 h / 12); so do we, everywhere. */
export const HOURS_PER_MONTH = 730;
export const MONTHS_PER_YEAR = 12;
export const HOURS_PER_YEAR = HOURS_PER_MONTH * MONTHS_PER_YEAR;
export const SECONDS_PER_HOUR = 3600;

export const MIB_PER_GIB = 1024;
export const MILLICORES_PER_CORE = 1000;
/**
 * Bytes in the "GB" that per-GB figures use. AWS bills data transfer and EBS in binary units
 * although its pages write "GB"; we follow the bill, so 1 GB here is 2^30 bytes.
 */
export const BYTES_PER_GB = 1024 ** 3;

export const CURRENCY = "USD" as const;
export type Currency = typeof CURRENCY;

export const priceUnits = ["vCPU-hour", "GiB-hour", "GB-month", "GB", "kWh", "hour", "month"] as const;
export type PriceUnit = (typeof priceUnits)[number];

/** An amount of money per one `per`. The unit travels with the number so it cannot be lost. */
export interface Price<U extends PriceUnit = PriceUnit> {
  readonly amount: number;
  readonly currency: Currency;
  readonly per: U;
}

export function priceSchema<U extends PriceUnit>(unit: U) {
  return z.object({
    amount: z.number().finite().nonnegative(),
    currency: z.literal(CURRENCY),
    per: z.literal(unit),
  });
}

/** Builds a price, refusing what would later poison every sum (NaN, Infinity, negative). */
export function usd<U extends PriceUnit>(amount: number, per: U): Price<U> {
  if (!Number.isFinite(amount) || amount < 0) {
    throw new Error(`price per ${per}: got ${amount}, expected a finite non-negative number of USD`);
  }
  return { amount, currency: CURRENCY, per };
}

export function monthlyFromHourly(price: Price<"hour">): Price<"month"> {
  return usd(price.amount * HOURS_PER_MONTH, "month");
}

export function hourlyFromMonthly(price: Price<"month">): Price<"hour"> {
  return usd(price.amount / HOURS_PER_MONTH, "hour");
}

/** A one-off purchase spread evenly over its useful life, as an hourly cost (straight-line). */
export function amortizedHourly(purchaseUsd: number, lifeYears: number): Price<"hour"> {
  if (!(lifeYears > 0)) throw new Error(`amortization: got lifeYears ${lifeYears}, expected > 0`);
  return usd(purchaseUsd / (lifeYears * HOURS_PER_YEAR), "hour");
}

/** Power draw times tariff: watts for one hour is watts/1000 kWh. */
export function powerCostHourly(watts: number, electricity: Price<"kWh">): Price<"hour"> {
  return usd((watts / 1000) * electricity.amount, "hour");
}

export function addHourly(...prices: Price<"hour">[]): Price<"hour"> {
  return usd(
    prices.reduce((sum, p) => sum + p.amount, 0),
    "hour",
  );
}

export function mibToGib(mib: number): number {
  return mib / MIB_PER_GIB;
}

export function millicoresToCores(millicores: number): number {
  return millicores / MILLICORES_PER_CORE;
}

export function secondsToHours(seconds: number): number {
  return seconds / SECONDS_PER_HOUR;
}

export function bytesToGb(bytes: number): number {
  return bytes / BYTES_PER_GB;
}

/** USD for `vcpus` cores held for `hours`. */
export function cpuCost(price: Price<"vCPU-hour">, vcpus: number, hours: number): number {
  return price.amount * vcpus * hours;
}

/** USD for `gib` of memory held for `hours`. */
export function memoryCost(price: Price<"GiB-hour">, gib: number, hours: number): number {
  return price.amount * gib * hours;
}

/** USD for `gb` of storage held for `hours`; the price is per month, so hours go through 730. */
export function storageCost(price: Price<"GB-month">, gb: number, hours: number): number {
  return price.amount * gb * (hours / HOURS_PER_MONTH);
}
