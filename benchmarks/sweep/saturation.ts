import type { LoadGeneratorEvidence, Saturation } from "./stepResult";

/**
 * When a step measured the load generator rather than the target. Such a step is marked
 * `load-generator-saturated`, and is never reported as the target's limit nor used for its added
 * latency. Signals (any one is enough):
 *  - dropped iterations above 1 % of the iterations offered (rate × window): k6 had no free VU at
 *    an iteration's scheduled start, so the open-model load was not actually offered;
 *  - CPU starvation, from what k6 reports: k6 has no CPU figure of its own, but every measured
 *    iteration of the generated script is one request plus one Counter add, so the mean time per
 *    iteration outside the request (avg iteration_duration − avg http_req_duration) is
 *    microseconds unless the VU goroutines wait for CPU. Above 0.5 ms it counts as starved.
 *    Measured here (k6 v1.8.1, 1500 req/s on loopback): 0.10 ms unconstrained, 0.60 ms with k6
 *    held to 0.2 CPU by a CFS quota;
 *  - CPU throttling of the load generator's cgroup (nr_throttled / nr_periods above 10 %), when
 *    the runner read cpu.stat: the direct evidence a Kubernetes CPU limit was binding.
 */
export const DROPPED_ITERATIONS_LIMIT = 0.01;
export const ITERATION_OVERHEAD_LIMIT_MS = 0.5;
export const CPU_THROTTLED_LIMIT = 0.1;

export function loadGeneratorSaturation(step: {
  offeredPerSecond: number;
  measuredSeconds: number;
  droppedIterations: number;
  loadGenerator: LoadGeneratorEvidence;
}): Saturation {
  const reasons: string[] = [];
  const offered = step.offeredPerSecond * step.measuredSeconds;
  if (step.droppedIterations > DROPPED_ITERATIONS_LIMIT * offered) {
    const pct = offered > 0 ? ((100 * step.droppedIterations) / offered).toFixed(2) : "∞";
    reasons.push(`k6 dropped ${step.droppedIterations} of ${offered} offered iterations (${pct} % > 1 %)`);
  }
  const overhead = step.loadGenerator.iterationOverheadMs;
  if (overhead !== null && overhead > ITERATION_OVERHEAD_LIMIT_MS) {
    reasons.push(`k6 spent ${overhead.toFixed(3)} ms per iteration outside the request (> ${ITERATION_OVERHEAD_LIMIT_MS} ms): CPU-starved`);
  }
  const throttled = step.loadGenerator.cpuThrottledRatio;
  if (throttled !== null && throttled > CPU_THROTTLED_LIMIT) {
    reasons.push(`the load generator was CPU-throttled in ${(100 * throttled).toFixed(1)} % of CFS periods (> ${100 * CPU_THROTTLED_LIMIT} %)`);
  }
  return { status: reasons.length ? "load-generator-saturated" : "ok", reasons };
}
