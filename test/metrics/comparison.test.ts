import { compareMetricsBackends, formatMetricsComparison } from "../../benchmarks/metrics/comparison";
import { ingestionWith } from "./helpers";

describe("the side-by-side comparison of the backends", () => {
  const runs = [
    { backend: "prometheus" as const, ingestion: ingestionWith({ cpu: 0.2, rssBytes: 200 * 2 ** 20, bytesPerSample: 3 }) },
    { backend: "victoriametrics" as const, ingestion: { ...ingestionWith({ cpu: 0.1, rssBytes: 100 * 2 ** 20, bytesPerSample: null }), backend: "victoriametrics" as const } },
  ];
  const rows = compareMetricsBackends(runs);
  const row = (figure: string) => rows.find((r) => r.figure === figure)!;

  it("names the winner of each figure and the ratio worse/better", () => {
    expect(row("CPU")).toMatchObject({ winner: "victoriametrics", ratio: 2, better: "lower", values: { prometheus: 0.2, victoriametrics: 0.1 } });
    expect(row("RSS")).toMatchObject({ unit: "MiB", winner: "victoriametrics", ratio: 2, values: { prometheus: 200, victoriametrics: 100 } });
  });

  it("names no winner on a tie or where one side has no figure", () => {
    expect(row("active series")).toMatchObject({ winner: null, ratio: null });
    expect(row("disk per sample")).toMatchObject({ winner: null, values: { prometheus: 3, victoriametrics: null } });
    expect(row("instant-light p50")).toMatchObject({ winner: null, values: { prometheus: null, victoriametrics: null } });
  });

  it("prints one column per backend and the winner with its ratio", () => {
    const text = formatMetricsComparison(rows, ["prometheus", "victoriametrics"]);
    expect(text.split("\n")[0]).toMatch(/^figure\s+unit\s+prometheus\s+victoriametrics\s+winner \(×\)$/);
    expect(text).toMatch(/CPU\s+CPU s\/s\s+0\.200\s+0\.100\s+victoriametrics \(2\.00×\)/);
  });
});

describe("ties", () => {
  it("a difference within 1 % names no winner: both backends scrape the same load", () => {
    const a = { backend: "prometheus" as const, ingestion: ingestionWith({ samplesPerSecond: 1000 }) };
    const b = { backend: "victoriametrics" as const, ingestion: { ...ingestionWith({ samplesPerSecond: 1005 }), backend: "victoriametrics" as const } };
    const c = { ...b, ingestion: { ...ingestionWith({ samplesPerSecond: 1020 }), backend: "victoriametrics" as const } };
    expect(compareMetricsBackends([a, b]).find((r) => r.figure === "samples ingested")).toMatchObject({ winner: null, ratio: null });
    expect(compareMetricsBackends([a, c]).find((r) => r.figure === "samples ingested")).toMatchObject({ winner: "victoriametrics", ratio: 1.02 });
  });
});
