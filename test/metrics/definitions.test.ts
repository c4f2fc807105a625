import { activeSeriesOf, churnPerSecond, parseIngestionDefinition, parseQueryDefinition } from "../../benchmarks/metrics/definitions";
import { durationSeconds } from "../../benchmarks/metrics/duration";

describe("Prometheus duration strings", () => {
  it.each([
    ["15s", 15],
    ["1m30s", 90],
    ["500ms", 0.5],
    ["1h", 3600],
    ["2d", 172_800],
  ])("%s is %d s", (text, seconds) => expect(durationSeconds(text)).toBe(seconds));

  it.each(["", "15", "1.5s", "s", "15 s", "1s1m"])("%j is not a duration", (text) => expect(durationSeconds(text)).toBeNull());
});

describe("the ingestion definition", () => {
  it("fills a small default run: 100 × 100 series, churn once an hour, both backends, scrape 15s", () => {
    const d = parseIngestionDefinition({});
    expect(d.backends).toEqual(["prometheus", "victoriametrics"]);
    expect(activeSeriesOf(d.generator)).toBe(10_000);
    // 10000 series replaced every 3600 s
    expect(churnPerSecond(d.generator)).toBeCloseTo(2.7778, 4);
    expect(d.scrapeIntervalSeconds).toBe(15);
  });

  it("refuses a scrape interval that is not a duration, naming the key", () => {
    expect(() => parseIngestionDefinition({ scrapeInterval: "15" }, "lab:metrics.ingestion")).toThrow(
      'lab:metrics.ingestion.scrapeInterval: got "15", expected a duration such as "15s" or "1m30s" (units y w d h m s ms), at least 1 s',
    );
  });

  it("refuses an unknown backend, a series count out of range and a churn faster than the values", () => {
    let message = "";
    try {
      parseIngestionDefinition({ backends: ["thanos"], generator: { metricCount: 1000, seriesCount: 2000, valueInterval: 30, seriesInterval: 10 } });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('benchmark.metrics.ingestion.backends.0: got "thanos", expected one of "prometheus", "victoriametrics"');
    expect(message).toContain("benchmark.metrics.ingestion.generator.seriesCount: got 2000, expected metricCount × seriesCount ≤ 1000000 active series (got 1000 × 2000)");
    expect(message).toContain("benchmark.metrics.ingestion.generator.seriesInterval: got 10, expected ≥ valueInterval (30 s)");
  });

  it("refuses a window shorter than two scrapes and an unknown key", () => {
    expect(() => parseIngestionDefinition({ scrapeInterval: "1m", windowSeconds: 90 })).toThrow("benchmark.metrics.ingestion.windowSeconds: got 90, expected ≥ 2 scrape intervals (120 s)");
    expect(() => parseIngestionDefinition({ window: 30 })).toThrow("benchmark.metrics.ingestion.window: unknown key, expected one of backends, generator, scrapeInterval, warmupSeconds, windowSeconds");
  });
});

describe("the query definition", () => {
  it("refuses a step longer than the range and more points than the backends answer", () => {
    expect(() => parseQueryDefinition({ rangeSeconds: 60, stepSeconds: 120 })).toThrow("benchmark.metrics.queries.stepSeconds: got 120, expected ≤ rangeSeconds (60)");
    // 86400 / 1 = 86400 points > 11000
    expect(() => parseQueryDefinition({ rangeSeconds: 86_400, stepSeconds: 1 })).toThrow("expected ≥ rangeSeconds / 11000 (8 s)");
  });
});
