import { z } from "zod";
import { pgbenchDefinitionSchema } from "../../../benchmarks/definitions";
import { rdsConfigSchema } from "../../../components/data/RdsPostgres";
import { phaseBaseConfigSchema } from "../phaseConfig";

const runId = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,18}[a-z0-9])?$/, "a short lowercase id like 1 or 2026-11-23");

/**
 * phase-05 config. Benchmarks re-run only when `benchmark.runId` changes; the restore check only
 * when `restoreCheck.runId` does.
 */
export const phase05ConfigSchema = phaseBaseConfigSchema.extend({
  benchmark: z
    .object({
      runId: runId.default("1"),
      /** TPC-B-like: updates three tables and inserts history per transaction. */
      writeHeavy: pgbenchDefinitionSchema.prefault({ mode: "tpcb-like", scale: 10, clients: 8, threads: 2, durationSeconds: 60, warmupSeconds: 10, trials: 3 }),
      /** Primary-key lookups only. */
      readHeavy: pgbenchDefinitionSchema.prefault({ mode: "select-only", scale: 10, clients: 8, threads: 2, durationSeconds: 60, warmupSeconds: 10, trials: 3 }),
    })
    .prefault({}),
  backup: z
    .object({
      /** CloudNativePG's six-field cron: seconds first. */
      schedule: z.string().regex(/^(\S+\s+){5}\S+$/, "a six-field cron (seconds first), e.g. 0 0 3 * * *").default("0 0 3 * * *"),
      retention: z.string().regex(/^\d+[dwm]$/, "a retention like 7d, 4w or 1m").default("7d"),
    })
    .prefault({}),
  restoreCheck: z.object({ enabled: z.boolean().default(true), runId: runId.default("1") }).prefault({}),
  rds: rdsConfigSchema.prefault({}),
});
export type Phase05Config = z.infer<typeof phase05ConfigSchema>;
