import type { StackOutputs } from "../../stackContract";
import { readStack } from "../../stackReferences";
import { phase01Contract } from "../phase01/contract";
import { clusterProvider, phaseContext } from "../phaseContext";
import { phaseCost } from "../phaseCost";
import { phase04ConfigSchema, type Phase04Config } from "./config";
import type { Phase04Outputs } from "./contract";
import { TrafficManagement } from "./TrafficManagement";

/** `phase-04`: traffic management, three Gateway API implementations measured side by side with k6. */
export async function phase04Program() {
  const { config, cluster, pricing } = await phaseContext(phase04ConfigSchema);
  // The platform comes first (MetalLB on the hub hands out the active gateway's address).
  await readStack(phase01Contract);
  const provider = clusterProvider(cluster);
  const phaseConfig = config as Phase04Config;
  const traffic = new TrafficManagement(
    "phase-04",
    { phase: "phase-04", profile: cluster.sizingProfile, kubeconfig: cluster.kubeconfig, ingressMode: cluster.ingressMode, config: phaseConfig, unitPrices: pricing.unitPrices },
    { providers: [provider] },
  );
  const contenders = Object.values(traffic.gateways).map((g) => g!);
  const outputs: StackOutputs<Phase04Outputs> = {
    namespace: traffic.namespace,
    backend: { service: "echo", url: traffic.backend.url },
    gateways: Object.fromEntries(
      contenders.map((g) => [
        g.gatewayName,
        {
          gatewayClass: g.gatewayClassName,
          gateway: `${g.routed.gatewayNamespace}/${g.routed.gatewayName}`,
          serviceHost: g.serviceHost,
          servicePort: g.servicePort,
          url: g.url,
          serviceType: g.serviceType,
          status: g.routed.status,
          addresses: g.routed.statusAddresses,
        },
      ]),
    ) as Phase04Outputs["gateways"],
    activeGateway: phaseConfig.activeGateway ?? phaseConfig.gateways[0],
  };
  const runRate = phaseCost("phase-04", pricing, traffic.footprints);
  const benchmarkCosts = traffic.sweeps.apply((sweeps) => {
    const results = Object.fromEntries(
      [["baseline", sweeps.baseline] as const, ...Object.entries(sweeps.gateways)].flatMap(([label, steps]) =>
        (steps ?? []).flatMap((s) => (s.outcome.result ? [[`${label}-${s.rate}`, s.outcome.result]] : [])),
      ),
    );
    return phaseCost("phase-04", pricing, traffic.footprints, results).benchmarks;
  });
  return { ...outputs, benchmarks: traffic.sweeps, cost: { ...runRate, benchmarks: benchmarkCosts } };
}
