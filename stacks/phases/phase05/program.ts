import * as pulumi from "@pulumi/pulumi";
import type { StackOutputs } from "../../stackContract";
import { readStack } from "../../stackReferences";
import { phase01Contract } from "../phase01/contract";
import { phase03Contract } from "../phase03/contract";
import { clusterProvider, phaseContext } from "../phaseContext";
import { phaseCost } from "../phaseCost";
import { phase05ConfigSchema } from "./config";
import type { Phase05Outputs } from "./contract";
import { DataPersistence, requireBackupBucket } from "./DataPersistence";

/** `phase-05`: data & persistence, measured with pgbench. */
export async function phase05Program() {
  const { config, cluster, pricing } = await phaseContext(phase05ConfigSchema);
  // The platform must be up (storage, secret store); its outputs fix the storage class used here.
  const platform = await readStack(phase01Contract);
  // Backups go to phase-03's object store.
  const observability = await readStack(phase03Contract);
  requireBackupBucket(observability.objectStore);
  const provider = clusterProvider(cluster);
  const data = new DataPersistence(
    "phase-05",
    {
      phase: "phase-05",
      profile: cluster.sizingProfile,
      storageClass: platform.storageClass,
      kubeconfig: cluster.kubeconfig,
      config,
      unitPrices: pricing.unitPrices,
      objectStore: observability.objectStore,
    },
    { providers: [provider] },
  );
  const outputs: StackOutputs<Phase05Outputs> = {
    namespace: data.namespace,
    postgres: pulumi.output({
      clusterName: data.postgres.clusterName,
      readWriteHost: data.postgres.readWriteHost,
      readOnlyHost: data.postgres.readOnlyHost,
      port: data.postgres.port,
      database: data.postgres.database,
      credentialsSecret: data.postgres.credentialsSecretName,
    }),
    redis: pulumi.output({ host: data.redis.host, port: data.redis.port, credentialsSecret: data.redis.credentialsSecretName }),
    objectStore: { endpoint: data.objectStoreEndpoint, backupBucket: data.backupBucket },
  };
  // The run-rate is known at preview; the benchmarks' per-unit figures only once they have run,
  // so they sit in the cost block as a nested output (preview shows the rest of the block).
  const runRate = phaseCost("phase-05", pricing, data.footprints);
  const benchmarkCosts = data.benchmarks.apply((outcomes) => {
    const results = Object.fromEntries(Object.entries(outcomes).flatMap(([name, o]) => (o.result ? [[name, o.result]] : [])));
    return phaseCost("phase-05", pricing, data.footprints, results).benchmarks;
  });
  return { ...outputs, benchmarks: data.benchmarks, cost: { ...runRate, benchmarks: benchmarkCosts } };
}
