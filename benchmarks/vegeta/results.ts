import { benchmarkResultSchema, type BenchmarkResult } from "../../lib/benchmarkResult";
import { summarizeLatencies } from "../latencyStats";

/**
 * `vegeta encode --to csv`: one row per request, columns
 *   timestamp(unix ns), code, latency(ns), bytes_out, bytes_in, error, body(base64), attack, seq,
 *   method, url, headers(base64)
 * The error column is CSV-quoted with doubled quotes and may contain commas. From these rows the
 * latency percentiles are computed exactly (nearest rank), independently of vegeta's estimates.
 */
export interface VegetaResultRow {
  timestampNs: bigint;
  code: number;
  latencyNs: number;
  bytesOut: number;
  bytesIn: number;
  error: string;
}

/** RFC 4180 fields of one line (vegeta writes one record per line). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = "";
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new Error("unterminated quoted field");
        v += line.slice(i, q);
        if (line[q + 1] === '"') {
          v += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(v);
      if (line[i] === ",") i++;
      else if (i < line.length) throw new Error(`expected "," after a quoted field at column ${i + 1}`);
      else break;
    } else {
      const c = line.indexOf(",", i);
      if (c < 0) {
        out.push(line.slice(i));
        break;
      }
      out.push(line.slice(i, c));
      i = c + 1;
      if (i === line.length) {
        out.push("");
        break;
      }
    }
  }
  return out;
}

export function parseVegetaResultsCsv(text: string, source = "vegeta results"): VegetaResultRow[] {
  const rows: VegetaResultRow[] = [];
  const lines = text.split("\n");
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].replace(/\r$/, "");
    if (line === "") continue;
    const where = `${source} line ${n + 1}`;
    let f: string[];
    try {
      f = csvFields(line);
    } catch (e) {
      throw new Error(`${where}: ${(e as Error).message}`);
    }
    if (f.length < 6) throw new Error(`${where}: expected at least 6 columns "timestamp,code,latency,bytes_out,bytes_in,error", got ${f.length}`);
    for (const [k, name] of [[0, "timestamp"], [1, "code"], [2, "latency"], [3, "bytes_out"], [4, "bytes_in"]] as const) {
      if (!/^\d+$/.test(f[k])) throw new Error(`${where}: expected ${name} (column ${k + 1}) as a whole number, got ${JSON.stringify(f[k].slice(0, 40))}`);
    }
    rows.push({ timestampNs: BigInt(f[0]), code: Number(f[1]), latencyNs: Number(f[2]), bytesOut: Number(f[3]), bytesIn: Number(f[4]), error: f[5] });
  }
  if (rows.length === 0) throw new Error(`${source}: no result rows (expected the output of \`vegeta encode --to csv\`)`);
  return rows;
}

const isSuccess = (r: VegetaResultRow) => r.code >= 200 && r.code < 400 && r.error === "";

/**
 * Normalized result from raw rows. Latency covers every request, failed ones included, as
 * vegeta's own report does, so the two stay comparable; rate is requests over the attack span
 * (first to last request sent), also vegeta's definition.
 */
export function vegetaResultsResult(rows: readonly VegetaResultRow[], meta: { target: string; scenario?: string; toolVersion?: string }): BenchmarkResult {
  const sorted = [...rows].sort((a, b) => (a.timestampNs < b.timestampNs ? -1 : a.timestampNs > b.timestampNs ? 1 : 0));
  const spanSeconds = Number(sorted[sorted.length - 1].timestampNs - sorted[0].timestampNs) / 1e9;
  const latency = summarizeLatencies(rows.map((r) => r.latencyNs / 1e6));
  return benchmarkResultSchema.parse({
    tool: "vegeta",
    toolVersion: meta.toolVersion ?? "unknown",
    target: meta.target,
    scenario: meta.scenario ?? "constant-arrival-rate",
    startTime: new Date(Number(sorted[0].timestampNs / 1_000_000n)).toISOString(),
    durationSeconds: spanSeconds,
    count: rows.length,
    rate: spanSeconds > 0 ? rows.length / spanSeconds : 0,
    errors: rows.filter((r) => !isSuccess(r)).length,
    dropped: 0,
    latencyMs: latency,
    thresholds: [],
  });
}
