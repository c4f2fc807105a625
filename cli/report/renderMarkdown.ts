import type { ReportDocument, StackReport } from "./reportModel";
import { stackTables, type TextTable } from "./reportTables";

/**
 * The report as Markdown for a PR comment or a job summary: per stack its state in words, then
 * its tables (reportTables.ts) with their notes as bullets.
 */

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
const row = (cells: readonly string[]) => `| ${cells.map(cell).join(" | ")} |`;

function tableLines(t: TextTable): string[] {
  const lines = [`### ${t.title}`, ""];
  if (t.lead) lines.push(t.lead, "");
  if (t.rows.length > 0) lines.push(row(t.head), row(t.head.map(() => "---")), ...t.rows.map(row), "");
  if (t.notes.length > 0) lines.push(...t.notes.map((n) => `- ${n.replace(/\s*\n\s*/g, " ")}`), "");
  return lines;
}

export function stackMarkdown(s: StackReport): string[] {
  const lines = [`## ${s.stack}`, "", s.summary, ""];
  if (s.problems.length > 0) lines.push("Outputs that could not be read:", "", ...s.problems.map((p) => `- ${p}`), "");
  return [...lines, ...stackTables(s).flatMap(tableLines)];
}

export function renderMarkdown(doc: ReportDocument): string {
  const head = ["# platform-lab benchmark report", "", `Generated ${doc.generatedAt} from \`pulumi stack output\` (secrets hidden). ${doc.summary}`, ""];
  return [...head, ...doc.stacks.flatMap(stackMarkdown)].join("\n").replace(/\n{3,}/g, "\n\n");
}
