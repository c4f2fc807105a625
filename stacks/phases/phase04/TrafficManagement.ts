import * as pulumi from "@pulumi/pulumi";
import { BenchmarkJob, benchmarkDeadlineSeconds, jobName } from "../../../benchmarks/BenchmarkJob";
import type { BenchmarkOutcome } from "../../../benchmarks/job/outcome";
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
import type { Footprint } from "../../../finops/footprint";
import { withBenchmarkCost } from "../../../finops/joinBenchmark";
import type { UnitPrices } from "../../../finops/unitPrices";
import type { SizingProfile } from "../../clusterContract";
import type { Phase04Config } from "./config";
import { stepDefinition } from "./stepDefinition";

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

/** One step of a sweep as it ran: its outcome (result with cost) and, for a gateway, what its pods used. */
export interface SweepStep {
  readonly rate: number;
  readonly outcome: BenchmarkOutcome;
  readonly usage?: PodUsage;
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
  /** The baseline's and each gateway's steps, in rate order. */
  public readonly sweeps: pulumi.Output<{ baseline: SweepStep[]; gateways: Partial<Record<GatewayName, SweepStep[]>> }>;
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
    const sweep = (label: string, url: string, target: string, gateway?: GatewayContender) =>
      config.benchmark.rates.map((rate) => {
        const definition = stepDefinition(url, rate, config.benchmark);
        const stepName = `k6-${label}-${rate}`;
        const job = new BenchmarkJob(
          stepName,
          {
            tool: "k6",
            definition,
            phase: args.phase,
            namespace: this.namespace,
            kubeconfig: args.kubeconfig,
            runId: config.benchmark.runId,
            target,
            scenario: `constant-arrival-rate ${rate}/s`,
            resources: loadGenerator,
            after: previous,
          },
          child,
        );
        const usage = gateway
          ? new PodUsageSampler(
              `usage-${label}-${rate}`,
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
        return pulumi.all([job.outcome, usage]).apply(([outcome, used]): SweepStep => {
          const result = outcome.result
            ? withBenchmarkCost({
                result: outcome.result,
                serving: allocatedFootprint(servingRequests, used),
                loadGenerator: job.loadGeneratorFootprint,
                unitPrices: args.unitPrices,
                unitKind: "requests",
              })
            : undefined;
          return { rate, outcome: { ...outcome, result }, ...(used ? { usage: used } : {}) };
        });
      });

    const baseline = sweep("baseline", this.backend.url, `echo backend, no gateway (${this.backend.url})`);
    const gatewaySweeps = Object.fromEntries(
      Object.values(this.gateways).map((g) => [g!.gatewayName, pulumi.all(sweep(g!.gatewayName, g!.url, `${g!.gatewayName} (${g!.url})`, g))]),
    );
    this.sweeps = pulumi.output({ baseline: pulumi.all(baseline), gateways: gatewaySweeps }) as unknown as pulumi.Output<{
      baseline: SweepStep[];
      gateways: Partial<Record<GatewayName, SweepStep[]>>;
    }>;

    this.footprints = {
      echoBackend: this.backend.footprint,
      ...Object.fromEntries(Object.values(this.gateways).map((g) => [g!.gatewayName, g!.footprint])),
    };
    this.registerOutputs({ sweeps: this.sweeps });
  }
}
