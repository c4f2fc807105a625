import { runLocalMetrics, type LocalMetricsRun } from "../../benchmarks/local/localMetrics";
import { missingMetricsTools } from "../../benchmarks/local/localMetricsBackends";
import { findTool } from "../../benchmarks/local/tools";
import { parseIngestionDefinition, parseQueryDefinition } from "../../benchmarks/metrics/definitions";
import { realToolTest } from "../helpers/realTool";

/**
 * Ladder step 3: the local metrics proof on the real Prometheus 2.42, VictoriaMetrics 1.79,
 * node_exporter and k6, kept short for CI (2 s scrapes, 10 s window, 5 s of queries per backend).
 * The assertions compare what the backends say about themselves with what was counted apart.
 */
const missing = missingMetricsTools() ?? (findTool("k6") ? null : "k6 not found (scripts/install-go-tools.sh k6)");

describe("lab bench --local metrics on the real servers", () => {
  let run: LocalMetricsRun;
  const generatorSeries = 20 * 50;

  realToolTest(
    "runs both backends one after the other and stops everything it started",
    missing,
    async () => {
      run = await runLocalMetrics({
        // no churn inside the run (seriesInterval 600 s), so every count must agree exactly
        ingestion: parseIngestionDefinition({ generator: { metricCount: 20, seriesCount: 50, valueInterval: 5, seriesInterval: 600 }, scrapeInterval: "2s", warmupSeconds: 8, windowSeconds: 10 }),
        queries: parseQueryDefinition({ rate: 20, durationSeconds: 5, warmupSeconds: 1, rangeSeconds: 60, stepSeconds: 2 }),
      });
      expect(run.runs.map((r) => r.backend)).toEqual(["prometheus", "victoriametrics"]);

      for (const r of run.runs) {
        const i = r.ingestion;
        // the generator's own count, the lines the Job counted, and the backend's PromQL count agree
        expect([r.generatorActiveSeries, i.seriesCheck.generatorSeries, i.seriesCheck.storedSeriesByPromql]).toEqual([generatorSeries, generatorSeries, generatorSeries]);
        // the self-report holds the generator's series and node_exporter's (a few hundred)
        expect(i.activeSeries.value).toBeGreaterThan(generatorSeries);
        expect(i.activeSeries.value).toBeLessThan(generatorSeries + 2000);
        // every series scraped every 2 s: two self-reported figures checked against each other
        expect(i.samplesPerSecond.value / (i.activeSeries.value / 2)).toBeGreaterThan(0.85);
        expect(i.samplesPerSecond.value / (i.activeSeries.value / 2)).toBeLessThan(1.15);
        expect(i.windowSeconds).toBeGreaterThanOrEqual(10);
        expect(i.cpuSecondsPerSecond.value).toBeGreaterThan(0);
        expect(i.diskBytesPerSample.value).toBeGreaterThan(0);
        expect(i.cost?.perMillionSamples.value).toBeGreaterThan(0);

        expect(r.queries!.classes.map((c) => c.class)).toEqual(["instant-light", "instant-heavy", "range-light", "range-heavy"]);
        for (const c of r.queries!.classes) {
          expect(c.count).toBeGreaterThan(0);
          expect(c.errors).toBe(0);
          expect(c.latencyMs.p99).toBeGreaterThan(0);
        }
      }

      // stopped: neither backend answers any more
      for (const r of run.runs) await expect(fetch(r.ingestion.target, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
      expect(run.table).toContain("winner");
    },
    240_000,
  );
});
