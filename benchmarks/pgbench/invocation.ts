import type { PgbenchDefinition } from "../definitions";

/**
 * The exact pgbench command lines for a definition. The Kubernetes Job (sh -c in the postgres
 * image) and the local run use these same argv, so the local run proves the cluster's invocation.
 * Connection comes only from PGHOST/PGPORT/PGUSER/PGDATABASE/PGPASSWORD: no secret on a command
 * line, where `ps` and Pod specs would show it.
 */
export interface PgbenchInvocation {
  /** `pgbench -i -s N --quiet`: creates and fills the pgbench tables. */
  init: string[];
  /** A short unlogged run before the measured one, excluded from results; null when warm-up is 0. */
  warmup: string[] | null;
  /** The measured run: writes one per-transaction log per thread under `logPrefix`. */
  run: string[];
  /** pgbench names its logs `<prefix>.<pid>` (thread 0) and `<prefix>.<pid>.<thread>`. */
  logPrefix: string;
  /** The custom script to write at `scriptPath` before running (mode custom), else null. */
  script: { path: string; text: string } | null;
  /** Which optional columns the per-transaction log lines carry (they are positional). */
  txlogColumns: { scheduleLag: boolean; retries: boolean };
  /** Upper bound for the measured run, for the caller's timeout (seconds). */
  expectedSeconds: number | null;
}

export interface PgbenchInvocationOptions {
  /** Directory the per-transaction logs go to (an emptyDir in the Job, a temp dir locally). */
  logDir: string;
  /** Where the custom script file lives (mode custom). */
  scriptPath?: string;
  /** `-P`: progress lines on stderr every N seconds (also makes pgbench print latency stddev). */
  progressSeconds?: number;
  /** Executable name or path; `pgbench` from PATH by default. */
  pgbench?: string;
}

const BUILTIN: Record<"tpcb-like" | "select-only", string> = { "tpcb-like": "tpcb-like", "select-only": "select-only" };

export function pgbenchInvocation(def: PgbenchDefinition, options: PgbenchInvocationOptions): PgbenchInvocation {
  const exe = options.pgbench ?? "pgbench";
  const logPrefix = `${options.logDir.replace(/\/+$/, "")}/pgbench_tx`;
  const scriptPath = options.scriptPath ?? `${options.logDir.replace(/\/+$/, "")}/script.sql`;
  const script = def.mode === "custom" ? { path: scriptPath, text: def.script ?? "" } : null;
  const workload = script ? ["-f", script.path] : ["-b", BUILTIN[def.mode as "tpcb-like" | "select-only"]];

  const shape = ["-c", String(def.clients), "-j", String(def.threads)];
  const throttle: string[] = [];
  if (def.rate !== undefined) throttle.push("-R", String(def.rate));
  if (def.latencyLimitMs !== undefined) throttle.push("-L", String(def.latencyLimitMs));
  const length = def.transactions !== undefined ? ["-t", String(def.transactions)] : ["-T", String(def.durationSeconds)];
  const progress = options.progressSeconds ? ["-P", String(options.progressSeconds)] : [];

  return {
    init: [exe, "-i", "-s", String(def.scale), "--quiet"],
    // The warm-up vacuums (pgbench's default), so the measured run skips it with -n and starts
    // measuring at once.
    warmup: def.warmupSeconds > 0 ? [exe, ...shape, ...throttle, "-T", String(def.warmupSeconds), ...workload] : null,
    run: [
      exe,
      ...shape,
      ...throttle,
      ...length,
      ...workload,
      ...(def.warmupSeconds > 0 ? ["-n"] : []),
      ...progress,
      "--log",
      `--log-prefix=${logPrefix}`,
    ],
    logPrefix,
    script,
    txlogColumns: { scheduleLag: def.rate !== undefined, retries: false },
    expectedSeconds: def.durationSeconds ?? null,
  };
}

/** Which files in a directory listing are this run's per-transaction logs (all threads). */
export function txlogFilesFor(logPrefix: string, fileNames: readonly string[]): string[] {
  const base = logPrefix.slice(logPrefix.lastIndexOf("/") + 1).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`^${base}\\.\\d+(\\.\\d+)?$`);
  return fileNames.filter((f) => pattern.test(f)).sort();
}

/** POSIX shell quoting, for the Job's `sh -c` line built from the same argv. */
export function shellQuote(argv: readonly string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_\/.=:,@%+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(" ");
}
