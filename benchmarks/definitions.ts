import { z } from "zod";

/**
 * Benchmark definitions shared by the Kubernetes Jobs and the local runs: one definition, two
 * places it runs, so what is proven locally on real tools is what runs in the cluster.
 * Every field has a default so a stack config only states what differs from a sane small run.
 */

const positiveInt = z.number().int().min(1);

export const pgbenchModeSchema = z.enum(["tpcb-like", "select-only", "custom"]);

export const pgbenchDefinitionSchema = z
  .object({
    /** `pgbench -i -s`: 1 scale = 100k accounts rows (~15 MB). */
    scale: positiveInt.default(10),
    mode: pgbenchModeSchema.default("tpcb-like"),
    /** The pgbench script text when `mode` is `custom`. */
    script: z.string().min(1).optional(),
    clients: positiveInt.default(4),
    /** Defaults to min(2, clients): pgbench refuses more threads than clients. */
    threads: positiveInt.optional(),
    /** Run length (`-T`); the default 30 s applies only when `transactions` is not set. */
    durationSeconds: positiveInt.optional(),
    /** Transactions per client (`-t`), instead of a duration. */
    transactions: positiveInt.optional(),
    /** Target transactions per second over all clients (`-R`): open-model load. */
    rate: z.number().positive().optional(),
    /** Transactions slower than this count as late (`-L`); only meaningful with `rate`. */
    latencyLimitMs: z.number().positive().optional(),
    /** A separate short run before the measured one, never part of the results. */
    warmupSeconds: z.number().int().min(0).default(5),
    /** Repeated measured runs; the result is the median trial with the spread of all. */
    trials: positiveInt.default(1),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.mode === "custom" && d.script === undefined) {
      ctx.addIssue({ code: "custom", path: ["script"], message: "a pgbench script text (mode is custom)" });
    }
    if (d.mode !== "custom" && d.script !== undefined) {
      ctx.addIssue({ code: "custom", path: ["script"], message: `no script (mode is ${d.mode}; use mode custom)` });
    }
    if (d.threads !== undefined && d.threads > d.clients) {
      ctx.addIssue({ code: "custom", path: ["threads"], message: `≤ clients (${d.clients})` });
    }
    if (d.durationSeconds !== undefined && d.transactions !== undefined) {
      ctx.addIssue({ code: "custom", path: ["transactions"], message: "either durationSeconds or transactions, not both" });
    }
    if (d.latencyLimitMs !== undefined && d.rate === undefined) {
      ctx.addIssue({ code: "custom", path: ["latencyLimitMs"], message: "a rate as well (-L only makes sense with -R)" });
    }
  })
  .transform((d) => ({
    ...d,
    threads: d.threads ?? Math.min(2, d.clients),
    durationSeconds: d.transactions === undefined ? (d.durationSeconds ?? 30) : undefined,
  }));
export type PgbenchDefinitionInput = z.input<typeof pgbenchDefinitionSchema>;
export type PgbenchDefinition = z.output<typeof pgbenchDefinitionSchema>;

export const httpExecutorSchema = z.enum(["constant-arrival-rate", "ramping-arrival-rate"]);

const stageSchema = z
  .object({
    durationSeconds: positiveInt,
    /** Iterations per second reached at the end of the stage. */
    target: z.number().int().min(0),
  })
  .strict();

/** Where a secret header's value comes from: a key of a Secret in the benchmark's namespace. */
export const secretHeaderSourceSchema = z
  .object({
    secretName: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "a Kubernetes Secret name"),
    key: z.string().regex(/^[-._a-zA-Z0-9]+$/, "a Secret key"),
  })
  .strict();
export type SecretHeaderSource = z.infer<typeof secretHeaderSourceSchema>;

/** Headers that carry credentials by their nature: refused as plain headers. */
const credentialHeaders = new Set(["authorization", "proxy-authorization", "cookie", "x-api-key", "x-auth-token", "api-key"]);

export const httpLoadDefinitionSchema = z
  .object({
    url: z.string().url(),
    method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]).default("GET"),
    body: z.string().optional(),
    /** Plain request headers: they travel in the scripts' ConfigMap and in Pulumi state. */
    headers: z.record(z.string(), z.string()).default({}),
    /**
     * Headers whose values are secrets (tokens, cookies): each names a key of a Secret in the Job's
     * namespace. The value reaches k6 only as an environment variable from that Secret; the script,
     * its ConfigMap and Pulumi state hold the header's name and the Secret's name, never the value.
     */
    secretHeaders: z.record(z.string(), secretHeaderSourceSchema).default({}),
    /** Open model only: arrival-rate executors keep offering load when the target slows down. */
    executor: httpExecutorSchema.default("constant-arrival-rate"),
    /** Requests per second (constant), or the start rate (ramping). */
    rate: z.number().int().min(1).default(10),
    /** Measured window for constant-arrival-rate; ramping uses the sum of its stages. */
    durationSeconds: positiveInt.default(30),
    stages: z.array(stageSchema).min(1).optional(),
    warmupSeconds: z.number().int().min(0).default(5),
    preAllocatedVUs: positiveInt.default(10),
    maxVUs: positiveInt.default(100),
    /** k6 thresholds on the measured requests, e.g. `{"http_req_duration": ["p(99)<500"]}`. */
    thresholds: z.record(z.string(), z.array(z.string().min(1))).default({}),
    /** Runners sharing the load through k6 execution segments. */
    parallelism: positiveInt.default(1),
    trials: positiveInt.default(1),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.executor === "ramping-arrival-rate" && d.stages === undefined) {
      ctx.addIssue({ code: "custom", path: ["stages"], message: "stages (executor is ramping-arrival-rate)" });
    }
    if (d.executor === "constant-arrival-rate" && d.stages !== undefined) {
      ctx.addIssue({ code: "custom", path: ["stages"], message: "no stages (executor is constant-arrival-rate)" });
    }
    for (const name of Object.keys(d.headers)) {
      if (credentialHeaders.has(name.toLowerCase())) {
        ctx.addIssue({ code: "custom", path: ["headers", name], message: `no credential in plain headers: move ${name} to secretHeaders ({"secretName": ..., "key": ...})`, params: { secret: true } });
      }
      if (Object.keys(d.secretHeaders).some((s) => s.toLowerCase() === name.toLowerCase())) {
        ctx.addIssue({ code: "custom", path: ["headers", name], message: `${name} once, in headers or in secretHeaders` });
      }
    }
    if (d.maxVUs < d.preAllocatedVUs) {
      ctx.addIssue({ code: "custom", path: ["maxVUs"], message: `≥ preAllocatedVUs (${d.preAllocatedVUs})` });
    }
  })
  .transform((d) => ({
    ...d,
    durationSeconds: d.stages ? d.stages.reduce((s, st) => s + st.durationSeconds, 0) : d.durationSeconds,
  }));
export type HttpLoadDefinitionInput = z.input<typeof httpLoadDefinitionSchema>;
export type HttpLoadDefinition = z.output<typeof httpLoadDefinitionSchema>;
