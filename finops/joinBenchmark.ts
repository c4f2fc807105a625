import { BenchmarkResult } from "../lib/benchmarkResult";
import { Footprint } from "../lib/footprint";
import { UnitCost, allocationCost, perUnitCost } from "./costModel";
import { UnitPrices } from "./unitPrices";
import { bytesToGb, secondsToHours } from "./units";

/**
 * Joins a benchmark result to the cost of what served it, so every result carries $ per unit of
 * work. Only the serving pods are divided into the per-unit figures: the load generator is not part
 * of the system under test, so its cost is reported beside them and never mixed in.
 */
export const workUnitKinds = ["requests", "transactions", "messages", "bytes"] as const;
export type WorkUnitKind = (typeof workUnitKinds)[number];

export interface JoinBenchmarkArgs {
  result: BenchmarkResult;
  /** The pods that served the load (allocated = max(request, usage) if known). */
  serving: Footprint;
  /** The pods that generated the load; reported separately. */
  loadGenerator?: Footprint;
  /** Defaults to the result's measured window (warm-up excluded). */
  durationSeconds?: number;
  unitPrices: UnitPrices;
  unitKind: WorkUnitKind;
  /** For `bytes`: bytes moved in the window (the result's `count` is operations, not bytes). */
  bytes?: number;
}

/**
 * The work that counts is what succeeded: count minus errors. A run whose requests all failed did no
 * useful work, so its per-unit cost is null rather than flattered by the failures.
 */
export function successfulOperations(result: Pick<BenchmarkResult, "count" | "errors">): number {
  return Math.max(0, result.count - result.errors);
}

/** The `cost` record to set on the result (`{ ...result, cost: joinBenchmarkCost(...) }`). */
export function joinBenchmarkCost(args: JoinBenchmarkArgs): Record<string, UnitCost> {
  const seconds = args.durationSeconds ?? args.result.durationSeconds;
  const hours = secondsToHours(seconds);
  const servingUsd = allocationCost(args.serving, hours, args.unitPrices).total;
  const cost: Record<string, UnitCost> = {
    servingUsd: { value: servingUsd, unit: `USD for the serving pods over ${seconds} s` },
  };
  if (args.loadGenerator) {
    cost.loadGeneratorUsd = {
      value: allocationCost(args.loadGenerator, hours, args.unitPrices).total,
      unit: `USD for the load generator over ${seconds} s (not in per-unit figures)`,
    };
  }
  const done = successfulOperations(args.result);
  switch (args.unitKind) {
    case "requests":
      cost.perMillionRequests = perUnitCost(servingUsd, done, "requests", 1_000_000);
      break;
    case "transactions":
      cost.perTransaction = perUnitCost(servingUsd, done, "transaction", 1);
      cost.perMillionTransactions = perUnitCost(servingUsd, done, "transactions", 1_000_000);
      break;
    case "messages":
      cost.perMillionMessages = perUnitCost(servingUsd, done, "messages", 1_000_000);
      break;
    case "bytes":
      cost.perGB = perUnitCost(servingUsd, args.bytes === undefined ? undefined : bytesToGb(args.bytes), "GB", 1);
      break;
  }
  return cost;
}

export function withBenchmarkCost(args: JoinBenchmarkArgs): BenchmarkResult {
  return { ...args.result, cost: { ...(args.result.cost ?? {}), ...joinBenchmarkCost(args) } };
}

/** Short name used by phase programs. */
export const joinBenchmark = joinBenchmarkCost;

/**
 * For a managed service priced per instance-hour (RDS): the same per-unit figures as
 * joinBenchmarkCost, from the instance's hourly price instead of pod requests.
 */
export function joinHourlyServiceCost(args: { result: BenchmarkResult; hourlyUsd: number; priceSource: string; unitKind: "requests" | "transactions" }): BenchmarkResult {
  const seconds = args.result.durationSeconds;
  const servingUsd = args.hourlyUsd * secondsToHours(seconds);
  const done = successfulOperations(args.result);
  const cost: Record<string, UnitCost> = {
    servingUsd: { value: servingUsd, unit: `USD for the managed instance over ${seconds} s`, note: args.priceSource },
  };
  if (args.unitKind === "transactions") {
    cost.perTransaction = perUnitCost(servingUsd, done, "transaction", 1);
    cost.perMillionTransactions = perUnitCost(servingUsd, done, "transactions", 1_000_000);
  } else {
    cost.perMillionRequests = perUnitCost(servingUsd, done, "requests", 1_000_000);
  }
  return { ...args.result, cost: { ...(args.result.cost ?? {}), ...cost } };
}
