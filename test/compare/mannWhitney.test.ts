import { binomial, erfc, exactUCounts, mannWhitneyU, minimumPValue, uStatistic } from "../../cli/compare/mannWhitney";
import { significance } from "../../cli/compare/compareRuns";

/**
 * The Mann-Whitney U test on cases worked out by hand. Exact null distributions: the number of
 * orderings of n x's and m y's with U = u is the number of partitions of u into at most n parts
 * none larger than m (the coefficients of the Gaussian binomial [n+m choose n]); for 3+3 and 4+4
 * these are listed in any table of the distribution.
 */

describe("the exact null distribution of U", () => {
  test("3 against 3: 20 orderings, counts 1 1 2 3 3 3 3 2 1 1 for U = 0..9", () => {
    expect(exactUCounts(3, 3)).toEqual([1, 1, 2, 3, 3, 3, 3, 2, 1, 1]);
    expect(binomial(6, 3)).toBe(20);
  });

  test("4 against 4: 70 orderings, counts 1 1 2 3 5 5 7 7 8 7 7 5 5 3 2 1 1", () => {
    expect(exactUCounts(4, 4)).toEqual([1, 1, 2, 3, 5, 5, 7, 7, 8, 7, 7, 5, 5, 3, 2, 1, 1]);
  });

  test("unequal sizes: 2 against 3 (C(5,2) = 10 orderings: 1 1 2 2 2 1 1)", () => {
    // By hand: U counts the y's below each x; x ranks {1,2}:0 {1,3}:1 {1,4},{2,3}:2 {1,5},{2,4}:3 {2,5},{3,4}:4 {3,5}:5 {4,5}:6.
    expect(exactUCounts(2, 3)).toEqual([1, 1, 2, 2, 2, 1, 1]);
    expect(exactUCounts(3, 2)).toEqual([1, 1, 2, 2, 2, 1, 1]);
  });
});

