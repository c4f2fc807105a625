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
  // Each step's per-unit figures, known once the sweeps ran (preview shows the rest of the block).
  const benchmarkCosts = traffic.benchmarks.apply((benchmarks) => {
    const results = Object.fromEntries(
      [benchmarks.baseline, ...Object.values(benchmarks.gateways).map((g) => g!)].flatMap((sweep) =>
        sweep.steps.flatMap((s) => (s.step?.cost ? [[`${sweep.target}-${s.offeredPerSecond}`, { tool: "k6", scenario: `constant-arrival-rate ${s.offeredPerSecond}/s`, target: sweep.url, cost: s.step.cost }]] : [])),
      ),
    );
    return results;
  });
  return { ...outputs, benchmarks: traffic.benchmarks, comparison: traffic.comparison, cost: { ...runRate, benchmarks: benchmarkCosts } };
}
