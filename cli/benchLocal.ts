import type { HttpLoadDefinitionInput, PgbenchDefinitionInput } from "../benchmarks/definitions";
import { startLocalHttpTarget } from "../benchmarks/local/localHttpTarget";
import { startLocalPostgres } from "../benchmarks/local/localPostgres";
import { runLocalHttp, runLocalPgbench } from "../benchmarks/local/runLocal";
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

/** `lab bench --local http`: against `url`, or against our own loopback target when none is given. */
export async function benchLocalHttp(url: string | undefined, definition: Omit<HttpLoadDefinitionInput, "url">): Promise<BenchmarkResult> {
  const target = url === undefined ? await startLocalHttpTarget() : undefined;
  try {
    return (await runLocalHttp({ ...definition, url: url ?? target!.url })).result;
  } finally {
    await target?.stop();
  }
}
