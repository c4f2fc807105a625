import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseIngestionJobLog } from "../../benchmarks/metrics/ingestionLog";
import { ingestionResultSchema } from "../../lib/metricsResult";

const fixture = (name: string) => readFileSync(join(__dirname, "../fixtures/metrics", name), "utf8");

describe("the ingestion Job's log, captured from the local run on the real servers", () => {
  it("Prometheus: the figures from the two snapshots, 10.01 s apart", () => {
    const o = parseIngestionJobLog(fixture("prometheus-ingestion.log"), { backend: "prometheus", target: "http://prometheus:9090" });
    expect(o.status).toBe("passed");
    const r = ingestionResultSchema.parse(o.ingestion);
    // unixMs 1796625322839 − 1796625312829
    expect(r.windowSeconds).toBeCloseTo(10.01, 6);
    // prometheus_tsdb_head_samples_appended_total 10619 − 3034
    expect(r.samplesIngested.value).toBe(7585);
    expect(r.samplesPerSecond.value).toBeCloseTo(7585 / 10.01, 6);
    // 1517 series every 2 s scrape = 758.5/s: the rate agrees with the series and the interval
    expect(r.samplesPerSecond.value).toBeCloseTo(758.5, -1);
    expect(r.cpuSecondsPerSecond.value).toBeCloseTo((0.09 - 0.06) / 10.01, 9);
    expect(r.rssBytes.value).toBe(51_855_360);
    expect(r.activeSeries).toEqual({ value: 1517, unit: "series", source: "prometheus_tsdb_head_series" });
    // no block yet, and the Job cannot du: null with the reason, never 0
    expect(r.diskBytesPerSample.value).toBeNull();
    expect(r.diskBytesPerSample.note).toContain("no persisted block yet");
    expect(r.seriesCheck).toEqual({ generatorSeries: 1000, storedSeriesByPromql: 1000, promql: 'count({__name__=~"avalanche_metric_.+"})' });
    expect(r.backendVersion).toBe("2.42.0+ds");
  });

  it("VictoriaMetrics: bytes per sample from its data parts over every sample stored", () => {
    const o = parseIngestionJobLog(fixture("victoriametrics-ingestion.log"), { backend: "victoriametrics", target: "http://vm:8428", backendVersion: "v1.79.5" });
    const r = o.ingestion!;
    expect(r.samplesIngested.value).toBe(13_671 - 6076);
    expect(r.cpuSecondsPerSecond.value).toBeCloseTo((0.24000000000000002 - 0.17) / 10.01, 9);
    expect(r.activeSeries.value).toBe(1519);
    // indexdb 138689 + small 129896 at the end, over vm_rows_added_to_storage_total 13671
    expect(r.diskBytes.value).toBe(268_585);
    expect(r.diskBytesPerSample.value).toBeCloseTo(268_585 / 13_671, 9);
    // the build does not say its version: the caller's pin is used
    expect(r.backendVersion).toBe("v1.79.5");
  });

  it("a measured disk size (du, locally) replaces the self-report", () => {
    const o = parseIngestionJobLog(fixture("prometheus-ingestion.log"), { backend: "prometheus", target: "t", measuredDiskBytes: { value: 123_450, source: "du" } });
    // 123450 bytes over 10619 samples stored since start
    expect(o.ingestion!.diskBytesPerSample.value).toBeCloseTo(123_450 / 10_619, 9);
  });

  it("an empty PromQL count is a failed benchmark with the reason", () => {
    const log = fixture("prometheus-ingestion.log").replace(/"result":\[\{.*\}\]/, '"result":[]');
    expect(parseIngestionJobLog(log, { backend: "prometheus", target: "t" })).toEqual({
      status: "failed",
      reason: 'prometheus answered count({__name__=~"avalanche_metric_.+"}) with an empty result: it stored none of the generator\'s series (is it scraping the generator?)',
    });
  });

  it("a truncated log names the sections it lacks; a failed script says why", () => {
    const log = fixture("prometheus-ingestion.log");
    const cut = log.slice(0, log.indexOf("LAB_BEGIN generator-series"));
    expect(parseIngestionJobLog(cut, { backend: "prometheus", target: "t" }).reason).toBe("the job log lacks generator-series, promql-count (did the ingestion script run to the end?)");
    const failed = "LAB_BEGIN stderr step=ingest\nError: GET http://x/metrics: HTTP 503\nLAB_END stderr\nLAB_EXIT ingest 1\n";
    expect(parseIngestionJobLog(failed, { backend: "prometheus", target: "t" })).toEqual({ status: "failed", reason: "ingest exited with 1: Error: GET http://x/metrics: HTTP 503" });
  });

  it("a backend restart inside the window (a counter going down) is refused", () => {
    const log = fixture("prometheus-ingestion.log").replace('prometheus_tsdb_head_samples_appended_total{type="float"} 10619', 'prometheus_tsdb_head_samples_appended_total{type="float"} 20');
    expect(() => parseIngestionJobLog(log, { backend: "prometheus", target: "t" })).toThrow("prometheus restarted during the window: prometheus_tsdb_head_samples_appended_total went down");
  });
});
