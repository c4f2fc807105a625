import { writeFileSync } from "node:fs";
import { extname } from "node:path";
import type { CommandOutput } from "../commandLine";
import { buildReport } from "./reportModel";
import { renderHtml } from "./renderHtml";
import { renderMarkdown } from "./renderMarkdown";
import type { StackOutputReader } from "./stackOutputs";

export const reportFormats = ["html", "md", "json"] as const;
export type ReportFormat = (typeof reportFormats)[number];

/** No --format: from --out's extension (report.html, report.json), else Markdown. */
export function reportFormatFor(format: ReportFormat | undefined, outFile: string | undefined): ReportFormat {
  if (format) return format;
  const ext = outFile ? extname(outFile).toLowerCase() : "";
  return ext === ".html" || ext === ".htm" ? "html" : ext === ".json" ? "json" : "md";
}

export function renderReport(format: ReportFormat, doc: Parameters<typeof renderMarkdown>[0]): string {
  return format === "html" ? renderHtml(doc) : format === "json" ? `${JSON.stringify(doc, null, 2)}\n` : renderMarkdown(doc);
}

/** `lab report`: read each stack's outputs, render, print or write to --out. */
export async function runReport(args: { stacks: readonly string[]; format?: ReportFormat; outFile?: string; now?: Date }, readOutputs: StackOutputReader, output: CommandOutput): Promise<void> {
  const format = reportFormatFor(args.format, args.outFile);
  const doc = await buildReport(args.stacks, readOutputs, args.now);
  const text = renderReport(format, doc);
  if (args.outFile === undefined) return output.out(text.replace(/\n$/, ""));
  writeFileSync(args.outFile, text);
  output.err(`wrote ${args.outFile} (${format}, ${Buffer.byteLength(text)} bytes): ${doc.summary}`);
}
