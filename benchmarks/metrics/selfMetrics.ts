import type { MetricsBackend } from "../../lib/metricsResult";
import { parseExposition, sumOf, type ExpositionSample } from "./exposition";

/**
 * What each backend says about itself on its own /metrics, read at the start and the end of the
 * window. The metric names are those the real servers expose (captured from Prometheus 2.42.0 and
 * VictoriaMetrics 1.79.5, test/fixtures/metrics/): one reader per backend, one snapshot shape.
 */
export interface SelfSnapshot {
  readonly backend: MetricsBackend;
  readonly version: string | null;
  /** Series the backend holds as active now. */
  readonly activeSeries: number;
  readonly activeSeriesSource: string;
  /** Samples stored since the process started (a counter). */
  readonly samplesTotal: number;
  readonly samplesSource: string;
  readonly cpuSecondsTotal: number;
  readonly rssBytes: number;
  /** Bytes on disk the backend reports, or null with why. */
  readonly diskBytes: number | null;
  readonly diskSource: string;
  readonly diskNote?: string;
}

function required(samples: readonly ExpositionSample[], backend: MetricsBackend, name: string, match?: Record<string, string>): number {
  const v = sumOf(samples, name, match);
  const which = match ? `${name}${JSON.stringify(match).replace(/"(\w+)":/g, "$1=")}` : name;
  if (v === null || !Number.isFinite(v)) throw new Error(`${backend} self-metrics: no ${which} (is this the ${backend} /metrics endpoint?)`);
  return v;
}

const readers: Record<MetricsBackend, (s: readonly ExpositionSample[]) => SelfSnapshot> = {
  prometheus: (s) => {
    const blocks = required(s, "prometheus", "prometheus_tsdb_storage_blocks_bytes");
    return {
      backend: "prometheus",
      version: s.find((x) => x.name === "prometheus_build_info")?.labels.version ?? null,
      activeSeries: required(s, "prometheus", "prometheus_tsdb_head_series"),
      activeSeriesSource: "prometheus_tsdb_head_series",
      // Float and native-histogram samples alike (the `type` label splits them since 2.40).
      samplesTotal: required(s, "prometheus", "prometheus_tsdb_head_samples_appended_total"),
      samplesSource: "prometheus_tsdb_head_samples_appended_total",
      cpuSecondsTotal: required(s, "prometheus", "process_cpu_seconds_total"),
      rssBytes: required(s, "prometheus", "process_resident_memory_bytes"),
      // 2.42 exposes the persisted blocks only: the WAL and head chunks are not in any metric, and
      // nothing is in a block before the first head compaction (about 2 h after start).
      diskBytes: blocks > 0 ? blocks : null,
      diskSource: "prometheus_tsdb_storage_blocks_bytes",
      diskNote: blocks > 0 ? "persisted blocks only; the WAL and head chunks are not exposed by Prometheus 2.42" : "no persisted block yet (the head compacts about 2 h after start) and Prometheus 2.42 exposes no WAL size",
    };
  },
  victoriametrics: (s) => ({
    backend: "victoriametrics",
    version: s.find((x) => x.name === "vm_app_version")?.labels.short_version || null,
    // Series that got a sample in the current hour: VictoriaMetrics' own "active series" figure.
    activeSeries: required(s, "victoriametrics", "vm_cache_entries", { type: "storage/hour_metric_ids" }),
    activeSeriesSource: 'vm_cache_entries{type="storage/hour_metric_ids"}',
    samplesTotal: required(s, "victoriametrics", "vm_rows_added_to_storage_total"),
    samplesSource: "vm_rows_added_to_storage_total",
    cpuSecondsTotal: required(s, "victoriametrics", "process_cpu_seconds_total"),
    rssBytes: required(s, "victoriametrics", "process_resident_memory_bytes"),
    // indexdb + storage/small + storage/big: every part on disk, the index included.
    diskBytes: required(s, "victoriametrics", "vm_data_size_bytes"),
    diskSource: "sum of vm_data_size_bytes (indexdb, storage/small, storage/big)",
  }),
};

/** A snapshot from a backend's /metrics text; a missing metric names itself and the backend. */
export function readSelfSnapshot(backend: MetricsBackend, text: string): SelfSnapshot {
  return readers[backend](parseExposition(text));
}

/** The metric-name prefixes a snapshot needs: the Job keeps only these lines, so its log stays small. */
export const selfMetricPrefixes: Record<MetricsBackend, readonly string[]> = {
  prometheus: ["prometheus_tsdb_", "prometheus_build_info", "process_"],
  victoriametrics: ["vm_cache_entries", "vm_rows_added_to_storage_total", "vm_data_size_bytes", "vm_app_version", "process_"],
};
