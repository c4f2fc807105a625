import type { PriceSource } from "../../finops/priceSource";

/** A price's origin in one line a reader can check: the table and date, the SKU, the config key. */
export function describePriceSource(source: PriceSource): string {
  switch (source.kind) {
    case "fallback-table":
      return `${source.table}, taken ${source.takenOn} (${source.reference})`;
    case "aws-pricing-api":
      return `AWS Price List API, SKU ${source.sku} in ${source.region}, fetched ${source.fetchedAt}`;
    case "user-setting":
      return `stack config ${source.key}`;
    case "derived":
      return `${source.method}, from ${source.from.map(describePriceSource).join("; ")}`;
  }
}
