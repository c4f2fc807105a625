import { z } from "zod";
import { Price, PriceUnit, priceSchema } from "./units";

/**
 * Where a price came from. A figure without its origin cannot be checked or refreshed, so no
 * price leaves finops/ without one.
 */
export type PriceSource =
  /** A dated table kept in this repository (e.g. finops/awsFallbackPrices.ts). */
  | { kind: "fallback-table"; table: string; takenOn: string; reference: string }
  /** Read at deploy time from the AWS Price List API. */
  | { kind: "aws-pricing-api"; sku: string; region: string; fetchedAt: string }
  /** A value the owner set (or left at its documented default) in stack config. */
  | { kind: "user-setting"; key: string }
  /** Computed from other priced inputs; `method` says how, so the arithmetic can be redone. */
  | { kind: "derived"; from: PriceSource[]; method: string };

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD");

export const priceSourceSchema: z.ZodType<PriceSource> = z.lazy(() =>
  z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("fallback-table"), table: z.string().min(1), takenOn: isoDay, reference: z.string().min(1) }),
    z.object({ kind: z.literal("aws-pricing-api"), sku: z.string().min(1), region: z.string().min(1), fetchedAt: z.string().min(1) }),
    z.object({ kind: z.literal("user-setting"), key: z.string().min(1) }),
    z.object({ kind: z.literal("derived"), from: z.array(priceSourceSchema), method: z.string().min(1) }),
  ]),
);

/** A price with its unit and its origin: the only shape unit prices travel in. */
export type SourcedPrice<U extends PriceUnit = PriceUnit> = Price<U> & { readonly source: PriceSource };

export function sourcedPriceSchema<U extends PriceUnit>(unit: U) {
  return priceSchema(unit).extend({ source: priceSourceSchema });
}

export function withSource<U extends PriceUnit>(price: Price<U>, source: PriceSource): SourcedPrice<U> {
  return { ...price, source };
}

export function derived(method: string, ...from: PriceSource[]): PriceSource {
  return { kind: "derived", from, method };
}
