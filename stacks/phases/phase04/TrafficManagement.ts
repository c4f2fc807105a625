import * as pulumi from "@pulumi/pulumi";
import { BenchmarkJob, benchmarkDeadlineSeconds, jobName } from "../../../benchmarks/BenchmarkJob";
import type { BenchmarkOutcome } from "../../../benchmarks/job/outcome";
import { buildComparison, type Comparison, type TargetSweep } from "../../../benchmarks/sweep/comparison";
import { sweepDefinitions } from "../../../benchmarks/sweep/rateSweep";
import { sweepStepFromResult, type SweepStep } from "../../../benchmarks/sweep/stepResult";
import { PodUsageSampler } from "../../../benchmarks/usage/PodUsageSampler";
import type { PodUsage } from "../../../benchmarks/usage/podUsage";
import { labNamespace } from "../../../components/core/LabNamespace";
import type { ContainerSize, SizedByProfile } from "../../../components/core/sizing";
import { EchoBackend } from "../../../components/traffic/EchoBackend";
import { EnvoyGateway } from "../../../components/traffic/EnvoyGateway";
import type { GatewayContender, GatewayContenderArgs } from "../../../components/traffic/gatewayContender";
import { GatewayApiCrds } from "../../../components/traffic/GatewayApiCrds";
import type { GatewayName } from "../../../components/traffic/gatewayNames";
import { NginxGatewayFabric } from "../../../components/traffic/NginxGatewayFabric";
import { TraefikGateway } from "../../../components/traffic/TraefikGateway";
import { allocatedResources } from "../../../finops/costModel";
import type { Footprint } from "../../../lib/footprint";
import type { BenchmarkResult } from "../../../lib/benchmarkResult";
import { withBenchmarkCost } from "../../../finops/joinBenchmark";
import type { UnitPrices } from "../../../finops/unitPrices";
import type { SizingProfile } from "../../../lib/profileNames";
import type { Phase04Config } from "./config";

export interface TrafficManagementArgs {
  readonly phase: string;
  readonly profile: SizingProfile;
  readonly kubeconfig: pulumi.Input<string>;
  /** The hub hands the active gateway a MetalLB address; kind reaches every gateway in-cluster. */
  readonly ingressMode: "kind-port-mapping" | "metallb";
  readonly config: Phase04Config;
  /** The active profile's prices, joined to every step's result. */
  readonly unitPrices: UnitPrices;
}

/** One step as it ran: how the k6 Job ended, the step's figures with cost, and what the gateway's pods used. */
export interface StepReport {
  readonly offeredPerSecond: number;
  /** `thresholds-failed` is an outcome (the SLO broken), `failed` means no figures. */
  readonly status: BenchmarkOutcome["status"];
  readonly reason?: string;
  /** The tool and its version as it printed it (absent when no result): `lab compare` names a change of version between runs. */
  readonly tool?: BenchmarkResult["tool"];
  readonly toolVersion?: string;
  /** Figures of the measured window (median trial), saturation judged, cost joined. */
  readonly step?: SweepStep;
  /** The gateway's pods (controller and data plane) while loaded; absent for the baseline. */
  readonly gatewayUsage?: PodUsage;
}

/** A target's whole sweep: the baseline or one gateway. */
export interface SweepReport {
  readonly target: string;
  readonly url: string;
  readonly steps: StepReport[];
}

export interface TrafficBenchmarks {
  readonly baseline: SweepReport;
  readonly gateways: Partial<Record<GatewayName, SweepReport>>;
}

/** The label the baseline carries in the comparison. */
export const baselineTarget = "baseline";

/**
 * The side-by-side comparison (benchmarks/sweep/comparison.ts) of the sweeps that produced
 * figures; a target none of whose steps did is left out and named in `missing`.
 */
