import { z } from "zod";

/**
 * What the pods of one namespace used while a benchmark loaded them, for the cost model's
 * max(request, usage). Read from the metrics API (metrics-server) when the cluster serves it, else
 * from each node's cAdvisor through the API server's node proxy (kind ships no metrics-server).
 */
export const podUsageSchema = z.object({
  source: z.enum(["metrics-api", "cadvisor"]),
  namespace: z.string(),
  /** Samples taken over the measured window (warm-up excluded). */
  samples: z.number().int().nonnegative(),
  windowSeconds: z.number().nonnegative(),
  /** CPU over the window, summed over the namespace's pods (average rate), in millicores. */
  cpuMillicores: z.number().nonnegative(),
  /** Peak of the summed working-set memory over the samples, in MiB. */
  memoryMiB: z.number().nonnegative(),
  pods: z.array(z.string()),
});
export type PodUsage = z.infer<typeof podUsageSchema>;

/** One sample as the sampler script wrote it: the wall-clock time (seconds) and the raw body. */
export interface UsageSample {
  readonly at: number;
  readonly body: string;
}

/** Kubernetes CPU quantity ("250m", "1", "123456789n", "12u") in millicores. */
export function cpuQuantityToMillicores(q: string): number {
  const m = /^([0-9.]+)(n|u|m)?$/.exec(q.trim());
  if (!m) throw new Error(`not a CPU quantity: ${JSON.stringify(q)}`);
  const value = Number(m[1]);
  const scale = { n: 1e-6, u: 1e-3, m: 1 }[m[2] as "n" | "u" | "m"] ?? 1000;
  return value * scale;
}

/** Kubernetes memory quantity ("128Mi", "131072Ki", "1Gi", "134217728", "128M") in MiB. */
export function memoryQuantityToMiB(q: string): number {
  const m = /^([0-9.]+)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(q.trim());
  if (!m) throw new Error(`not a memory quantity: ${JSON.stringify(q)}`);
  const factor: Record<string, number> = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };
  return (Number(m[1]) * (m[2] ? factor[m[2]] : 1)) / 1024 ** 2;
}

const podMetricsListSchema = z.object({
  items: z.array(
    z.object({
      metadata: z.object({ name: z.string(), namespace: z.string() }),
      containers: z.array(z.object({ name: z.string(), usage: z.object({ cpu: z.string(), memory: z.string() }) })),
    }),
  ),
});

function windowOf(samples: readonly UsageSample[]): number {
  return samples.length < 2 ? 0 : samples[samples.length - 1].at - samples[0].at;
}

/**
 * Metrics API samples (`/apis/metrics.k8s.io/v1beta1/namespaces/<ns>/pods`): each already states
 * a recent CPU rate, so CPU is the mean over samples of the namespace's sum; memory the peak sum.
 */
export function usageFromMetricsApi(namespace: string, samples: readonly UsageSample[]): PodUsage {
  const pods = new Set<string>();
  const cpu: number[] = [];
  const memory: number[] = [];
  for (const sample of samples) {
    const list = podMetricsListSchema.parse(JSON.parse(sample.body));
    let c = 0;
    let m = 0;
    for (const pod of list.items.filter((p) => p.metadata.namespace === namespace)) {
      pods.add(pod.metadata.name);
      for (const container of pod.containers) {
        c += cpuQuantityToMillicores(container.usage.cpu);
        m += memoryQuantityToMiB(container.usage.memory);
      }
    }
    cpu.push(c);
    memory.push(m);
  }
  return {
    source: "metrics-api",
    namespace,
    samples: samples.length,
    windowSeconds: windowOf(samples),
    cpuMillicores: cpu.length ? cpu.reduce((a, b) => a + b, 0) / cpu.length : 0,
    memoryMiB: memory.length ? Math.max(...memory) : 0,
    pods: [...pods].sort(),
  };
}

