import { avalancheArgs, storedSeriesPromql } from "../../benchmarks/metrics/avalanche";
import { seriesGeneratorSchema } from "../../benchmarks/metrics/definitions";
import { parseExposition } from "../../benchmarks/metrics/exposition";
import { renderGeneratorMetrics, startSeriesGenerator } from "../../benchmarks/metrics/seriesGenerator";

const small = seriesGeneratorSchema.parse({ metricCount: 2, seriesCount: 3, labelCount: 1, valueInterval: 10, seriesInterval: 60, metricInterval: 600 });

describe("avalanche's argv", () => {
  it("names every flag of avalanche v0.5.0 the definition sets", () => {
    expect(avalancheArgs(small)).toEqual([
      "--metric-count=2",
      "--series-count=3",
      "--label-count=1",
      "--metricname-length=5",
      "--labelname-length=5",
      "--value-interval=10",
      "--series-interval=60",
      "--metric-interval=600",
      "--port=9001",
    ]);
  });
});

describe("the lab's series generator", () => {
  it("serves avalanche's shape: metricCount × seriesCount gauges with series_id, cycle_id and the constant labels", () => {
    const samples = parseExposition(renderGeneratorMetrics(small, 0));
    expect(samples).toHaveLength(6);
    expect(samples[0]).toEqual({ name: "avalanche_metric_mmmmm_0_0", labels: { cycle_id: "0", label_key_kkkkk_0: "label_val_vvvvv_0", series_id: "0" }, value: 0 });
    // m=1, s=2, value cycle 0: (31 + 34) % 100
    expect(samples[5]).toMatchObject({ name: "avalanche_metric_mmmmm_0_1", labels: { series_id: "2" }, value: 65 });
  });

  it("churns on the clock: at 60 s every series has a new cycle_id, at 600 s every metric a new name", () => {
    expect(new Set(parseExposition(renderGeneratorMetrics(small, 61)).map((s) => s.labels.cycle_id))).toEqual(new Set(["1"]));
    expect(parseExposition(renderGeneratorMetrics(small, 601))[0].name).toBe("avalanche_metric_mmmmm_1_0");
  });

  it("answers on loopback and counts the series it created across cycles", async () => {
    let now = 1_000_000;
    const g = await startSeriesGenerator(small, { now: () => now });
    try {
      expect(new URL(g.url).hostname).toBe("127.0.0.1");
      const text = await (await fetch(g.url)).text();
      expect(text.split("\n").filter((l) => l.startsWith("avalanche_metric_"))).toHaveLength(6);
      expect(g.seriesCreated()).toBe(6);
      now += 125_000; // cycles 0, 1, 2 of the series: three generations of six
      expect(g.seriesCreated()).toBe(18);
      expect(g.activeSeries()).toBe(6);
    } finally {
      await g.stop();
    }
  });

  it("is counted by the PromQL expression the ingestion run asks the backends", () => {
    expect(storedSeriesPromql).toBe('count({__name__=~"avalanche_metric_.+"})');
  });
});
