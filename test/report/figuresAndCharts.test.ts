import { formatNumber, formatRange, formatUsd } from "../../cli/report/formatFigures";
import { barChart, chartLayout, lineChart, valueAxis } from "../../cli/report/svgCharts";

test("figures: three significant figures, exponent below 0.001, a dash for nothing", () => {
  expect(formatNumber(298.803632)).toBe("299");
  expect(formatNumber(0.505993)).toBe("0.506");
  expect(formatNumber(1601)).toBe("1,601");
  expect(formatNumber(7.256712467355583e-5)).toBe("7.26e-5");
  expect(formatNumber(1.4816e-10)).toBe("1.48e-10");
  expect(formatNumber(0)).toBe("0");
  expect(formatNumber(null)).toBe("—");
  expect(formatNumber(Number.NaN)).toBe("—");
  expect(formatRange(290.057901, 300.609636)).toBe("290–301");
  expect(formatRange(5, 5)).toBe("5");
  expect(formatUsd(null, "USD per million requests", "no throughput: 0 requests")).toBe("— (no throughput: 0 requests)");
});

test("the value axis: round steps of 1, 2 or 5 × 10^k reaching the maximum", () => {
  // 22 ms: a quarter is 5.5 → step 10, three steps reach 30.
  expect(valueAxis(22)).toEqual({ top: 30, step: 10, steps: 3 });
  // 14.4 ms: 3.6 → step 5, ceil(14.4/5) = 3 → 15.
  expect(valueAxis(14.4)).toEqual({ top: 15, step: 5, steps: 3 });
  // 2.91e-5 USD: 7.3e-6 → 1e-5, three steps → 3e-5.
  expect(valueAxis(2.91e-5)).toMatchObject({ top: 3e-5, steps: 3 });
  expect(valueAxis(8)).toEqual({ top: 8, step: 2, steps: 4 });
});

describe("bar chart", () => {
  const plotHeight = chartLayout.height - chartLayout.top - chartLayout.bottom; // 300 - 28 - 56 = 216
  const baseY = chartLayout.top + plotHeight; // 244

  test("bar heights are value / axis top of the plot height", () => {
    // max 30 → axis 0..30 (step 10): 15 ms is half the plot (108 px), 30 ms all of it (216 px).
    const { svg } = barChart({ title: "p", unit: "ms", series: ["p50", "p99"], groups: [{ label: "a", values: [15, 30] }], emptyText: "none" });
    const heights = [...svg!.matchAll(/<rect class="bar" x="[^"]+" y="([^"]+)" width="[^"]+" height="([^"]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(heights).toEqual([
      [baseY - 108, 108],
      [baseY - 216, 216],
    ]);
    expect(svg).toContain("<title>a p99: 30 ms</title>");
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  test("a missing value draws no bar; no value at all is a sentence, not an empty chart", () => {
    const { svg } = barChart({ title: "p", unit: "ms", series: ["p50", "p99"], groups: [{ label: "a", values: [null, 4] }], emptyText: "none" });
    expect(svg!.match(/<rect class="bar"/g)).toHaveLength(1);
    expect(barChart({ title: "p", unit: "ms", series: ["p50"], groups: [{ label: "a", values: [null] }], emptyText: "No latency to chart." })).toEqual({ svg: null, text: "No latency to chart." });
    expect(barChart({ title: "p", unit: "ms", series: ["p50"], groups: [], emptyText: "nothing" }).svg).toBeNull();
  });

  test("all values zero: an axis from 0 to 1, bars of height 0, no division by zero", () => {
    const { svg } = barChart({ title: "e", unit: "errors", series: ["e"], groups: [{ label: "a", values: [0] }], emptyText: "none" });
    expect(svg).toContain('height="0"');
    expect(svg).not.toMatch(/NaN|Infinity/);
  });
});

test("line chart: evenly spaced steps, y from the axis", () => {
  // x: 3 steps across 90% of the 568 px plot from 5%: 56 + 28.4 = 84.4, 56 + 284 = 340, 56 + 539.6 = 595.6.
  // y: max 20 → axis 0..20 (step 5): 10 is the middle of the plot, 244 - 108 = 136.
  const { svg } = lineChart({ title: "p99", unit: "ms", xUnit: "/s", series: [{ label: "a", points: [{ x: 200, y: 5 }, { x: 400, y: 10 }, { x: 800, y: 20 }] }], emptyText: "none" });
  expect(svg).toContain('points="84.4,190 340,136 595.6,28"');
  expect(svg).toContain(">800/s</text>");
  expect(lineChart({ title: "p99", unit: "ms", xUnit: "/s", series: [{ label: "a", points: [] }], emptyText: "No step produced latencies." })).toEqual({ svg: null, text: "No step produced latencies." });
});
