import { escapeMarkup as esc } from "./escapeMarkup";
import { stackCharts } from "./reportCharts";
import type { ReportDocument, StackReport } from "./reportModel";
import { stackTables, type TextTable } from "./reportTables";

/**
 * The report as one self-contained HTML file: inline CSS, inline SVG charts, no script, no font,
 * image or stylesheet fetched (a Content-Security-Policy forbids any). Readable on a phone (viewport
 * meta, tables scroll sideways inside their own box, charts scale with the width) and printable
 * (@media print: black on white, no scroll boxes, sections not split across pages).
 */

/** Backticks in the shared table text mark code, as in Markdown. */
const inline = (s: string) => esc(s).replace(/`([^`]+)`/g, "<code>$1</code>");

const css = `
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; max-width: 1100px; padding: 12px; color: #1b1b1b; background: #fff; }
h1 { font-size: 1.5em; margin: .4em 0; } h2 { font-size: 1.25em; border-bottom: 2px solid #ddd; padding-bottom: .2em; margin-top: 1.6em; } h3 { font-size: 1.05em; margin: 1.2em 0 .4em; }
.state { font-weight: 600; } .problems { color: #a00; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; font-size: .9em; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #ccc; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; white-space: nowrap; } td { white-space: nowrap; } td.long { white-space: normal; min-width: 18em; }
ul.notes { margin: .4em 0 .8em; padding-left: 1.2em; }
figure { margin: .8em 0; } figcaption { font-size: .85em; color: #444; }
svg.chart { width: 100%; max-width: 640px; height: auto; display: block; }
svg .grid { stroke: #e3e3e3; } svg .axis { stroke: #555; } svg text { font: 11px system-ui, sans-serif; fill: #222; } svg .chart-title { font-weight: 600; font-size: 12px; }
.no-chart { font-style: italic; color: #444; }
@media (max-width: 600px) { body { font-size: 14px; padding: 8px; } th, td { padding: 2px 4px; } }
@media print { body { max-width: none; font-size: 10pt; color: #000; } .scroll { overflow: visible; } td { white-space: normal; }
  section.stack { break-inside: auto; } figure, table { break-inside: avoid; } h2, h3 { break-after: avoid; } a { color: #000; } }
`;

function tableHtml(t: TextTable, stack: string): string {
  const parts = [`<h3>${inline(t.title)}</h3>`];
  if (t.lead) parts.push(`<p>${inline(t.lead)}</p>`);
  if (t.rows.length > 0) {
    const longColumn = t.head.indexOf("source");
    const head = `<tr>${t.head.map((h) => `<th scope="col">${esc(h)}</th>`).join("")}</tr>`;
    const body = t.rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${esc(c)}</th>` : `<td${i === longColumn ? ' class="long"' : ""}>${esc(c)}</td>`)).join("")}</tr>`).join("\n");
    parts.push(`<div class="scroll"><table data-stack="${esc(stack)}" data-table="${esc(t.title)}"><thead>${head}</thead><tbody>\n${body}\n</tbody></table></div>`);
  }
  if (t.notes.length > 0) parts.push(`<ul class="notes">${t.notes.map((n) => `<li>${inline(n)}</li>`).join("")}</ul>`);
  return parts.join("\n");
}

function chartsHtml(s: StackReport): string {
  const charts = stackCharts(s);
  if (charts.length === 0) return "";
  const figures = charts.map((c) => {
    const body = c.svg ?? `<p class="no-chart">${esc(c.text ?? "")}</p>`;
    const caption = c.leftOut.length > 0 ? `<figcaption>Not drawn: ${esc(c.leftOut.join("; "))}.</figcaption>` : "";
    return `<figure id="${esc(c.id)}">${body}${caption}</figure>`;
  });
  return `<h3>Charts</h3>\n${figures.join("\n")}`;
}

function stackHtml(s: StackReport): string {
  const parts = [`<section class="stack" id="${esc(s.stack)}" data-state="${s.state}">`, `<h2>${esc(s.stack)}</h2>`, `<p class="state">${inline(s.summary)}</p>`];
  if (s.problems.length > 0) parts.push(`<p class="problems">Outputs that could not be read:</p><ul class="problems">${s.problems.map((p) => `<li>${esc(p)}</li>`).join("")}</ul>`);
  const tables = stackTables(s);
  // Figures first, then the charts of them, then the side-by-side and the prices.
  if (tables.length > 0 && s.benchmarks.length > 0) parts.push(tableHtml(tables[0], s.stack), chartsHtml(s), ...tables.slice(1).map((t) => tableHtml(t, s.stack)));
  else parts.push(...tables.map((t) => tableHtml(t, s.stack)));
  parts.push("</section>");
  return parts.join("\n");
}

export function renderHtml(doc: ReportDocument): string {
  const body =
    doc.stacks.length === 0
      ? ""
      : [`<nav><p>Stacks: ${doc.stacks.map((s) => `<a href="#${esc(s.stack)}">${esc(s.stack)}</a>`).join(" · ")}</p></nav>`, ...doc.stacks.map(stackHtml)].join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>platform-lab benchmark report</title>
<style>${css}</style>
</head>
<body>
<h1>platform-lab benchmark report</h1>
<p>Generated ${esc(doc.generatedAt)} from <code>pulumi stack output</code> (secrets hidden).</p>
<p class="state" id="summary">${esc(doc.summary)}</p>
${body}
</body>
</html>
`;
}
