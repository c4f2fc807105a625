import { cpus, loadavg, totalmem } from "node:os";
import type { PgbenchDefinitionInput } from "../benchmarks/definitions";
import { runLocalProxyComparison, type LocalProxyComparison, type LocalProxyComparisonOptions } from "../benchmarks/local/localProxyComparison";
import { startLocalPostgres } from "../benchmarks/local/localPostgres";
import { runLocalPgbench } from "../benchmarks/local/runLocal";
import { formatComparisonTable } from "../benchmarks/sweep/comparisonTable";
import type { BenchmarkResult } from "../lib/benchmarkResult";

/** `lab bench --local pgbench`: a throwaway PostgreSQL, the definition run on it, the PostgreSQL gone. */
export async function benchLocalPgbench(definition: PgbenchDefinitionInput): Promise<BenchmarkResult> {
  const pg = await startLocalPostgres();
  try {
    return (await runLocalPgbench(definition, pg)).result;
  } finally {
    await pg.stop();
  }
}

/**
 * `lab bench --local http`: the local proxy comparison, printed as the comparison table with what
 * ran (k6, proxies, machine, pricing) above it; progress per step goes to `progress`.
 */
export async function benchLocalHttpComparison(
  options: LocalProxyComparisonOptions,
  progress: (line: string) => void,
): Promise<LocalProxyComparison & { machine: string; table: string }> {
  const run = await runLocalProxyComparison({
    ...options,
    onStep: (target, step) =>
      progress(`${target} ${step.offeredPerSecond} req/s: p50 ${step.latencyMs.p50.toFixed(3)} ms, p99 ${step.latencyMs.p99.toFixed(3)} ms, ${step.achievedPerSecond.toFixed(1)} req/s, ${step.saturation.status}`),
  });
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")} at the end`;
  const table = [
    `k6: ${run.k6Version}; ${run.runs.map((r) => `${r.target}: ${r.software}`).join("; ")}`,
    `machine: ${machine}`,
    `sweep: ${options.sweep.stepsPerSecond.join(", ")} req/s, ${options.sweep.stepSeconds} s each after ${options.sweep.warmupSeconds} s warm-up, ${options.parallelism ?? 1} k6 runner(s); USD per million requests: the proxy's measured CPU and memory at ${run.pricing.profile} prices`,
    "",
    formatComparisonTable(run.comparison),
  ].join("\n");
  return { ...run, machine, table };
}
