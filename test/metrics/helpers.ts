import type { BenchmarkResult } from "../../lib/benchmarkResult";
import type { IngestionResult } from "../../lib/metricsResult";

/** An ingestion result with round figures, so the cost and comparison expectations are hand-worked. */
export function ingestionWith(over: { cpu?: number; rssBytes?: number; samplesPerSecond?: number; activeSeries?: number; bytesPerSample?: number | null; diskBytes?: number | null } = {}): IngestionResult {
  const per = over.bytesPerSample === undefined ? 2 : over.bytesPerSample;
  const disk = over.diskBytes === undefined ? 2 ** 30 : over.diskBytes;
  return {
    backend: "prometheus",
    backendVersion: "2.42.0",
    target: "http://127.0.0.1:9090",
    startTime: "2026-12-07T06:00:00.000Z",
    windowSeconds: 60,
    activeSeries: { value: over.activeSeries ?? 100_000, unit: "series", source: "test" },
    samplesIngested: { value: (over.samplesPerSecond ?? 1000) * 60, unit: "samples", source: "test" },
    samplesPerSecond: { value: over.samplesPerSecond ?? 1000, unit: "samples/s", source: "test" },
    cpuSecondsPerSecond: { value: over.cpu ?? 0.5, unit: "CPU s/s", source: "test" },
    rssBytes: { value: over.rssBytes ?? 2 ** 30, unit: "bytes", source: "test" },
    diskBytes: { value: disk, unit: "bytes", source: "test", ...(disk === null ? { note: "no disk" } : {}) },
    diskBytesPerSample: { value: per, unit: "bytes/sample", source: "test", ...(per === null ? { note: "no block yet" } : {}) },
    seriesCheck: { generatorSeries: 100_000, storedSeriesByPromql: 100_000, promql: "count(x)" },
  };
}

export function queriesWith(count: number, errors: number, durationSeconds: number): BenchmarkResult {
  return {
    tool: "k6",
    toolVersion: "k6 v1.8.1",
    target: "http://127.0.0.1:9090",
    scenario: "promql-mix",
    startTime: "2026-12-07T06:00:00.000Z",
    durationSeconds,
    count,
    rate: count / durationSeconds,
    errors,
    dropped: 0,
    latencyMs: { avg: 1, stddev: null, p50: 1, p90: 1, p95: 1, p99: 1, max: 1 },
    thresholds: [],
  };
}
