import { execBounded } from "./exec";

/**
 * Latency figures computed by `awk | sort -n | awk`, NOT by our TypeScript, from the same raw
 * per-request data: the harness and the real-tool tests compare our parsers against it, so a
 * parser bug cannot hide behind itself. Same nearest-rank definition: rank = ceil(p*n/100) in
 * integer arithmetic.
 */
export interface IndependentFigures {
  count: number;
  avg: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

const RANKS = `{ a[NR] = $1; s += $1 }
END {
  n = NR; printf "count %d\\navg %.9f\\n", n, s / n / DIV
  split("50 90 95 99", P, " ")
  for (i = 1; i <= 4; i++) { p = P[i]; r = int((p * n + 99) / 100); printf "p%d %.9f\\n", p, a[r] / DIV }
  printf "max %.9f\\n", a[n] / DIV
}`;

/** pgbench txlog lines (field 3 = latency in µs; words there for skipped/failed transactions). */
export async function independentPgbenchLatency(txlogs: string): Promise<IndependentFigures> {
  const script = `awk '$3 ~ /^[0-9]+$/ { print $3 }' | sort -n | awk -v DIV=1000 '${RANKS}'`;
  const { stdout } = await execBounded(["sh", "-c", script], { input: txlogs, timeoutMs: 60_000 });
  const out: Record<string, number> = {};
  for (const line of stdout.trim().split("\n")) {
    const [k, v] = line.split(" ");
    out[k] = Number(v);
  }
  return { count: out.count, avg: out.avg, p50: out.p50, p90: out.p90, p95: out.p95, p99: out.p99, max: out.max };
}

/**
 * The same figures from k6's raw per-sample output (`--out csv`, one file per runner, each with
 * its header): the measured scenario's http_req_duration samples (ms, printed to the nanosecond,
 * which is k6's own resolution) and its failed requests (http_req_failed samples equal to 1).
 * Columns are found by their header names, not positions.
 */
export async function independentK6Figures(csvs: readonly string[], scenario = "measure"): Promise<IndependentFigures & { errors: number }> {
  const pick = (metric: string) =>
    `awk -F, -v M=${metric} -v S=${scenario} '$1 == "metric_name" { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["metric_name"] == M && $c["scenario"] == S { print $c["metric_value"] }'`;
  const latency = await execBounded(["sh", "-c", `${pick("http_req_duration")} | sort -g | awk -v DIV=1 '${RANKS}'`], { input: csvs.join(""), timeoutMs: 120_000, env: { ...process.env, LC_ALL: "C" } });
  const failed = await execBounded(["sh", "-c", `${pick("http_req_failed")} | awk '$1 + 0 == 1 { n++ } END { print n + 0 }'`], { input: csvs.join(""), timeoutMs: 120_000 });
  const out: Record<string, number> = {};
  for (const line of latency.stdout.trim().split("\n")) {
    const [k, v] = line.split(" ");
    out[k] = Number(v);
  }
  return { count: out.count, avg: out.avg, p50: out.p50, p90: out.p90, p95: out.p95, p99: out.p99, max: out.max, errors: Number(failed.stdout.trim()) };
}
