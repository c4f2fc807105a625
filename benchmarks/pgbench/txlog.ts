import type { LatencyMs } from "../../lib/benchmarkResult";
import { summarizeLatencies } from "../latencyStats";

/**
 * pgbench per-transaction logs (`--log`, one file per thread), the only place pgbench exposes
 * per-transaction latency, hence the only source for percentiles. A line is
 *   client_id transaction_no time script_no time_epoch time_us [schedule_lag] [retries]
 * `time` is the latency in microseconds, or a word for a transaction without one: `skipped`
 * (late under -R -L), `failed` (PG15+), or with --failures-detailed `serialization`/`deadlock`
 * (and `other` on newer servers). `schedule_lag` is present with -R; `retries` when
 * --max-tries is not 1. Both optional columns are positional, so a 7-column line is ambiguous:
 * the caller passes what its invocation enabled; without that, a 7th column is read as lag.
 */
export type TxStatus = "ok" | "skipped" | "failed" | "serialization" | "deadlock" | "other";

export interface TxlogEntry {
  clientId: number;
  transactionNo: number;
  status: TxStatus;
  /** null unless status is ok. */
  latencyUs: number | null;
  scriptNo: number;
  /** Completion time, microseconds since the Unix epoch. */
  endEpochUs: number;
  scheduleLagUs: number | null;
  retries: number | null;
}

export interface TxlogColumns {
  scheduleLag: boolean;
  retries: boolean;
}

export class TxlogError extends Error {}

const WORDS: Record<string, TxStatus> = { skipped: "skipped", failed: "failed", serialization: "serialization", deadlock: "deadlock", other: "other" };

export function parseTxlog(text: string, options: { columns?: TxlogColumns; source?: string } = {}): TxlogEntry[] {
  const source = options.source ?? "txlog";
  const out: TxlogEntry[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === "") continue;
    const f = line.split(/\s+/);
    const where = `${source} line ${i + 1}`;
    if (f.length < 6 || f.length > 8) {
      throw new TxlogError(`${where}: expected 6 to 8 fields "client_id transaction_no time script_no time_epoch time_us [schedule_lag] [retries]", got ${f.length}: ${JSON.stringify(line.slice(0, 120))}`);
    }
    const int = (k: number, name: string): number => {
      if (!/^\d+$/.test(f[k])) throw new TxlogError(`${where}: expected ${name} as a whole number in field ${k + 1}, got ${JSON.stringify(f[k])}`);
      return Number(f[k]);
    };
    let status: TxStatus = "ok";
    let latencyUs: number | null = null;
    if (/^\d+$/.test(f[2])) latencyUs = Number(f[2]);
    else if (WORDS[f[2]]) status = WORDS[f[2]];
    else throw new TxlogError(`${where}: expected latency in microseconds or one of ${Object.keys(WORDS).join("/")} in field 3, got ${JSON.stringify(f[2])}`);
    const cols = options.columns ?? { scheduleLag: f.length >= 7, retries: f.length === 8 };
    const wanted = 6 + (cols.scheduleLag ? 1 : 0) + (cols.retries ? 1 : 0);
    if (f.length !== wanted) {
      throw new TxlogError(`${where}: expected ${wanted} fields (schedule_lag ${cols.scheduleLag ? "on" : "off"}, retries ${cols.retries ? "on" : "off"}), got ${f.length}`);
    }
    const timeUs = int(5, "time_us");
    if (timeUs > 999999) throw new TxlogError(`${where}: expected time_us < 1000000, got ${timeUs}`);
    out.push({
      clientId: int(0, "client_id"),
      transactionNo: int(1, "transaction_no"),
      status,
      latencyUs,
      scriptNo: int(3, "script_no"),
      endEpochUs: int(4, "time_epoch") * 1_000_000 + timeUs,
      scheduleLagUs: cols.scheduleLag ? int(6, "schedule_lag") : null,
      retries: cols.retries ? int(cols.scheduleLag ? 7 : 6, "retries") : null,
    });
  }
  return out;
}

export interface TxlogSummary {
  /** Successful transactions (the ones with a latency). */
  count: number;
  failed: number;
  skipped: number;
  latencyMs: LatencyMs;
  /** Earliest start (completion minus latency) and latest completion over all threads. */
  firstStartEpochUs: number;
  lastEndEpochUs: number;
}

/** Merge several threads' logs and summarize; percentiles by nearest rank (see latencyStats). */
export function summarizeTxlogs(entrySets: ReadonlyArray<ReadonlyArray<TxlogEntry>>): TxlogSummary {
  const latencies: number[] = [];
  let failed = 0;
  let skipped = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const entries of entrySets) {
    for (const e of entries) {
      if (e.status === "ok" && e.latencyUs !== null) {
        latencies.push(e.latencyUs / 1000);
        first = Math.min(first, e.endEpochUs - e.latencyUs);
      } else if (e.status === "skipped") skipped++;
      else failed++;
      last = Math.max(last, e.endEpochUs);
    }
  }
  if (latencies.length === 0) throw new TxlogError("per-transaction logs hold no successful transaction: no latency to report");
  return { count: latencies.length, failed, skipped, latencyMs: summarizeLatencies(latencies), firstStartEpochUs: first, lastEndEpochUs: last };
}
