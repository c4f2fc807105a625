/**
 * The two pieces every config error message in the lab shares (stack config, pricing config,
 * benchmark definitions): finding the value a zod issue points at, and showing it.
 */

/** The value at a zod issue's path in the raw input, or undefined where the path leads nowhere. */
export function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let node: unknown = input;
  for (const key of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** A value as a config error quotes it: JSON, `nothing` when absent, long values cut at 60 characters. */
export function showValue(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
