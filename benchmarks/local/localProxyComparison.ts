import { parsePricingConfig, resolvePricingProfile } from "../../finops/profiles";
import { withBenchmarkCost } from "../../finops/joinBenchmark";
import type { PricingProfileName } from "../../lib/profileNames";
import { buildComparison, type Comparison } from "../sweep/comparison";
import { sweepDefinitions, type RateSweep, type Slo } from "../sweep/rateSweep";
import { sweepStepFromResult, type SweepStep } from "../sweep/stepResult";
import { startLoopbackBackend, startLoopbackProxy, type LocalProxyName, type LoopbackProxy } from "./loopbackProxies";
import { runLocalK6 } from "./runLocalK6";

/**
 * `lab bench --local http`: the phase-04 comparison on this machine. One loopback backend; the
 * same k6 definition (the generated script, through the Job's runner script) swept over the same
 * rates straight at the backend (the baseline, `direct`) and through each proxy in turn, never
 * two at once; every step read through the sweep functions the stack uses and laid side by side
 * in the same comparison shape. A proxy's $/M requests prices the CPU and memory its processes
 * really used during the step (from /proc; nothing was requested, so max(request, usage) is the
 * usage) through finops' cost join, under the named pricing profile.
 */
export const BASELINE_TARGET = "direct";

export interface LocalProxyComparisonOptions {
  proxies: readonly LocalProxyName[];
  sweep: RateSweep;
  slo: Slo;
  /** k6 runners (execution segments) per step. */
  parallelism?: number;
  preAllocatedVUs?: number;
  maxVUs?: number;
  pricing?: PricingProfileName;
  /** Called after each step, for progress on stderr. */
  onStep?: (target: string, step: SweepStep) => void;
}

export interface LocalTargetRun {
  target: string;
  url: string;
  /** What served: the proxy's version, or the backend for the baseline. */
  software: string;
  steps: SweepStep[];
}

export interface LocalProxyComparison {
  comparison: Comparison;
  runs: LocalTargetRun[];
  k6Version: string;
  pricing: { profile: PricingProfileName; cpuPerVcpuHourUsd: number; memoryPerGibHourUsd: number };
}

export async function runLocalProxyComparison(options: LocalProxyComparisonOptions): Promise<LocalProxyComparison> {
  const pricingProfile = options.pricing ?? "aws";
  const { unitPrices } = resolvePricingProfile(parsePricingConfig({ profile: pricingProfile }));
  const backend = await startLoopbackBackend();
  const runs: LocalTargetRun[] = [];
  let k6Version = "unknown";
  try {
    for (const target of [BASELINE_TARGET, ...options.proxies] as const) {
      const proxy: LoopbackProxy | null = target === BASELINE_TARGET ? null : await startLoopbackProxy(target as LocalProxyName, backend.url);
      try {
        const url = proxy?.url ?? backend.url;
        const definitions = sweepDefinitions(
          { url, parallelism: options.parallelism ?? 1, preAllocatedVUs: options.preAllocatedVUs ?? 50, maxVUs: options.maxVUs ?? 200 },
          options.sweep,
        );
        const steps: SweepStep[] = [];
        for (const { offeredPerSecond, definition } of definitions) {
          const before = proxy?.usage();
          const started = Date.now();
          const run = await runLocalK6(definition, { target: `${target} ${url}` });
          const wallSeconds = (Date.now() - started) / 1000;
          k6Version = run.result.toolVersion;
          let result = run.result;
          if (proxy && before) {
            const after = proxy.usage();
            const cores = Math.max(0, after.cpuSeconds - before.cpuSeconds) / wallSeconds;
            result = withBenchmarkCost({
              result,
              serving: { cpuMillicores: cores * 1000, memoryMiB: after.rssMiB, storageGiB: 0, pods: 1 },
              unitPrices,
              unitKind: "requests",
            });
          }
          const step = sweepStepFromResult({ result, offeredPerSecond });
          steps.push(step);
          options.onStep?.(target, step);
        }
        runs.push({ target, url, software: proxy?.version ?? `${backend.version} answering by itself (the backend)`, steps });
      } finally {
        await proxy?.stop();
      }
    }
  } finally {
    await backend.stop();
  }
  const comparison = buildComparison({ baseline: BASELINE_TARGET, targets: runs.map((r) => ({ target: r.target, steps: r.steps })), slo: options.slo });
  return {
    comparison,
    runs,
    k6Version,
    pricing: { profile: pricingProfile, cpuPerVcpuHourUsd: unitPrices.cpuPerVcpuHour.amount, memoryPerGibHourUsd: unitPrices.memoryPerGibHour.amount },
  };
}
