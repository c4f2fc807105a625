/**
 * The lab's latency buckets computed a second way, for tests: walk the bucket bounds by repeated
 * multiplication (0.1 ms, ×1.02 each) instead of the production code's log/ceil formula, so a bug
 * in benchmarks/k6/histogram.ts cannot also be in the expectation. The constants are written here,
 * not imported: they are what the k6 script and the merge must agree on.
 */
const MIN_MS = 0.1;
const GROWTH = 1.02;
const MAX_MS = 60_000;

const upperBounds: number[] = (() => {
  const bounds = [MIN_MS];
  while (bounds[bounds.length - 1] < MAX_MS) bounds.push(bounds[bounds.length - 1] * GROWTH);
  return bounds;
})();

/** Count per bucket index (only the non-empty ones), as the k6 summary's bucket counters hold them. */
export function independentBuckets(samplesMs: Iterable<number>): Map<number, number> {
  const counts = new Map<number, number>();
  for (const v of samplesMs) {
    let i = 0;
    while (i < upperBounds.length - 1 && v > upperBounds[i]) i++;
    counts.set(i, (counts.get(i) ?? 0) + 1);
  }
  return counts;
}

/** The same counts as a dense array of `length` buckets. */
export function independentHistogram(samplesMs: Iterable<number>, length: number): number[] {
  const h = new Array<number>(length).fill(0);
  for (const [i, n] of independentBuckets(samplesMs)) h[Math.min(i, length - 1)] += n;
  return h;
}

/** The measured scenario's http_req_duration values from k6's CSV output (columns by header name). */
export function csvDurations(csv: string, scenario = "measure"): number[] {
  const [header, ...rows] = csv.trim().split("\n");
  const col = Object.fromEntries(header.split(",").map((name, i) => [name, i]));
  return rows
    .map((r) => r.split(","))
    .filter((f) => f[col.metric_name] === "http_req_duration" && f[col.scenario] === scenario)
    .map((f) => Number(f[col.metric_value]));
}