export function trafficComparison(benchmarks: TrafficBenchmarks, slo: Phase04Config["benchmark"]["slo"]): Comparison & { missing: string[] } {
  const sweeps = [benchmarks.baseline, ...Object.values(benchmarks.gateways).map((g) => g!)];
  const withSteps = (r: SweepReport): TargetSweep => ({ target: r.target, steps: r.steps.flatMap((s) => (s.step ? [s.step] : [])) });
  const targets = sweeps.map(withSteps);
  const missing = targets.filter((t) => t.steps.length === 0).map((t) => t.target);
  if (missing.includes(baselineTarget)) {
    // Without a baseline nothing is "added"; the comparison still lines the gateways up.
    const rest = targets.filter((t) => t.steps.length > 0);
    if (rest.length === 0) throw new Error("no sweep produced any figure: nothing to compare");
    return { ...buildComparison({ baseline: rest[0].target, targets: rest, slo }), missing };
  }
  return { ...buildComparison({ baseline: baselineTarget, targets: targets.filter((t) => t.steps.length > 0), slo }), missing };
}

const namespaceName = "lab-traffic";

const contenders: Record<GatewayName, new (name: string, args: GatewayContenderArgs, opts?: pulumi.ComponentResourceOptions) => GatewayContender & pulumi.Resource> = {
  "envoy-gateway": EnvoyGateway,
  traefik: TraefikGateway,
  "nginx-gateway-fabric": NginxGatewayFabric,
};

/** The k6 pod of every step; open-model load at 2000 req/s needs about a core. */
const loadGeneratorSizes: SizedByProfile<ContainerSize> = {
  laptop: { cpuMillicores: 1000, memoryMiB: 256 },
  hub: { cpuMillicores: 1000, memoryMiB: 512 },
};

/** What the gateway's pods were allocated over a step: max(request, usage) per resource (OpenCost's rule, per implementation). */
export function allocatedFootprint(requests: Footprint, usage: PodUsage | undefined): Footprint {
  const allocated = allocatedResources([{ request: requests, usage: usage ? { cpuMillicores: usage.cpuMillicores, memoryMiB: usage.memoryMiB } : undefined }]);
  return { ...requests, ...allocated };
}

/**
 * Phase 04: the Gateway API CRDs, one echo backend, and each selected gateway (Envoy Gateway,
 * Traefik, NGINX Gateway Fabric) with its own GatewayClass, Gateway and HTTPRoute to it; then k6
 * rate sweeps one at a time: the baseline straight at the backend, then each gateway, sampling the
 * gateway's pods while loaded so each step's cost uses what they really used.
 */
