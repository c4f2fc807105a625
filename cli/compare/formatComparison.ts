import type { FigureComparison, RunComparison, RunSide, SideFigure, Significance } from "./compareRuns";

/**
 * `lab compare` output: text for a terminal, Markdown for a PR comment, JSON for tools. Text and
 * Markdown show the same rows: per benchmark and figure, each run's median with its ± spread and
 * trial count, the change in %, and the verdict; the reasons behind "not enough trials" are
 * listed once below the table instead of on every row.
 */

export const comparisonFormats = ["text", "md", "json"] as const;
export type ComparisonFormat = (typeof comparisonFormats)[number];

/** 4 significant digits, whole numbers from 1000 up (rates), never exponent notation. */
export function number(value: number): string {
  if (Math.abs(value) >= 1000) return value.toFixed(0);
  return String(Number(value.toPrecision(4)));
}

function valueCell(s: SideFigure): string {
  const spread = s.spreadPercent !== null ? ` ±${s.spreadPercent.toFixed(1)}%` : "";
  const n = s.trials === null ? "median trial" : `${s.trials} trial${s.trials === 1 ? "" : "s"}`;
  return `${number(s.median)}${spread} (${n})`;
}

function deltaCell(f: FigureComparison): string {
  if (f.deltaPercent === null) return "n/a";
  return `${f.deltaPercent >= 0 ? "+" : ""}${f.deltaPercent.toFixed(2)}%`;
}

function verdictCell(s: Significance): string {
  if (s.verdict === "not enough trials") return "not enough trials";
  // benchstat marks a change that is not significant with "~".
  return s.verdict === "significant" ? `significant (p=${s.p.toFixed(3)})` : `~ (p=${s.p.toFixed(3)})`;
}

function sideLine(name: string, s: RunSide): string {
  return `${name}: ${s.stack} run ${s.runId} on ${s.cluster}, ${s.pricingProfile} prices, saved ${s.savedAt} (${s.label})`;
}

interface Row {
  readonly benchmark: string;
  readonly figure: string;
  readonly a: string;
  readonly b: string;
  readonly delta: string;
  readonly verdict: string;
}

function rowsOf(c: RunComparison): { rows: Row[]; notes: string[]; reasons: string[] } {
  const rows: Row[] = [];
  const notes: string[] = [];
  const reasons = new Set<string>();
  for (const bench of c.benchmarks) {
    if (bench.figures.length === 0) {
      notes.push(`${bench.name}: ${bench.note}`);
      continue;
    }
    if (bench.statusA !== "passed" || bench.statusB !== "passed") notes.push(`${bench.name}: ${bench.statusA} in A, ${bench.statusB} in B`);
    for (const f of bench.figures) {
      if (f.significance.verdict === "not enough trials") reasons.add(f.significance.reason);
      rows.push({ benchmark: bench.name, figure: `${f.figure} ${f.unit}`, a: valueCell(f.a), b: valueCell(f.b), delta: deltaCell(f), verdict: verdictCell(f.significance) });
    }
  }
  for (const name of c.onlyInA) notes.push(`${name}: only in A`);
  for (const name of c.onlyInB) notes.push(`${name}: only in B`);
  return { rows, notes, reasons: [...reasons] };
}

const columns: Array<[keyof Row, string]> = [
  ["benchmark", "benchmark"],
  ["figure", "figure"],
  ["a", "A"],
  ["b", "B"],
  ["delta", "delta"],
  ["verdict", "significance"],
];

export function formatComparisonText(c: RunComparison): string {
  const { rows, notes, reasons } = rowsOf(c);
  const lines = [sideLine("A", c.a), sideLine("B", c.b), `significance: two-sided Mann-Whitney U over the trials, alpha ${c.alpha}`];
  if (c.caveats.length > 0) lines.push("", "caveats:", ...c.caveats.map((x) => `  - ${x}`));
  lines.push("");
  if (rows.length === 0) lines.push("no benchmark has figures in both runs");
  else {
    const table = [Object.fromEntries(columns.map(([k, title]) => [k, title])) as unknown as Row, ...rows];
    const widths = columns.map(([k]) => Math.max(...table.map((r) => r[k].length)));
    // The benchmark's name is written once, on its first row.
    table.forEach((r, i) => {
      const name = i > 1 && table[i - 1].benchmark === r.benchmark ? "" : r.benchmark;
      lines.push(columns.map(([k], j) => (k === "benchmark" ? name : r[k]).padEnd(widths[j])).join("  ").trimEnd());
    });
  }
  if (notes.length > 0) lines.push("", ...notes);
  if (reasons.length > 0) lines.push("", "not enough trials:", ...reasons.map((r) => `  - ${r}`));
  return lines.join("\n");
}

export function formatComparisonMarkdown(c: RunComparison): string {
  const { rows, notes, reasons } = rowsOf(c);
  const cell = (s: string) => s.replace(/\|/g, "\\|");
  const lines = [`- **A**: ${cell(sideLine("A", c.a).slice(3))}`, `- **B**: ${cell(sideLine("B", c.b).slice(3))}`, `- significance: two-sided Mann-Whitney U over the trials, alpha ${c.alpha}`];
  if (c.caveats.length > 0) lines.push("", "**Caveats**", "", ...c.caveats.map((x) => `- ${cell(x)}`));
  lines.push("");
  if (rows.length === 0) lines.push("No benchmark has figures in both runs.");
  else {
    lines.push(`| ${columns.map(([, t]) => t).join(" | ")} |`, `|${columns.map(([k]) => (k === "a" || k === "b" || k === "delta" ? " ---: " : " --- ")).join("|")}|`);
    for (const r of rows) lines.push(`| ${columns.map(([k]) => cell(r[k])).join(" | ")} |`);
  }
  if (notes.length > 0) lines.push("", ...notes.map((n) => `- ${cell(n)}`));
  if (reasons.length > 0) lines.push("", "**Not enough trials**", "", ...reasons.map((r) => `- ${cell(r)}`));
  return lines.join("\n");
}

export function formatComparison(c: RunComparison, format: ComparisonFormat): string {
  if (format === "json") return JSON.stringify(c, null, 2);
  return format === "md" ? formatComparisonMarkdown(c) : formatComparisonText(c);
}
