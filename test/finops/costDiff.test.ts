import { costDiff, formatCostDiff, formatUsd } from "../../finops/costDiff";

const earlier = {
  stacks: [
    { stack: "kind", outputs: {} },
    { stack: "phase-01", cost: { monthlyRunRateUsd: 10, awsReferenceMonthlyUsd: 100, profile: "laptop" } },
    { stack: "phase-02", cost: { monthlyRunRateUsd: 5, awsReferenceMonthlyUsd: 50, profile: "laptop" } },
    { stack: "phase-04", cost: { monthlyRunRateUsd: 1, awsReferenceMonthlyUsd: 8, profile: "laptop" } },
  ],
};
const current = {
  stacks: [
    { stack: "kind", outputs: {} },
    { stack: "phase-01", cost: { monthlyRunRateUsd: 12, awsReferenceMonthlyUsd: 110, profile: "laptop" } },
    { stack: "phase-03", cost: { monthlyRunRateUsd: 3, awsReferenceMonthlyUsd: 30, profile: "laptop" } },
    { stack: "phase-04", cost: { monthlyRunRateUsd: 1, awsReferenceMonthlyUsd: 8, profile: "laptop" } },
  ],
};

describe("costDiff", () => {
  const diff = costDiff(earlier, current);

  it("gives before, after, delta and percent per stack", () => {
    const byStack = Object.fromEntries(diff.stacks.map((s) => [s.stack, s]));
    // phase-01: 10 -> 12, +2, +2/10 = +20 %; AWS 100 -> 110, +10, +10 %
    expect(byStack["phase-01"]).toMatchObject({ change: "changed", monthly: { before: 10, after: 12, delta: 2, percent: 20 } });
    expect(byStack["phase-01"].awsReferenceMonthly).toEqual({ before: 100, after: 110, delta: 10, percent: 10 });
    // phase-02 removed: 5 -> nothing, -5, -100 %
    expect(byStack["phase-02"]).toMatchObject({ change: "removed", monthly: { before: 5, after: null, delta: -5, percent: -100 } });
    // phase-03 added: nothing -> 3, +3, no percent (no base)
    expect(byStack["phase-03"]).toMatchObject({ change: "added", monthly: { before: null, after: 3, delta: 3, percent: null } });
    expect(byStack["phase-04"].change).toBe("unchanged");
  });

  it("totals both columns and lists unpriced stacks", () => {
    // before 10 + 5 + 1 = 16, after 12 + 3 + 1 = 16, delta 0, 0 %
    expect(diff.total.monthly).toEqual({ before: 16, after: 16, delta: 0, percent: 0 });
    // AWS before 100 + 50 + 8 = 158, after 110 + 30 + 8 = 148, delta -10, -10/158 = -6.329 %
    expect(diff.total.awsReferenceMonthly.delta).toBe(-10);
    expect(diff.total.awsReferenceMonthly.percent).toBeCloseTo(-6.329114, 5);
    expect(diff.unpriced).toEqual(["kind"]);
  });

  it("prints a PR-comment table", () => {
    const text = formatCostDiff(diff);
    expect(text).toContain("| Stack | Profile | Before | After | Change | % |");
    expect(text).toContain("| phase-01 | laptop | $10.00 | $12.00 | +$2.00 | +20.0% | $100.00 | $110.00 | +$10.00 |");
    expect(text).toContain("| phase-02 (removed) | laptop | $5.00 | - | -$5.00 | -100.0% |");
    expect(text).toContain("| phase-03 (added) | laptop | - | $3.00 | +$3.00 | n/a |");
    expect(text).toContain("| **Total** | | $16.00 | $16.00 | $0.00 | 0.0% | $158.00 | $148.00 | -$10.00 |");
    expect(text).toContain("3 of 4 priced stacks changed.");
    expect(text).toContain("Not priced (no cost block): kind.");
  });

  it("shows laptop-sized amounts without rounding them to zero", () => {
    expect(formatUsd(0.0026)).toBe("$0.002600");
    expect(formatUsd(0.25, true)).toBe("+$0.2500");
  });

  it("rejects a malformed plan naming the field", () => {
    expect(() => costDiff({ stacks: [{ stack: "phase-01", cost: { monthlyRunRateUsd: "10" } }] }, current)).toThrow(
      /earlier plan: stacks.0.cost.monthlyRunRateUsd/,
    );
    expect(() => costDiff(earlier, { stacks: [{ stack: "a" }, { stack: "a" }] })).toThrow(/lists stack "a" twice/);
  });
});
