import type { Footprint } from "../lib/footprint";
import type { IngestionResult } from "../lib/metricsResult";
import type { BenchmarkResult } from "../lib/benchmarkResult";
import { allocationCost, perUnitCost, type UnitCost } from "./costModel";
import { successfulOperations } from "./joinBenchmark";
import type { UnitPrices } from "./unitPrices";
import { BYTES_PER_GB, HOURS_PER_MONTH, MIB_PER_GIB, SECONDS_PER_HOUR } from "./units";

/**
 * The metrics backends' cost figures, by the cost model's rule (a workload pays for the larger of
 * what it requested and what it used): the backend's allocation is max(its pods' requests, the CPU
 * and RSS it reported about itself during the ingestion window), priced at the profile's unit
 * prices; its data on disk is priced per GB-month. Every figure names its unit; a figure without
 * work to divide by is null with the reason (perUnitCost), never Infinity.
 */
export interface MetricsCostArgs {
  readonly ingestion: IngestionResult;
  /** The backend's pods' requests (the stack's footprint); a local process requests nothing. */
  readonly requested?: Footprint;
  /** The query benchmark against the same backend, for USD per million queries. */
  readonly queries?: BenchmarkResult;
  readonly unitPrices: UnitPrices;
}

/** The backend's allocation: per resource the larger of request and measured self-reported usage. */
export function backendAllocation(ingestion: IngestionResult, requested?: Footprint): { cpuMillicores: number; memoryMiB: number } {
  const usedMillicores = ingestion.cpuSecondsPerSecond.value * 1000;
  const usedMiB = ingestion.rssBytes.value / 2 ** 20;
  return { cpuMillicores: Math.max(requested?.cpuMillicores ?? 0, usedMillicores), memoryMiB: Math.max(requested?.memoryMiB ?? 0, usedMiB) };
}

export function metricsCost(args: MetricsCostArgs): Record<string, UnitCost> {
  const alloc = backendAllocation(args.ingestion, args.requested);
  const perHour = allocationCost(alloc, 1, args.unitPrices).total;
  const i = args.ingestion;
  const cost: Record<string, UnitCost> = {
    backendUsdPerHour: { value: perHour, unit: `USD per hour for ${(alloc.cpuMillicores / 1000).toFixed(3)} vCPU and ${(alloc.memoryMiB / MIB_PER_GIB).toFixed(3)} GiB (max of request and measured use)` },
    // An hour of compute over an hour of samples at the measured rate.
    perMillionSamples: perUnitCost(perHour, i.samplesPerSecond.value * SECONDS_PER_HOUR, "samples ingested", 1_000_000),
    perMonthPerMillionActiveSeries: {
      ...perUnitCost(perHour * HOURS_PER_MONTH, i.activeSeries.value, "active series", 1_000_000),
      unit: "USD per month per million active series (compute only; storage below)",
    },
  };
  const price = args.unitPrices.storagePerGbMonth.amount;
  const perSample = i.diskBytesPerSample.value;
  cost.storagePerMonthPerMillionSamples =
    perSample === null
      ? { value: null, unit: "USD per month per million samples kept", note: i.diskBytesPerSample.note ?? "no bytes-per-sample figure" }
      : { value: ((perSample * 1_000_000) / BYTES_PER_GB) * price, unit: `USD per month per million samples kept (at ${price} USD per GB-month)` };
  cost.storageUsdPerMonth =
    i.diskBytes.value === null
      ? { value: null, unit: "USD per month for the data on disk", note: i.diskBytes.note ?? "no disk figure" }
      : { value: (i.diskBytes.value / BYTES_PER_GB) * price, unit: `USD per month for the data on disk at the end of the window (at ${price} USD per GB-month)` };
  if (args.queries) {
    const q = args.queries;
    const usd = perHour * (q.durationSeconds / SECONDS_PER_HOUR);
    // Empty answers are already errors (benchmarks/metrics/promqlLog.ts): they buy nothing.
    cost.perMillionQueries = perUnitCost(usd, successfulOperations(q), "queries", 1_000_000);
  }
  return cost;
}

/** The ingestion result with its cost joined (`cost` keeps any figures already there). */
export function withMetricsCost(args: MetricsCostArgs): IngestionResult {
  return { ...args.ingestion, cost: { ...(args.ingestion.cost ?? {}), ...metricsCost(args) } };
}
