import { z } from "zod";

const timestamp = z.string().datetime({ offset: true });

const applicationSchema = z.object({
  metadata: z.object({ name: z.string() }),
  status: z
    .object({
      operationState: z
        .object({
          phase: z.string(),
          message: z.string().optional(),
          startedAt: timestamp,
          finishedAt: timestamp.optional(),
          syncResult: z
            .object({
              revision: z.string().optional(),
              resources: z.array(z.object({ kind: z.string(), name: z.string(), status: z.string().optional() })).optional(),
            })
            .optional(),
        })
        .optional(),
    })
    .optional(),
});

/** One Argo CD sync, measured from the Application's own operation state. */
export const argoCdSyncSchema = z.object({
  status: z.enum(["succeeded", "failed", "not-configured"]),
  /** finishedAt - startedAt of the sync operation. */
  seconds: z.number().nonnegative().optional(),
  revision: z.string().optional(),
  /** Resources the sync applied. */
  resources: z.number().int().nonnegative().optional(),
  reason: z.string().optional(),
});
export type ArgoCdSync = z.infer<typeof argoCdSyncSchema>;

/** From `kubectl get applications.argoproj.io <name> -o json` after the sync finished. */
export function measureArgoCdSync(applicationJson: string): ArgoCdSync {
  let data: unknown;
  try {
    data = JSON.parse(applicationJson);
  } catch {
    throw new Error("application: not JSON (expected kubectl get application -o json)");
  }
  const app = applicationSchema.parse(data);
  const operation = app.status?.operationState;
  if (!operation) throw new Error(`application ${app.metadata.name}: no operationState (the sync has not started)`);
  if (!operation.finishedAt) throw new Error(`application ${app.metadata.name}: sync still ${operation.phase} (no finishedAt)`);
  const seconds = (Date.parse(operation.finishedAt) - Date.parse(operation.startedAt)) / 1000;
  const common = { seconds, revision: operation.syncResult?.revision, resources: operation.syncResult?.resources?.length ?? 0 };
  return operation.phase === "Succeeded"
    ? argoCdSyncSchema.parse({ status: "succeeded", ...common })
    : argoCdSyncSchema.parse({ status: "failed", ...common, reason: `${operation.phase}: ${operation.message ?? "no message"}` });
}
