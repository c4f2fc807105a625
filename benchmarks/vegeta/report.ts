import { z } from "zod";
import { benchmarkResultSchema, type BenchmarkResult } from "../../lib/benchmarkResult";

/**
 * `vegeta report -type=json`. Latencies are nanoseconds. Its percentiles are t-digest
 * estimates, not exact (on a 100-request run here p99 was 9.98 ms against an exact 6.14 ms), so
 * the local run takes latency from the raw results (results.ts) and keeps this report for the
 * counts, the rate and as the tool's own figures to compare against.
 */
const ns = z.number().nonnegative();
export const vegetaReportSchema = z.object({
  latencies: z.object({ total: ns, mean: ns, "50th": ns, "90th": ns, "95th": ns, "99th": ns, max: ns, min: ns }),
  bytes_in: z.object({ total: z.number(), mean: z.number() }),
  bytes_out: z.object({ total: z.number(), mean: z.number() }),
  earliest: z.string(),
  latest: z.string(),
  end: z.string(),
  /** Attack duration (earliest to latest request), ns. */
  duration: ns,
  /** Time waiting for the last responses after the last request was sent, ns. */
  wait: ns,
  requests: z.number().int().nonnegative(),
  /** Requests per second sent over `duration`. */
  rate: z.number().nonnegative(),
  /** Successful responses per second over duration + wait. */
  throughput: z.number().nonnegative(),
  /** Fraction of responses with a status in [200, 400). */
  success: z.number().min(0).max(1),
  status_codes: z.record(z.string(), z.number().int().nonnegative()),
  errors: z.array(z.string()).nullable(),
});
export type VegetaReport = z.infer<typeof vegetaReportSchema>;

export function parseVegetaReport(text: string): VegetaReport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`vegeta report is not JSON (expected the output of \`vegeta report -type=json\`): ${(e as Error).message}`);
  }
  const parsed = vegetaReportSchema.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new Error(`vegeta report: ${i.path.join(".") || "(root)"}: ${i.message} (expected the shape of \`vegeta report -type=json\`)`);
  }
  return parsed.data;
}

/** Responses that did not succeed: status 0 (transport error) or outside 200..399, vegeta's rule. */
export function vegetaErrorCount(report: VegetaReport): number {
  return Object.entries(report.status_codes).reduce((n, [code, count]) => {
    const c = Number(code);
    return c >= 200 && c < 400 ? n : n + count;
  }, 0);
}

const NS_PER_MS = 1e6;

/** The normalized result from vegeta's own report (percentiles are vegeta's estimates). */
export function vegetaReportResult(report: VegetaReport, meta: { target: string; scenario?: string; toolVersion?: string }): BenchmarkResult {
  const l = report.latencies;
  return benchmarkResultSchema.parse({
    tool: "vegeta",
    toolVersion: meta.toolVersion ?? "unknown (vegeta's report carries no version)",
    target: meta.target,
    scenario: meta.scenario ?? "constant-arrival-rate",
    startTime: report.earliest,
    durationSeconds: report.duration / 1e9,
    count: report.requests,
    rate: report.rate,
    errors: vegetaErrorCount(report),
    dropped: 0,
    latencyMs: { avg: l.mean / NS_PER_MS, stddev: null, p50: l["50th"] / NS_PER_MS, p90: l["90th"] / NS_PER_MS, p95: l["95th"] / NS_PER_MS, p99: l["99th"] / NS_PER_MS, max: l.max / NS_PER_MS },
    thresholds: [],
  });
}
