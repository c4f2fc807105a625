/**
 * A record with every value mapped, keys and their type kept: what `Object.fromEntries` would do
 * if its result were typed by the keys it is given rather than by `string`.
 */
export function mapValues<K extends string, V, T>(record: Readonly<Record<K, V>>, f: (value: V, key: K) => T): Record<K, T> {
  const mapped: Partial<Record<K, T>> = {};
  for (const key in record) mapped[key] = f(record[key], key);
  return mapped as Record<K, T>; // every key of `record` was assigned just above
}
