/**
 * Reading and writing inside plain JSON-like values (recorded inputs, Helm values, manifests)
 * without `any`: one map test, one JSON-pointer decoder, one path walk.
 */

/** A map (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return value !== null && typeof value === "object";
}

/** A JSON pointer (RFC 6901) as its keys: `/values/a~1b` is `["values", "a/b"]`; `""` is the root. */
export function pointerKeys(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** The value at these keys (array indexes as strings), undefined where the path leaves the value. */
export function valueAt(root: unknown, keys: readonly string[]): unknown {
  return keys.reduce<unknown>((node, key) => (isContainer(node) ? (node as Record<string, unknown>)[key] : undefined), root);
}

/** Sets the value at these keys when its parent exists; a missing parent leaves root unchanged. */
export function setValueAt(root: unknown, keys: readonly string[], value: unknown): void {
  if (keys.length === 0) return;
  const parent = valueAt(root, keys.slice(0, -1));
  if (isContainer(parent)) (parent as Record<string, unknown>)[keys[keys.length - 1]] = value;
}
