import * as pulumi from "@pulumi/pulumi";
import { s3CredentialKeys } from "../../../components/data/S3ObjectStore";
import { scrapeLabel } from "../../../components/observability/scrapeConfigs";
import type { StackOutputs } from "../../stackContract";
import { readStack } from "../../stackReferences";
import { phase01Contract } from "../phase01/contract";
import { clusterProvider, phaseContext } from "../phaseContext";
import { phaseCost } from "../phaseCost";
import { phase03ConfigSchema } from "./config";
import type { Phase03Outputs } from "./contract";
import { Observability } from "./Observability";

/** `phase-03`: observability (metrics part): Prometheus and VictoriaMetrics on identical input, OTel, SLOs, the object store. */
export async function phase03Program() {
  const { config, cluster, pricing } = await phaseContext(phase03ConfigSchema);
  // The platform's storage class holds the TSDBs and the object store.
  const platform = await readStack(phase01Contract);
  const provider = clusterProvider(cluster);
  const observability = new Observability(
    "phase-03",
    { phase: "phase-03", profile: cluster.sizingProfile, storageClass: platform.storageClass, config, kubeconfig: cluster.kubeconfig, unitPrices: pricing.unitPrices },
    { providers: [provider] },
  );
  const outputs: StackOutputs<Phase03Outputs> = {
    namespace: observability.namespace,
    // The contract's shape: the name is the key.
    backends: Object.fromEntries(Object.entries(observability.backends).map(([name, e]) => [name, { queryUrl: e!.queryUrl, remoteWriteUrl: e!.remoteWriteUrl, selfMetricsUrl: e!.selfMetricsUrl }])),
    otlp: { grpcEndpoint: observability.collector.grpcEndpoint, httpEndpoint: observability.collector.httpEndpoint },
    grafanaUrl: observability.stack.grafanaUrl,
    scrapeLabel: { ...scrapeLabel },
    slo: pulumi.output({ pyrraUrl: observability.pyrra.url, namespace: observability.namespace, objectives: observability.pyrra.objectiveNames }),
    objectStore: pulumi.output({
      endpoint: observability.objectStore.endpoint,
      buckets: config.objectStore.buckets,
      credentialsSecret: { namespace: observability.namespace, name: observability.objectStore.credentialsSecretName, accessKeyIdKey: s3CredentialKeys.accessKeyId, secretAccessKeyKey: s3CredentialKeys.secretAccessKey },
    }),
  };
  // The per-unit figures live in each ingestion result's cost (known once the Jobs ran); the block holds the run-rate.
  return { ...outputs, benchmarks: observability.benchmarks, comparison: observability.comparison, cost: phaseCost("phase-03", pricing, observability.footprints) };
}
