import { ingestionResultSchema, type IngestionResult, type MetricsBackend } from "../../lib/metricsResult";
import { failedStep, type BenchmarkOutcome } from "../job/outcome";
import { readSections, type LogSection } from "../job/logMarkers";
import { storedSeriesPromql } from "./avalanche";
import { readSelfSnapshot, type SelfSnapshot } from "./selfMetrics";

/**
 * The ingestion figures from the two self-metrics snapshots of one window, read from the log the
 * ingestion script printed (the cluster Job's log, or the local run's: the same text). Rates are
 * over the wall-clock time between the snapshots, not the nominal window.
 */
export interface IngestionLogMeta {
  readonly backend: MetricsBackend;
  readonly target: string;
  /** The pinned version, used when the backend's metrics do not say (Debian's VictoriaMetrics build leaves it empty). */
  readonly backendVersion?: string;
  /**
   * Bytes on disk measured outside the backend (du of its data directory, locally), used instead
   * of the self-reported figure: Prometheus 2.42 does not report its WAL.
   */
  readonly measuredDiskBytes?: { readonly value: number; readonly source: string };
}

function one(sections: readonly LogSection[], kind: string, at: string): LogSection | undefined {
  return sections.find((s) => s.kind === kind && s.attributes.at === at);
}

function unixMs(s: LogSection): number {
  const t = Number(s.attributes.unixMs);
  if (!Number.isFinite(t)) throw new Error(`job log line ${s.line}: expected unixMs=<milliseconds> on the ${s.kind} section, got "${s.attributes.unixMs}"`);
  return t;
}

/** The number a PromQL instant query answered (one sample), or null when the result is empty. */
export function promqlScalar(body: string, line: number): number | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (e) {
    throw new Error(`job log line ${line}: the PromQL answer is not JSON: ${(e as Error).message}`);
  }
  const p = parsed as { status?: string; error?: string; data?: { result?: Array<{ value?: [number, string] }> } };
  if (p.status !== "success") throw new Error(`job log line ${line}: the PromQL query failed: ${p.error ?? JSON.stringify(parsed).slice(0, 200)}`);
  const first = p.data?.result?.[0]?.value?.[1];
  return first === undefined ? null : Number(first);
}

/** Figures of the window from its two snapshots; a counter that went down (restart) is refused. */
export function ingestionFigures(start: SelfSnapshot, end: SelfSnapshot, windowSeconds: number) {
  if (windowSeconds <= 0) throw new Error(`ingestion window: the end snapshot is not after the start one (${windowSeconds} s)`);
  const samples = end.samplesTotal - start.samplesTotal;
  const cpu = end.cpuSecondsTotal - start.cpuSecondsTotal;
  if (samples < 0 || cpu < 0) throw new Error(`${end.backend} restarted during the window: ${samples < 0 ? end.samplesSource : "process_cpu_seconds_total"} went down`);
  return { samples, samplesPerSecond: samples / windowSeconds, cpuSecondsPerSecond: cpu / windowSeconds };
}

export function parseIngestionJobLog(log: string, meta: IngestionLogMeta): BenchmarkOutcome {
  const failure = failedStep(log);
  if (failure) return failure;
  const sections = readSections(log);
  const startSection = one(sections, "self-metrics", "start");
  const endSection = one(sections, "self-metrics", "end");
  const generator = one(sections, "generator-series", "end");
  const count = one(sections, "promql-count", "end");
  if (!startSection || !endSection || !generator || !count) {
    const missing = [["self-metrics at=start", startSection], ["self-metrics at=end", endSection], ["generator-series", generator], ["promql-count", count]].filter(([, s]) => !s).map(([n]) => n);
    return { status: "failed", reason: `the job log lacks ${missing.join(", ")} (did the ingestion script run to the end?)` };
  }
  const start = readSelfSnapshot(meta.backend, startSection.body);
  const end = readSelfSnapshot(meta.backend, endSection.body);
  const windowSeconds = (unixMs(endSection) - unixMs(startSection)) / 1000;
  const figures = ingestionFigures(start, end, windowSeconds);
  const generatorSeries = Number(generator.body.trim());
  if (!Number.isInteger(generatorSeries)) throw new Error(`job log line ${generator.line}: expected the generator's series count, got "${generator.body.trim()}"`);
  const stored = promqlScalar(count.body, count.line);
  if (generatorSeries === 0) return { status: "failed", reason: "the generator exposed no avalanche_metric_ series (wrong generator URL?)" };
  if (stored === null || stored === 0) return { status: "failed", reason: `${meta.backend} answered ${storedSeriesPromql} with an empty result: it stored none of the generator's series (is it scraping the generator?)` };
  if (figures.samples === 0) return { status: "failed", reason: `${meta.backend} stored no sample during the ${windowSeconds} s window (${end.samplesSource} did not move)` };

  const disk = meta.measuredDiskBytes ?? (end.diskBytes === null ? null : { value: end.diskBytes, source: end.diskSource });
  const diskNote = meta.measuredDiskBytes ? undefined : end.diskNote;
  const result: IngestionResult = ingestionResultSchema.parse({
    backend: meta.backend,
    backendVersion: end.version ?? meta.backendVersion ?? "unknown",
    target: meta.target,
    startTime: new Date(unixMs(startSection)).toISOString(),
    windowSeconds,
    activeSeries: { value: end.activeSeries, unit: "series", source: end.activeSeriesSource },
    samplesIngested: { value: figures.samples, unit: "samples", source: `${end.samplesSource}, end − start` },
    samplesPerSecond: { value: figures.samplesPerSecond, unit: "samples/s", source: `${end.samplesSource}, (end − start) / window` },
    cpuSecondsPerSecond: { value: figures.cpuSecondsPerSecond, unit: "CPU s/s", source: "process_cpu_seconds_total, (end − start) / window" },
    rssBytes: { value: end.rssBytes, unit: "bytes", source: "process_resident_memory_bytes at the end" },
    diskBytes: { value: disk?.value ?? null, unit: "bytes", source: disk?.source ?? end.diskSource, ...(disk === null ? { note: diskNote } : {}) },
    diskBytesPerSample:
      disk === null
        ? { value: null, unit: "bytes/sample", source: end.diskSource, note: diskNote }
        : { value: disk.value / end.samplesTotal, unit: "bytes/sample", source: `${disk.source} / ${end.samplesSource} at the end (every sample since start)` },
    seriesCheck: { generatorSeries, storedSeriesByPromql: stored, promql: storedSeriesPromql },
  });
  return { status: "passed", ingestion: result };
}
