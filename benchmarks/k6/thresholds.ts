/**
 * k6 threshold expressions (`p(99)<500`, `avg<200`, `rate<0.01`, `count>100`) evaluated on our own
 * aggregates: needed where no single k6 process saw all samples (merged runners), so a segmented
 * run's thresholds mean what they mean for one k6 process.
 */
export type AggregateLookup = (aggregation: string) => number | undefined;

const EXPR = /^\s*(avg|min|max|med|count|rate|value|p\(\s*\d+(?:\.\d+)?\s*\))\s*(<=|>=|===|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$/;

export function parseThresholdExpression(expr: string): { aggregation: string; op: string; value: number } {
  const m = EXPR.exec(expr);
  if (!m) throw new Error(`threshold ${JSON.stringify(expr)}: expected "<aggregation> <op> <number>" like "p(99)<500" or "rate<0.01"`);
  return { aggregation: m[1].replace(/\s+/g, ""), op: m[2], value: Number(m[3]) };
}

/** true/false when the aggregate is known, null when it is not (cannot judge, not a pass). */
export function evaluateThreshold(expr: string, lookup: AggregateLookup): boolean | null {
  const { aggregation, op, value } = parseThresholdExpression(expr);
  const actual = lookup(aggregation);
  if (actual === undefined) return null;
  switch (op) {
    case "<":
      return actual < value;
    case "<=":
      return actual <= value;
    case ">":
      return actual > value;
    case ">=":
      return actual >= value;
    case "==":
    case "===":
      return actual === value;
    default:
      return actual !== value;
  }
}
