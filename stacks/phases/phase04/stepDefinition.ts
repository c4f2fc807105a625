import { httpLoadDefinitionSchema, type HttpLoadDefinition } from "../../../benchmarks/definitions";
import type { Phase04Config } from "./config";

/**
 * PLACEHOLDER until the sweep definition lands in benchmarks/ (trafficproof): one step of the rate
 * sweep as a k6 definition. Open model at the step's rate, the SLO as k6 thresholds.
 */
export function stepDefinition(url: string, rate: number, benchmark: Phase04Config["benchmark"]): HttpLoadDefinition {
  return httpLoadDefinitionSchema.parse({
    url,
    executor: "constant-arrival-rate",
    rate,
    durationSeconds: benchmark.durationSeconds,
    warmupSeconds: benchmark.warmupSeconds,
    trials: benchmark.trials,
    // Enough VUs for the rate at ~20 ms per request, and room for a slowing target up to 100 ms.
    preAllocatedVUs: Math.max(10, Math.ceil(rate / 50)),
    maxVUs: Math.max(50, Math.ceil(rate / 10)),
    thresholds: { http_req_duration: [`p(99)<${benchmark.slo.p99Ms}`], http_req_failed: [`rate<${benchmark.slo.errorRatio}`] },
  });
}