describe("U and the two-sided p", () => {
  test("U counts pairs with x above y, a tie as one half", () => {
    expect(uStatistic([1, 2, 3], [4, 5, 6])).toBe(0);
    expect(uStatistic([4, 5, 6], [1, 2, 3])).toBe(9);
    // 3 > 2 and 3 = 3 (one half) and 2 = 2 (one half): 1 + 0.5 + 0.5.
    expect(uStatistic([2, 3], [2, 3])).toBe(2);
  });

  test("3 against 3 completely apart: U = 0, p = 2 x 1/20 = 0.1, never below 0.05", () => {
    const r = mannWhitneyU([1, 2, 3], [4, 5, 6]);
    expect(r).toEqual({ u: 0, uOther: 9, p: 0.1, method: "exact" });
    expect(mannWhitneyU([4, 5, 6], [1, 2, 3]).p).toBe(0.1);
  });

  test("4 against 4 completely apart: p = 2/70 = 0.0286; one pair swapped (U = 1): p = 4/70 = 0.0571", () => {
    expect(mannWhitneyU([1, 2, 3, 4], [5, 6, 7, 8]).p).toBeCloseTo(2 / 70, 12);
    const swapped = mannWhitneyU([1, 2, 3, 5], [4, 6, 7, 8]);
    expect(swapped.u).toBe(1);
    expect(swapped.p).toBeCloseTo(4 / 70, 12);
  });

  test("5 against 5 matches the published critical value: U = 2 is significant at 0.05 two-sided, U = 3 is not", () => {
    // Tables of critical values of U (n1 = n2 = 5, alpha 0.05 two-tailed) give 2.
    // P(U <= 2) = (1 + 1 + 2) / 252, doubled = 0.0317; P(U <= 3) = 7 / 252, doubled = 0.0556.
    const two = mannWhitneyU([1, 2, 3, 4, 7], [5, 6, 8, 9, 10]);
    expect(two.u).toBe(2);
    expect(two.p).toBeCloseTo(8 / 252, 12);
    const three = mannWhitneyU([1, 2, 3, 4, 8], [5, 6, 7, 9, 10]);
    expect(three.u).toBe(3);
    expect(three.p).toBeCloseTo(14 / 252, 12);
  });

  test("the middle of the distribution gives p = 1, not more", () => {
    // 2 against 2 interleaved: U = 2 = nm/2; 2 x P(U <= 2) = 2 x 4/6 > 1.
    expect(mannWhitneyU([1, 4], [2, 3]).p).toBe(1);
  });

  test("10 against 10 apart: p = 2 / C(20, 10) = 1.0825e-5", () => {
    const x = Array.from({ length: 10 }, (_, i) => i);
    expect(mannWhitneyU(x, x.map((v) => v + 100)).p).toBeCloseTo(1.082508822446903e-5, 15);
  });

  test("ties: the normal approximation with tie and continuity correction, as R's wilcox.test computes it (worked by hand: U = 2.5, p = 0.1367)", () => {
    // x = 1 2 2 3, y = 2 3 4 5: U = 0 + 0.5 + 0.5 + 1.5 = 2.5 of nm = 16, mean 8.
    // Ties in the pooled sample: three 2s and two 3s; sum(t^3 - t) = 24 + 6 = 30 over N(N-1) = 56.
    // Var U = 16/12 x (9 - 30/56) = 11.2857; z = (|2.5 - 8| - 0.5) / sqrt(11.2857) = 1.48835;
    // p = erfc(1.48835 / sqrt 2) = 0.136658 (Python's math.erfc).
    const r = mannWhitneyU([1, 2, 2, 3], [2, 3, 4, 5]);
    expect(r.u).toBe(2.5);
    expect(r.method).toBe("normal");
    expect(r.p).toBeCloseTo(0.136658, 5);
  });

  test("every trial equal on both sides: nothing tells them apart, p = 1", () => {
    expect(mannWhitneyU([5, 5, 5, 5], [5, 5, 5, 5])).toMatchObject({ p: 1, method: "normal" });
  });

  test("no trials on a side, or a NaN, is an error rather than a p", () => {
    expect(() => mannWhitneyU([], [1, 2])).toThrow("at least one value on each side, got 0 and 2");
    expect(() => mannWhitneyU([1, NaN], [1, 2])).toThrow("finite values");
  });

  test("erfc against Python's math.erfc", () => {
    // math.erfc(0) = 1, erfc(1) = 0.157299207050285, erfc(-1) = 1.842700792949715, erfc(3) = 2.209049699858544e-05
    expect(erfc(0)).toBeCloseTo(1, 7);
    expect(erfc(1)).toBeCloseTo(0.157299207050285, 7);
    expect(erfc(-1)).toBeCloseTo(1.842700792949715, 7);
    expect(erfc(3) / 2.209049699858544e-5).toBeCloseTo(1, 5);
  });
});

describe("when there are enough trials", () => {
  test("the smallest achievable two-sided p is 2 / C(n+m, n)", () => {
    expect(minimumPValue(3, 3)).toBe(0.1);
    expect(minimumPValue(4, 4)).toBeCloseTo(2 / 70, 12);
    expect(minimumPValue(3, 4)).toBeCloseTo(2 / 35, 12);
    expect(minimumPValue(3, 5)).toBeCloseTo(2 / 56, 12);
    expect(minimumPValue(1, 1)).toBe(1);
  });

  test("3 against 3 is 'not enough trials' however far apart the runs are", () => {
    expect(significance([100, 101, 102], [200, 201, 202])).toEqual({
      verdict: "not enough trials",
      reason: "3 against 3 trials: the smallest p the test can give is 0.10, above alpha 0.05",
    });
    // 3 against 4: 2/35 = 0.057, still above 0.05.
    expect(significance([1, 2, 3], [4, 5, 6, 7]).verdict).toBe("not enough trials");
  });

  test("4 against 4 apart is significant; overlapping trials are not", () => {
    expect(significance([1, 2, 3, 4], [5, 6, 7, 8])).toEqual({ verdict: "significant", p: expect.closeTo(2 / 70, 12), method: "exact" });
    expect(significance([1, 3, 5, 7], [2, 4, 6, 8])).toMatchObject({ verdict: "no significant difference" });
  });

  test("a side that kept only its median trial cannot be tested", () => {
    expect(significance(null, [1, 2, 3, 4])).toEqual({ verdict: "not enough trials", reason: "A did not keep each trial's figures, only the median trial's" });
  });
});
