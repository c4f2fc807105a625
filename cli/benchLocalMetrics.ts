import { cpus, loadavg, totalmem } from "node:os";
import { runLocalMetrics, type LocalMetricsRun } from "../benchmarks/local/localMetrics";
import { parseIngestionDefinition, parseQueryDefinition, type IngestionDefinitionInput, type QueryDefinitionInput } from "../benchmarks/metrics/definitions";
import type { PricingProfileName } from "../lib/profileNames";

/**
 * `lab bench --local metrics`: both definitions refused before anything starts (naming the key),
 * then the local run; the machine it ran on is named above the table, since every figure depends on it.
 */
export async function benchLocalMetrics(
  input: { ingestion: IngestionDefinitionInput; queries: QueryDefinitionInput; pricing?: PricingProfileName },
  progress: (line: string) => void,
): Promise<LocalMetricsRun & { machine: string }> {
  const ingestion = parseIngestionDefinition(input.ingestion, "bench --local metrics ingestion");
  const queries = parseQueryDefinition(input.queries, "bench --local metrics queries");
  const run = await runLocalMetrics({ ingestion, queries, pricing: input.pricing, onStep: progress });
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")} at the end`;
  return { ...run, machine, table: `machine: ${machine}\n${run.table}` };
}
