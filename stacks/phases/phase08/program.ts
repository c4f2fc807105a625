import type { StackOutputs } from "../../stackContract";
import { readStack } from "../../stackReferences";
import { phase01Contract } from "../phase01/contract";
import { clusterProvider, phaseContext } from "../phaseContext";
import { phaseCost } from "../phaseCost";
import { phase08ConfigSchema } from "./config";
import type { Phase08Outputs } from "./contract";
import { Messaging } from "./Messaging";

/** `phase-08`: messaging & events, Kafka, RabbitMQ and NATS side by side under the same load. */
export async function phase08Program() {
  const { config, cluster, pricing } = await phaseContext(phase08ConfigSchema);
  // The platform's storage class holds the brokers' logs.
  const platform = await readStack(phase01Contract);
  const provider = clusterProvider(cluster);
  const messaging = new Messaging("phase-08", { phase: "phase-08", profile: cluster.sizingProfile, storageClass: platform.storageClass, config, kubeconfig: cluster.kubeconfig, unitPrices: pricing.unitPrices }, { providers: [provider] });
  const outputs: StackOutputs<Phase08Outputs> = { namespace: messaging.namespace, brokers: messaging.brokers };
  // The per-message figures live in each step's cost (known once the Jobs ran); the block holds the run-rate.
  return { ...outputs, benchmarks: messaging.benchmarks, comparison: messaging.comparison, cost: phaseCost("phase-08", pricing, messaging.footprints) };
}
