import { z } from "zod";
import { defineContract } from "../../stackContract";

/** What later phases (the phase-10 capstone) read from phase-05. */
export const phase05ContractSchema = z.object({
  namespace: z.string(),
  postgres: z.object({
    clusterName: z.string(),
    readWriteHost: z.string(),
    readOnlyHost: z.string(),
    port: z.number().int(),
    database: z.string(),
    /** `kubernetes.io/basic-auth` Secret in `namespace` (the name, never the password). */
    credentialsSecret: z.string(),
  }),
  redis: z.object({ host: z.string(), port: z.number().int(), credentialsSecret: z.string() }),
  objectStore: z.object({ endpoint: z.string(), backupBucket: z.string() }),
});
export type Phase05Outputs = z.infer<typeof phase05ContractSchema>;

export const phase05Contract = defineContract({
  stack: "phase-05",
  schema: phase05ContractSchema,
  secretKeys: [],
  planSample: {
    namespace: "lab-data",
    postgres: {
      clusterName: "lab-pg",
      readWriteHost: "lab-pg-rw.lab-data.svc.cluster.local",
      readOnlyHost: "lab-pg-rw.lab-data.svc.cluster.local",
      port: 5432,
      database: "app",
      credentialsSecret: "lab-pg-app-credentials",
    },
    redis: { host: "redis.lab-data.svc.cluster.local", port: 6379, credentialsSecret: "redis-credentials" },
    objectStore: { endpoint: "http://seaweedfs-all-in-one.lab-data.svc.cluster.local:8333", backupBucket: "lab-backups" },
  },
});
