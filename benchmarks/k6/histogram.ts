/**
 * Log-linear latency histogram shared by the generated k6 script and the merge of several
 * runners' summaries. Percentiles cannot be averaged across runners; bucket counts can be summed,
 * and a percentile read from the summed buckets is within one bucket width (2%) of the exact one.
 *
 * Bucket 0 holds [0, MIN_MS]; bucket i >= 1 holds (MIN_MS * GROWTH^(i-1), MIN_MS * GROWTH^i];
 * the last bucket also takes everything above MAX_MS. The JS in the k6 script evaluates the very
 * same expression (BUCKET_INDEX_JS), so runner and merger agree on every bucket.
 */
import { nearestRankIndex } from "../latencyStats";

export const HISTOGRAM_MIN_MS = 0.1;
export const HISTOGRAM_GROWTH = 1.02;
export const HISTOGRAM_MAX_MS = 60_000;
export const HISTOGRAM_BUCKETS = Math.ceil(Math.log(HISTOGRAM_MAX_MS / HISTOGRAM_MIN_MS) / Math.log(HISTOGRAM_GROWTH)) + 1;
/** Counter names in the k6 summary are `<prefix><index>`. */
export const BUCKET_METRIC_PREFIX = "lab_latency_bucket_";

/** Source text of the index function, embedded as-is in the k6 script. */
export const BUCKET_INDEX_JS = `function labBucketIndex(ms) {
  if (!(ms > ${HISTOGRAM_MIN_MS})) return 0;
  var i = Math.ceil(Math.log(ms / ${HISTOGRAM_MIN_MS}) / Math.log(${HISTOGRAM_GROWTH}));
  return i > ${HISTOGRAM_BUCKETS - 1} ? ${HISTOGRAM_BUCKETS - 1} : i;
}`;

export function bucketIndex(ms: number): number {
  if (!(ms > HISTOGRAM_MIN_MS)) return 0;
  const i = Math.ceil(Math.log(ms / HISTOGRAM_MIN_MS) / Math.log(HISTOGRAM_GROWTH));
  return i > HISTOGRAM_BUCKETS - 1 ? HISTOGRAM_BUCKETS - 1 : i;
}

/** Upper bound of a bucket in ms: the value a percentile falling in it is reported as. */
export function bucketUpperMs(index: number): number {
  return HISTOGRAM_MIN_MS * HISTOGRAM_GROWTH ** index;
}

export type Histogram = number[];

export function emptyHistogram(): Histogram {
  return new Array<number>(HISTOGRAM_BUCKETS).fill(0);
}

export function histogramOf(samplesMs: Iterable<number>): Histogram {
  const h = emptyHistogram();
  for (const s of samplesMs) h[bucketIndex(s)]++;
  return h;
}

export function addHistograms(a: Histogram, b: Histogram): Histogram {
  return a.map((v, i) => v + (b[i] ?? 0));
}

/**
 * Nearest-rank percentile over the histogram: the upper bound of the bucket holding the sample
 * of rank ceil(p/100 * N), capped by `maxMs` when known (the top sample is never above the max).
 */
export function histogramPercentile(h: Histogram, p: number, maxMs?: number): number {
  const n = h.reduce((s, v) => s + v, 0);
  if (n === 0) throw new Error("empty histogram");
  const index = nearestRankIndex(p, n);
  let seen = 0;
  for (let i = 0; i < h.length; i++) {
    seen += h[i];
    if (seen > index) {
      const upper = bucketUpperMs(i);
      return maxMs !== undefined ? Math.min(upper, maxMs) : upper;
    }
  }
  throw new Error("unreachable: rank beyond histogram");
}
