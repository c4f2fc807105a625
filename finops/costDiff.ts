import { z } from "zod";

/**
 * Cost change between two plan documents, per stack, the way cost tools comment on a pull request:
 * before, after, delta, percent, with added and removed stacks called out. The plan document is
 * produced elsewhere; only the fields read here are checked, the rest passes through untouched.
 */
export const planCostSchema = z.object({
  monthlyRunRateUsd: z.number().nonnegative(),
  awsReferenceMonthlyUsd: z.number().nonnegative(),
  profile: z.string(),
});

export const planDocumentSchema = z.object({
  stacks: z.array(z.object({ stack: z.string().min(1), cost: planCostSchema.optional() }).loose()),
});
export type PlanDocument = z.infer<typeof planDocumentSchema>;

export type StackChange = "added" | "removed" | "changed" | "unchanged";

export interface MoneyChange {
  before: number | null;
  after: number | null;
  delta: number;
  /** Relative change; null when there was nothing before (no meaningful base). */
  percent: number | null;
}

export interface StackCostDiff {
  stack: string;
  change: StackChange;
  profileBefore: string | null;
  profileAfter: string | null;
  monthly: MoneyChange;
  awsReferenceMonthly: MoneyChange;
}

export interface CostDiff {
  stacks: StackCostDiff[];
  total: { monthly: MoneyChange; awsReferenceMonthly: MoneyChange };
  /** Stacks present in a plan but without a cost block: listed, not priced as zero. */
  unpriced: string[];
}

/** Sub-cent noise from float sums is not a change. */
const EPSILON_USD = 1e-9;

function moneyChange(before: number | null, after: number | null): MoneyChange {
  const delta = (after ?? 0) - (before ?? 0);
  const percent = before === null || before === 0 ? null : (delta / before) * 100;
  return { before, after, delta, percent };
}

function parsePlan(label: string, doc: unknown): PlanDocument {
  const parsed = planDocumentSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`costDiff: ${label} plan: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  const seen = new Set<string>();
  for (const { stack } of parsed.data.stacks) {
    if (seen.has(stack)) throw new Error(`costDiff: ${label} plan lists stack "${stack}" twice`);
    seen.add(stack);
  }
  return parsed.data;
}

export function costDiff(earlier: unknown, current: unknown): CostDiff {
  const before = parsePlan("earlier", earlier);
  const after = parsePlan("current", current);
  const beforeByStack = new Map(before.stacks.map((s) => [s.stack, s.cost]));
  const afterByStack = new Map(after.stacks.map((s) => [s.stack, s.cost]));
  const names = [...new Set([...beforeByStack.keys(), ...afterByStack.keys()])].sort();

  const stacks: StackCostDiff[] = [];
  const unpriced: string[] = [];
  for (const stack of names) {
    const b = beforeByStack.get(stack);
    const a = afterByStack.get(stack);
    if (!b && !a) {
      unpriced.push(stack);
      continue;
    }
    const inBefore = beforeByStack.has(stack) && b !== undefined;
    const inAfter = afterByStack.has(stack) && a !== undefined;
    const monthly = moneyChange(b?.monthlyRunRateUsd ?? null, a?.monthlyRunRateUsd ?? null);
    const awsReferenceMonthly = moneyChange(b?.awsReferenceMonthlyUsd ?? null, a?.awsReferenceMonthlyUsd ?? null);
    const change: StackChange = !inBefore
      ? "added"
      : !inAfter
        ? "removed"
        : Math.abs(monthly.delta) > EPSILON_USD || Math.abs(awsReferenceMonthly.delta) > EPSILON_USD || b?.profile !== a?.profile
          ? "changed"
          : "unchanged";
    stacks.push({ stack, change, profileBefore: b?.profile ?? null, profileAfter: a?.profile ?? null, monthly, awsReferenceMonthly });
  }
  const sum = (pick: (s: StackCostDiff) => number | null) => stacks.reduce((acc, s) => acc + (pick(s) ?? 0), 0);
  return {
    stacks,
    total: {
      monthly: moneyChange(sum((s) => s.monthly.before), sum((s) => s.monthly.after)),
      awsReferenceMonthly: moneyChange(sum((s) => s.awsReferenceMonthly.before), sum((s) => s.awsReferenceMonthly.after)),
    },
    unpriced,
  };
}

/** Laptop figures are fractions of a cent; two decimals would show them all as $0.00. */
export function formatUsd(value: number | null, signed = false): string {
  if (value === null) return "-";
  const sign = value < 0 ? "-" : signed && value > 0 ? "+" : "";
  const abs = Math.abs(value);
  const digits = abs === 0 || abs >= 1 ? 2 : abs >= 0.01 ? 4 : 6;
  return `${sign}$${abs.toFixed(digits)}`;
}

function formatPercent(percent: number | null): string {
  if (percent === null) return "n/a";
  return `${percent > 0 ? "+" : ""}${percent.toFixed(1)}%`;
}

const changeLabel: Record<StackChange, string> = { added: " (added)", removed: " (removed)", changed: "", unchanged: "" };

/** Markdown table for a PR comment or a terminal. */
export function formatCostDiff(diff: CostDiff): string {
  const lines = [
    "Monthly cost change (USD per month, 730 h)",
    "",
    "| Stack | Profile | Before | After | Change | % | AWS ref. before | AWS ref. after | AWS ref. change |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const s of diff.stacks) {
    const profile =
      s.profileBefore && s.profileAfter && s.profileBefore !== s.profileAfter
        ? `${s.profileBefore} -> ${s.profileAfter}`
        : (s.profileAfter ?? s.profileBefore ?? "-");
    lines.push(
      `| ${s.stack}${changeLabel[s.change]} | ${profile} | ${formatUsd(s.monthly.before)} | ${formatUsd(s.monthly.after)} | ` +
        `${formatUsd(s.monthly.delta, true)} | ${formatPercent(s.monthly.percent)} | ${formatUsd(s.awsReferenceMonthly.before)} | ` +
        `${formatUsd(s.awsReferenceMonthly.after)} | ${formatUsd(s.awsReferenceMonthly.delta, true)} |`,
    );
  }
  const t = diff.total;
  lines.push(
    `| **Total** | | ${formatUsd(t.monthly.before)} | ${formatUsd(t.monthly.after)} | ${formatUsd(t.monthly.delta, true)} | ` +
      `${formatPercent(t.monthly.percent)} | ${formatUsd(t.awsReferenceMonthly.before)} | ${formatUsd(t.awsReferenceMonthly.after)} | ` +
      `${formatUsd(t.awsReferenceMonthly.delta, true)} |`,
  );
  const changed = diff.stacks.filter((s) => s.change !== "unchanged").length;
  lines.push("", `${changed} of ${diff.stacks.length} priced stacks changed.`);
  if (diff.unpriced.length > 0) lines.push(`Not priced (no cost block): ${diff.unpriced.join(", ")}.`);
  return lines.join("\n");
}
