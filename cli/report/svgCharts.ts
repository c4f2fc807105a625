import { escapeMarkup as esc } from "./escapeMarkup";
import { formatNumber } from "./formatFigures";

/**
 * The report's charts, drawn as inline SVG (no library, no script, nothing fetched): grouped bars
 * and lines on a linear axis from 0 to a round maximum. Pure: data in, markup out. A chart with no
 * value to draw is a sentence instead (`{ svg: null, text }`), never an empty frame. Values that
 * are missing are named in `missing`, rendered as words under the chart by the caller.
 */

export const chartLayout = { width: 640, height: 300, left: 56, right: 16, top: 28, bottom: 56 } as const;
const plotWidth = chartLayout.width - chartLayout.left - chartLayout.right;
const plotHeight = chartLayout.height - chartLayout.top - chartLayout.bottom;
/** Colour-blind-safe (Okabe–Ito) series colours; the legend also names each. */
export const palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

export interface Chart {
  readonly svg: string | null;
  /** When svg is null: why there is no chart. */
  readonly text?: string;
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The y axis for values up to `max`: a step of 1, 2 or 5 × 10^k (the smallest at or above max/4)
 * and as many steps (1 to 4) as reach max, so the labels are round numbers.
 */
export function valueAxis(max: number): { top: number; step: number; steps: number } {
  if (!(max > 0)) return { top: 1, step: 0.25, steps: 4 };
  const quarter = max / 4;
  const power = 10 ** Math.floor(Math.log10(quarter));
  const step = [1, 2, 5, 10].map((m) => m * power).find((v) => v >= quarter * (1 - 1e-12))!;
  const steps = Math.max(1, Math.ceil(max / step - 1e-9));
  return { top: Number((step * steps).toPrecision(12)), step, steps };
}

function frame(title: string, unit: string, axis: ReturnType<typeof valueAxis>, body: string, legend: readonly string[]): string {
  const { width, height, left, top: t } = chartLayout;
  const ticks = Array.from({ length: axis.steps + 1 }, (_, i) => {
    const y = r1(t + plotHeight - (plotHeight * i) / axis.steps);
    return `<line class="grid" x1="${left}" x2="${left + plotWidth}" y1="${y}" y2="${y}"/><text class="tick" x="${left - 6}" y="${y + 4}" text-anchor="end">${esc(formatNumber(Number((axis.step * i).toPrecision(12))))}</text>`;
  });
  const keys = legend.map((label, i) => {
    const x = left + (i % 4) * 148;
    const y = height - 22 + Math.floor(i / 4) * 14;
    return `<rect x="${x}" y="${y - 9}" width="10" height="10" fill="${palette[i % palette.length]}"/><text class="legend" x="${x + 14}" y="${y}">${esc(label)}</text>`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(title)}" class="chart">`,
    `<title>${esc(title)}</title>`,
    `<text class="chart-title" x="${left}" y="16">${esc(title)} (${esc(unit)})</text>`,
    ...ticks,
    body,
    `<line class="axis" x1="${left}" x2="${left + plotWidth}" y1="${t + plotHeight}" y2="${t + plotHeight}"/>`,
    ...keys,
    `</svg>`,
  ].join("\n");
}

export interface BarGroup {
  readonly label: string;
  /** One value per series, in the series' order; null: not there (drawn as nothing, named by the caller). */
  readonly values: readonly (number | null)[];
}

/** Grouped vertical bars: one group per label (a target), one bar per series (a percentile). */
export function barChart(args: { title: string; unit: string; series: readonly string[]; groups: readonly BarGroup[]; emptyText: string }): Chart {
  const present = args.groups.flatMap((g) => g.values).filter((v): v is number => v !== null);
  if (present.length === 0) return { svg: null, text: args.emptyText };
  const axis = valueAxis(Math.max(...present));
  const top = axis.top;
  const slot = plotWidth / args.groups.length;
  const barWidth = (slot * 0.8) / args.series.length;
  const baseY = chartLayout.top + plotHeight;
  const bars = args.groups.flatMap((g, gi) => {
    const x0 = chartLayout.left + gi * slot + slot * 0.1;
    const label = `<text class="group" x="${r1(x0 + slot * 0.4)}" y="${baseY + 14}" text-anchor="middle">${esc(g.label)}</text>`;
    const rects = g.values.flatMap((v, si) => {
      if (v === null) return [];
      const h = (plotHeight * v) / top;
      return [
        `<rect class="bar" x="${r1(x0 + si * barWidth)}" y="${r1(baseY - h)}" width="${r1(barWidth - 1)}" height="${r1(h)}" fill="${palette[si % palette.length]}"><title>${esc(`${g.label} ${args.series[si]}: ${formatNumber(v)} ${args.unit}`)}</title></rect>`,
      ];
    });
    return [label, ...rects];
  });
  return { svg: frame(args.title, args.unit, axis, bars.join("\n"), args.series) };
}

export interface LineSeries {
  readonly label: string;
  readonly points: readonly { readonly x: number; readonly y: number }[];
}

/** Lines over a numeric x axis (offered rate), points marked; y from 0. */
export function lineChart(args: { title: string; unit: string; xUnit: string; series: readonly LineSeries[]; emptyText: string }): Chart {
  const points = args.series.flatMap((s) => s.points);
  if (points.length === 0) return { svg: null, text: args.emptyText };
  const xs = [...new Set(points.map((p) => p.x))].sort((a, b) => a - b);
  const axis = valueAxis(Math.max(...points.map((p) => p.y)));
  const top = axis.top;
  const baseY = chartLayout.top + plotHeight;
  // Evenly spaced categories: sweep steps usually double, a linear x would crowd the low ones.
  const xAt = (x: number) => r1(chartLayout.left + (xs.length === 1 ? plotWidth / 2 : (plotWidth * 0.9 * xs.indexOf(x)) / (xs.length - 1) + plotWidth * 0.05));
  const yAt = (y: number) => r1(baseY - (plotHeight * y) / top);
  const xLabels = xs.map((x) => `<text class="group" x="${xAt(x)}" y="${baseY + 14}" text-anchor="middle">${esc(`${formatNumber(x)}${args.xUnit}`)}</text>`);
  const lines = args.series.flatMap((s, i) => {
    const colour = palette[i % palette.length];
    const sorted = [...s.points].sort((a, b) => a.x - b.x);
    const path = sorted.length > 1 ? [`<polyline class="line" fill="none" stroke="${colour}" stroke-width="2" points="${sorted.map((p) => `${xAt(p.x)},${yAt(p.y)}`).join(" ")}"/>`] : [];
    const dots = sorted.map((p) => `<circle class="point" cx="${xAt(p.x)}" cy="${yAt(p.y)}" r="3.5" fill="${colour}"><title>${esc(`${s.label} at ${formatNumber(p.x)}${args.xUnit}: ${formatNumber(p.y)} ${args.unit}`)}</title></circle>`);
    return [...path, ...dots];
  });
  return { svg: frame(args.title, args.unit, axis, [...xLabels, ...lines].join("\n"), args.series.map((s) => s.label)) };
}
