/**
 * The two-sided Mann-Whitney U test (Wilcoxon rank-sum) benchstat uses to say whether two sets of
 * trials differ: it assumes no distribution of the figures (latencies are not normal), only that
 * the trials of each run are independent draws.
 *
 * How the p-value is found, as R's wilcox.test does by default:
 *   - no ties and both samples at most `exactLimit`: the exact null distribution of U, counted
 *     over all C(n+m, n) equally likely orderings of the pooled trials;
 *   - otherwise the normal approximation of U with the tie correction of the variance and a
 *     continuity correction of 0.5. (benchstat computes an exact distribution with ties too; with
 *     the lab's 3 to 10 trials ties of float figures are rare, and the approximation is the
 *     textbook one.)
 */

export interface MannWhitneyResult {
  /** U of the first sample: pairs (x, y) with x > y, ties counting one half. */
  readonly u: number;
  /** n·m − u: U of the second sample. */
  readonly uOther: number;
  /** Two-sided p-value, in (0, 1]. */
  readonly p: number;
  readonly method: "exact" | "normal";
}

/** Up to this many trials per side the exact distribution is counted (R's limit is 50). */
export const exactLimit = 50;

/** C(n, k) as a float; exact for the sizes used here (C(100, 50) ≈ 1e29 keeps ~15 digits). */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  const small = Math.min(k, n - k);
  // Each step's value is C(n − small + i, i), a whole number: no rounding below 2^53.
  let r = 1;
  for (let i = 1; i <= small; i++) r = (r * (n - small + i)) / i;
  return r;
}

/**
 * counts[u] = how many orderings of n x's and m y's give U = u (pairs with x above y). The largest
 * pooled value is either an x, above all m y's (adds m), or a y (adds 0):
 *   c(u; n, m) = c(u − m; n − 1, m) + c(u; n, m − 1),  c(0; 0, m) = c(0; n, 0) = 1.
 */
export function exactUCounts(n: number, m: number): number[] {
  // table[i][j] = counts for i x's and j y's, built up so each cell reads two smaller ones.
  let previousRow: number[][] = Array.from({ length: m + 1 }, () => [1]);
  for (let i = 1; i <= n; i++) {
    const row: number[][] = [[1]];
    for (let j = 1; j <= m; j++) {
      const withXLast = previousRow[j];
      const withYLast = row[j - 1];
      const counts = new Array<number>(i * j + 1).fill(0);
      withXLast.forEach((c, u) => (counts[u + j] += c));
      withYLast.forEach((c, u) => (counts[u] += c));
      row.push(counts);
    }
    previousRow = row;
  }
  return previousRow[m];
}

/**
 * The smallest two-sided p-value an exact test can give for n and m trials: both orderings that
 * put one run's trials all above the other's, 2 / C(n+m, n). With 3 trials a side that is
 * 2/20 = 0.1: no outcome of 3 against 3 trials can be significant at 0.05, so the comparison
 * says "not enough trials" rather than a p that could never pass. 4 against 4 reaches 2/70 ≈ 0.029.
 */
export function minimumPValue(n: number, m: number): number {
  if (n === 0 || m === 0) return 1;
  return Math.min(1, 2 / binomial(n + m, n));
}

/** U of `x` against `y`. */
export function uStatistic(x: readonly number[], y: readonly number[]): number {
  let u = 0;
  for (const a of x) for (const b of y) u += a > b ? 1 : a === b ? 0.5 : 0;
  return u;
}

/** Sizes of the groups of equal values in the pooled sample (only groups of 2 or more matter). */
function tieGroups(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const groups: number[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    if (j - i > 1) groups.push(j - i);
    i = j;
  }
  return groups;
}

/**
 * erfc(x) by the Chebyshev fit of Numerical Recipes (erfcc, fractional error < 1.2e-7 everywhere):
 * JavaScript has no erf, and p-values are read to two or three digits.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Two-sided Mann-Whitney U test of `x` against `y` (each at least one value). */
export function mannWhitneyU(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  const n = x.length;
  const m = y.length;
  if (n === 0 || m === 0) throw new Error(`Mann-Whitney U needs at least one value on each side, got ${n} and ${m}`);
  if ([...x, ...y].some((v) => !Number.isFinite(v))) throw new Error("Mann-Whitney U needs finite values");
  const u = uStatistic(x, y);
  const uOther = n * m - u;
  const ties = tieGroups([...x, ...y]);
  if (ties.length === 0 && n <= exactLimit && m <= exactLimit) {
    const counts = exactUCounts(n, m);
    const total = binomial(n + m, n);
    // The distribution is symmetric about nm/2: the two-sided p is twice the smaller tail.
    const low = Math.min(u, uOther);
    const tail = counts.slice(0, low + 1).reduce((s, c) => s + c, 0) / total;
    return { u, uOther, p: Math.min(1, 2 * tail), method: "exact" };
  }
  const pooled = n + m;
  const tieTerm = ties.reduce((s, t) => s + (t ** 3 - t), 0) / (pooled * (pooled - 1));
  const variance = ((n * m) / 12) * (pooled + 1 - tieTerm);
  // Every value equal: nothing tells the runs apart.
  if (variance <= 0) return { u, uOther, p: 1, method: "normal" };
  const centred = u - (n * m) / 2;
  const corrected = Math.sign(centred) * Math.max(0, Math.abs(centred) - 0.5);
  const z = corrected / Math.sqrt(variance);
  return { u, uOther, p: Math.min(1, erfc(Math.abs(z) / Math.SQRT2)), method: "normal" };
}