const cadvisorLine = /^(container_cpu_usage_seconds_total|container_memory_working_set_bytes)\{([^}]*)\}\s+(\S+)/;

function labelsOf(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const m of text.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[m[1]] = m[2];
  return labels;
}

/**
 * cAdvisor samples (`/api/v1/nodes/<node>/proxy/metrics/cadvisor`, one body per sample, all nodes
 * concatenated): CPU is each container's counter increase from its first to its last sample over
 * the time between them, summed; memory the peak over samples of the summed working sets. Only the
 * namespace's real containers count (not the pod sandbox, `container=""` or `POD`).
 */
export function usageFromCadvisor(namespace: string, samples: readonly UsageSample[]): PodUsage {
  const pods = new Set<string>();
  const firstCpu = new Map<string, { at: number; seconds: number }>();
  const lastCpu = new Map<string, { at: number; seconds: number }>();
  const memory: number[] = [];
  for (const sample of samples) {
    let m = 0;
    for (const line of sample.body.split("\n")) {
      const match = cadvisorLine.exec(line);
      if (!match) continue;
      const labels = labelsOf(match[2]);
      if (labels.namespace !== namespace || !labels.container || labels.container === "POD" || !labels.pod) continue;
      const key = `${labels.pod}/${labels.container}`;
      const value = Number(match[3]);
      if (!Number.isFinite(value)) throw new Error(`cAdvisor sample at ${sample.at}: not a number in ${JSON.stringify(line)}`);
      pods.add(labels.pod);
      if (match[1] === "container_memory_working_set_bytes") m += value / 1024 ** 2;
      else {
        if (!firstCpu.has(key)) firstCpu.set(key, { at: sample.at, seconds: value });
        lastCpu.set(key, { at: sample.at, seconds: value });
      }
    }
    memory.push(m);
  }
  let cpuMillicores = 0;
  for (const [key, first] of firstCpu) {
    const last = lastCpu.get(key)!;
    // A counter that went down is a restarted container: its increase is unknown, so it adds nothing.
    if (last.at > first.at && last.seconds >= first.seconds) cpuMillicores += ((last.seconds - first.seconds) / (last.at - first.at)) * 1000;
  }
  return {
    source: "cadvisor",
    namespace,
    samples: samples.length,
    windowSeconds: windowOf(samples),
    cpuMillicores,
    memoryMiB: memory.length ? Math.max(...memory) : 0,
    pods: [...pods].sort(),
  };
}

/** The sampler's output file: `LAB_USAGE_SAMPLE <unix seconds>` lines, each followed by its body up to `LAB_USAGE_END`. */
export const usageSampleMarker = "LAB_USAGE_SAMPLE";
export const usageSampleEnd = "LAB_USAGE_END";

export function readUsageSamples(text: string): UsageSample[] {
  const samples: UsageSample[] = [];
  let current: { at: number; lines: string[] } | undefined;
  text.split("\n").forEach((line, i) => {
    if (line.startsWith(`${usageSampleMarker} `)) {
      const at = Number(line.slice(usageSampleMarker.length + 1).trim());
      if (!Number.isFinite(at)) throw new Error(`usage samples line ${i + 1}: expected "${usageSampleMarker} <unix seconds>", got ${JSON.stringify(line)}`);
      current = { at, lines: [] };
    } else if (line === usageSampleEnd) {
      if (!current) throw new Error(`usage samples line ${i + 1}: ${usageSampleEnd} without a sample`);
      samples.push({ at: current.at, body: current.lines.join("\n") });
      current = undefined;
    } else if (current) current.lines.push(line);
  });
  return samples;
}

/** The whole sampler output, from either source, to one PodUsage. */
export function parsePodUsage(source: PodUsage["source"], namespace: string, text: string): PodUsage {
  const samples = readUsageSamples(text);
  return source === "metrics-api" ? usageFromMetricsApi(namespace, samples) : usageFromCadvisor(namespace, samples);
}