export class TrafficManagement extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  public readonly backend: EchoBackend;
  public readonly gateways: Partial<Record<GatewayName, GatewayContender>>;
  /** The baseline's and each gateway's sweep, steps in rate order. */
  public readonly benchmarks: pulumi.Output<TrafficBenchmarks>;
  /** Per figure and step: each target's value, the best, deltas over the baseline, $ per million requests. */
  public readonly comparison: pulumi.Output<Comparison & { missing: string[] }>;
  public readonly footprints: Record<string, Footprint>;

  constructor(name: string, args: TrafficManagementArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:phase:TrafficManagement", name, {}, opts);
    const child = { parent: this };
    // Restricted: the backend and the k6 Jobs run here and comply; the charts keep their own namespaces.
    const namespace = labNamespace(namespaceName, { phase: args.phase, component: "traffic", podSecurity: "restricted" }, child);
    this.namespace = namespace.metadata.name;
    const config = args.config;
    const crds = new GatewayApiCrds("gateway-api-crds", { namespace: this.namespace, envoyGatewayCrds: config.gateways.includes("envoy-gateway") }, child);
    this.backend = new EchoBackend("echo", { phase: args.phase, profile: args.profile, namespace: namespaceName, namespaceResource: namespace }, child);

    const active = config.activeGateway ?? config.gateways[0];
    this.gateways = {};
    for (const gatewayName of config.gateways) {
      this.gateways[gatewayName] = new contenders[gatewayName](
        gatewayName,
        {
          phase: args.phase,
          profile: args.profile,
          backend: { namespace: this.namespace, serviceName: this.backend.serviceName, port: this.backend.port },
          loadBalancer: args.ingressMode === "metallb" && gatewayName === active,
          kubeconfig: args.kubeconfig,
          crds: crds.ready,
          programmedTimeoutSeconds: config.programmedTimeoutSeconds,
        },
        child,
      );
    }

    // Every gateway is Programmed before the first step: an install still settling would load the node.
    let previous: pulumi.Resource[] = [this.backend.deployment, ...Object.values(this.gateways).map((g) => g!.routed.programmed)];
    const loadGenerator = loadGeneratorSizes[args.profile];
    // VUs sized for the top step (the base is shared by every step): ~20 ms per request, room for 100 ms.
    const top = config.benchmark.sweep.stepsPerSecond[config.benchmark.sweep.stepsPerSecond.length - 1];
    const base = {
      trials: config.benchmark.trials,
      preAllocatedVUs: Math.max(10, Math.ceil(top / 50)),
      maxVUs: Math.max(50, Math.ceil(top / 10)),
      thresholds: { http_req_duration: [`p(99)<${config.benchmark.slo.p99Ms}`], http_req_failed: [`rate<${config.benchmark.slo.errorRatio}`] },
    };
    const sweep = (label: string, url: string, gateway?: GatewayContender): pulumi.Output<SweepReport> => {
      const steps = sweepDefinitions({ ...base, url }, config.benchmark.sweep, "lab:benchmark.sweep").map(({ offeredPerSecond, definition }) => {
        const stepName = `k6-${label}-${offeredPerSecond}`;
        const job = new BenchmarkJob(
          stepName,
          {
            tool: "k6",
            definition,
            phase: args.phase,
            namespace: this.namespace,
            kubeconfig: args.kubeconfig,
            runId: config.benchmark.runId,
            target: `${label} (${url})`,
            scenario: `constant-arrival-rate ${offeredPerSecond}/s`,
            resources: loadGenerator,
            after: previous,
          },
          child,
        );
        const usage = gateway
          ? new PodUsageSampler(
              `usage-${label}-${offeredPerSecond}`,
              {
                kubeconfig: args.kubeconfig,
                jobNamespace: this.namespace,
                jobName: jobName(stepName, config.benchmark.runId),
                targetNamespace: gateway.namespace,
                timing: { warmupSeconds: definition.warmupSeconds, intervalSeconds: 2, deadlineSeconds: benchmarkDeadlineSeconds({ tool: "k6", definition }) },
                after: previous,
              },
              child,
            ).usage
          : undefined;
        // One step at a time, in rate order; never two Jobs at once.
        previous = [job.job];
        const servingRequests = gateway ? gateway.footprint : this.backend.footprint;
        return pulumi.all([job.outcome, usage]).apply(([outcome, used]): StepReport => {
          const report = { offeredPerSecond, status: outcome.status, ...(outcome.reason ? { reason: outcome.reason } : {}), ...(used ? { gatewayUsage: used } : {}) };
          if (!outcome.result) return report;
          const result = withBenchmarkCost({
            result: outcome.result,
            serving: allocatedFootprint(servingRequests, used),
            loadGenerator: job.loadGeneratorFootprint,
            unitPrices: args.unitPrices,
            unitKind: "requests",
          });
          return { ...report, tool: result.tool, toolVersion: result.toolVersion, step: sweepStepFromResult({ result, offeredPerSecond }) };
        });
      });
      return pulumi.all(steps).apply((s) => ({ target: label, url, steps: s }));
    };

    const baseline = sweep(baselineTarget, this.backend.url);
    const gatewaySweeps = Object.values(this.gateways).map((g) => sweep(g!.gatewayName, g!.url, g).apply((report) => [g!.gatewayName, report] as const));
    this.benchmarks = pulumi.all([baseline, pulumi.all(gatewaySweeps)]).apply(
      ([baselineReport, reports]): TrafficBenchmarks => ({ baseline: baselineReport, gateways: Object.fromEntries(reports) }),
    );
    this.comparison = this.benchmarks.apply((b) => trafficComparison(b, config.benchmark.slo));

    this.footprints = {
      echoBackend: this.backend.footprint,
      ...Object.fromEntries(Object.values(this.gateways).map((g) => [g!.gatewayName, g!.footprint])),
    };
    this.registerOutputs({ benchmarks: this.benchmarks, comparison: this.comparison });
  }
}
