import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { imageRef, images } from "../components/charts";
import { labLabels } from "../components/core/labels";
import { containerResources, footprintOf, type ContainerSize } from "../components/core/sizing";
import { kubectlCommand } from "../components/kubectl/KubectlCommand";
import type { Footprint } from "../lib/footprint";
import type { MetricsBackend } from "../lib/metricsResult";
import type { HttpLoadDefinition, PgbenchDefinition } from "./definitions";
import type { IngestionDefinition, QueryDefinition } from "./metrics/definitions";
import { generateIngestionScript, ingestionJobScript, type IngestionEndpoints } from "./metrics/ingestionScript";
import { generatePromqlK6Script, promqlLoadDefinition } from "./metrics/promqlScript";
import { generateK6Script, secretHeaderEnv } from "./k6/script";
import { jobPaths, k6JobScript, k6TrialsScript, pgbenchJobScript } from "./job/jobScripts";
import { benchmarkOutcomeSchema, type BenchmarkOutcome } from "./job/outcome";
import { pgbenchInvocation } from "./pgbench/invocation";

/** How a pgbench Job reaches PostgreSQL: the password comes from a Secret, never from the spec. */
export interface PgbenchConnection {
  readonly host: pulumi.Input<string>;
  readonly port: number;
  readonly database: string;
  /** A `kubernetes.io/basic-auth` Secret (keys `username`, `password`) in the Job's namespace. */
  readonly credentialsSecret: pulumi.Input<string>;
  /**
   * Verify the server's certificate and host name (PGSSLMODE=verify-full) against the CA bundle in
   * this ConfigMap (key `ca.pem`). Without it libpq's default applies (TLS if offered, unverified).
   */
  readonly verifyServerWithCaConfigMap?: pulumi.Input<string>;
}

const serverCaDir = "/lab/server-ca";

export type BenchmarkToolArgs =
  | { readonly tool: "pgbench"; readonly definition: PgbenchDefinition; readonly connection: PgbenchConnection }
  | { readonly tool: "k6"; readonly definition: HttpLoadDefinition }
  /**
   * A metrics backend's ingestion window: the k6 image reads the backend's own /metrics at the
   * window's start and end, counts the generator's series and asks the backend for a PromQL count
   * (benchmarks/metrics/ingestionScript.ts). Endpoints are in-cluster Service URLs.
   */
  | { readonly tool: "metrics-ingest"; readonly definition: IngestionDefinition; readonly endpoints: IngestionEndpoints }
  /** The fixed PromQL mix at an arrival rate against one backend's HTTP API (one k6 runner). */
  | { readonly tool: "promql"; readonly definition: QueryDefinition; readonly backend: MetricsBackend; readonly backendUrl: string };

export type BenchmarkJobArgs = BenchmarkToolArgs & {
  readonly phase: string;
  readonly namespace: pulumi.Input<string>;
  /** The cluster's kubeconfig (secret), for reading the Job's log back. */
  readonly kubeconfig: pulumi.Input<string>;
  /** Part of the Job's name: a new run id runs the benchmark again; an unrelated `up` never does. */
  readonly runId: string;
  /** What is measured, as reported (no credentials). */
  readonly target: string;
  readonly scenario?: string;
  /** Requests of one load-generator pod. */
  readonly resources?: ContainerSize;
  /** Seconds the Job may live after finishing before Kubernetes removes it (its result is kept here). */
  readonly ttlSecondsAfterFinished?: number;
  /** What must finish before this benchmark starts (another benchmark: runs must not overlap). */
  readonly after?: pulumi.Input<pulumi.Resource>[];
};

const defaultResources: Record<BenchmarkToolArgs["tool"], ContainerSize> = {
  pgbench: { cpuMillicores: 500, memoryMiB: 256 },
  k6: { cpuMillicores: 500, memoryMiB: 512 },
  // Two HTTP reads a window apart: the runner idles.
  "metrics-ingest": { cpuMillicores: 100, memoryMiB: 128 },
  promql: { cpuMillicores: 500, memoryMiB: 512 },
};

/** The users the official images run their tools as (postgres: 999, grafana/k6: 12345). */
const runAsUser: Record<BenchmarkToolArgs["tool"], number> = { pgbench: 999, k6: 12345, "metrics-ingest": 12345, promql: 12345 };

/** A run's upper bound in seconds, from its definition: the Job's deadline and Pulumi's wait. */
export function benchmarkDeadlineSeconds(args: BenchmarkToolArgs): number {
  const margin = 120;
  // Every k6 trial has its own warm-up (k6TrialsScript); the PromQL Job runs one query run per backend.
  if (args.tool === "k6") return (args.definition.warmupSeconds + args.definition.durationSeconds) * args.definition.trials + margin;
  if (args.tool === "promql") return args.definition.warmupSeconds + args.definition.durationSeconds + margin;
  if (args.tool === "metrics-ingest") return args.definition.warmupSeconds + args.definition.windowSeconds + margin;
  const d = args.definition;
  // -t runs have no stated length; allow a minute per trial unless a duration says otherwise.
  const run = d.durationSeconds ?? 60;
  const initSeconds = 5 + d.scale * 2;
  return initSeconds + d.warmupSeconds + (run + 10) * d.trials + margin;
}

/** The Job's ConfigMap: the runner script and what it runs, per tool. */
function jobScripts(args: BenchmarkToolArgs): Record<string, string> {
  switch (args.tool) {
    case "pgbench":
      return { "run.sh": pgbenchJobScript(args.definition), ...(args.definition.script ? { "custom.sql": args.definition.script } : {}) };
    case "k6":
      return { "run.sh": k6TrialsScript(args.definition.trials), "runner.sh": k6JobScript(args.definition), "script.js": generateK6Script(args.definition) };
    case "metrics-ingest":
      return { "run.sh": ingestionJobScript(jobPaths), "ingest.js": generateIngestionScript(args.definition, args.endpoints) };
    case "promql":
      // The k6 runner script of the HTTP Jobs, with the PromQL mix as its script.js.
      return { "run.sh": k6JobScript(promqlLoadDefinition(args.definition, args.backendUrl)), "script.js": generatePromqlK6Script(args.definition, args.backendUrl) };
  }
}

/** `lab parse job-log` flags that read this Job's log back (cli/commands.ts). */
export function parseJobLogFlags(args: BenchmarkToolArgs, runners: number): string {
  switch (args.tool) {
    case "pgbench":
      return `--tool pgbench${pgbenchInvocation(args.definition, { logDir: jobPaths.work }).txlogColumns.scheduleLag ? " --schedule-lag" : ""}`;
    case "k6":
      return `--tool k6 --parallelism ${runners}`;
    case "metrics-ingest":
      return `--tool metrics-ingest --backend ${args.endpoints.backend}`;
    case "promql":
      return `--tool promql --backend ${args.backend}`;
  }
}

/** Kubernetes names are at most 63 characters of [a-z0-9-]; the run id always survives shortening. */
export function jobName(name: string, runId: string): string {
  const clean = (text: string) => text.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "");
  const suffix = `-${clean(runId)}`;
  return `${clean(name).slice(0, 63 - suffix.length).replace(/-+$/, "")}${suffix}`;
}

/**
 * A benchmark as a Kubernetes Job running the real tool image, its scripts in a ConfigMap. Pulumi
 * waits for the Job; the log is then read back with kubectl and normalized by the lab's own
 * parser, so the stack exports the outcome (status, reason, result) and never the raw log.
 */
export class BenchmarkJob extends pulumi.ComponentResource {
  public readonly job: k8s.batch.v1.Job;
  public readonly outcome: pulumi.Output<BenchmarkOutcome>;
  /** What the load generator requests while it runs (reported apart from the target's cost). */
  public readonly loadGeneratorFootprint: Footprint;

  constructor(name: string, args: BenchmarkJobArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:benchmarks:BenchmarkJob", name, {}, opts);
    const labels = labLabels(args.phase, `benchmark-${name}`);
    const size = args.resources ?? defaultResources[args.tool];
    const runners = args.tool === "k6" ? args.definition.parallelism : 1;
    const deadline = benchmarkDeadlineSeconds(args);
    const serverCa = args.tool === "pgbench" ? args.connection.verifyServerWithCaConfigMap : undefined;

    const scripts = jobScripts(args);
    const configMap = new k8s.core.v1.ConfigMap(
      `${name}-scripts`,
      { metadata: { namespace: args.namespace, labels }, data: scripts },
      { parent: this },
    );

    const env =
      args.tool === "pgbench"
        ? [
            { name: "PGHOST", value: args.connection.host },
            { name: "PGPORT", value: String(args.connection.port) },
            { name: "PGDATABASE", value: args.connection.database },
            { name: "PGUSER", valueFrom: { secretKeyRef: { name: args.connection.credentialsSecret, key: "username" } } },
            { name: "PGPASSWORD", valueFrom: { secretKeyRef: { name: args.connection.credentialsSecret, key: "password" } } },
            { name: "PGAPPNAME", value: `platform-lab-${name}` },
            ...(args.connection.verifyServerWithCaConfigMap
              ? [
                  { name: "PGSSLMODE", value: "verify-full" },
                  { name: "PGSSLROOTCERT", value: `${serverCaDir}/ca.pem` },
                ]
              : []),
          ]
        : args.tool !== "k6"
          ? [{ name: "K6_NO_USAGE_REPORT", value: "true" }]
          : [
            { name: "K6_NO_USAGE_REPORT", value: "true" },
            ...secretHeaderEnv(args.definition).map(([header, variable]) => {
              const source = args.definition.secretHeaders[header];
              return { name: variable, valueFrom: { secretKeyRef: { name: source.secretName, key: source.key } } };
            }),
          ];

    this.job = new k8s.batch.v1.Job(
      name,
      {
        metadata: { name: jobName(name, args.runId), namespace: args.namespace, labels: { ...labels, "platform-lab/run-id": args.runId } },
        spec: {
          // One attempt: a retried benchmark would blend two runs into one result.
          backoffLimit: 0,
          activeDeadlineSeconds: deadline,
          ttlSecondsAfterFinished: args.ttlSecondsAfterFinished ?? 3600,
          completionMode: "Indexed",
          completions: runners,
          parallelism: runners,
          template: {
            metadata: { labels },
            spec: {
              restartPolicy: "Never",
              securityContext: {
                runAsNonRoot: true,
                runAsUser: runAsUser[args.tool],
                runAsGroup: runAsUser[args.tool],
                fsGroup: runAsUser[args.tool],
                seccompProfile: { type: "RuntimeDefault" },
              },
              containers: [
                {
                  name: args.tool === "pgbench" ? "pgbench" : "k6",
                  image: imageRef(args.tool === "pgbench" ? images.postgres : images.k6),
                  command: ["/bin/sh", `${jobPaths.scripts}/run.sh`],
                  env: [...env, { name: "HOME", value: jobPaths.work }],
                  resources: containerResources(size),
                  securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                  volumeMounts: [
                    { name: "scripts", mountPath: jobPaths.scripts, readOnly: true },
                    { name: "work", mountPath: jobPaths.work },
                    ...(serverCa ? [{ name: "server-ca", mountPath: serverCaDir, readOnly: true }] : []),
                  ],
                },
              ],
              volumes: [
                { name: "scripts", configMap: { name: configMap.metadata.name } },
                { name: "work", emptyDir: {} },
                ...(serverCa ? [{ name: "server-ca", configMap: { name: serverCa } }] : []),
              ],
            },
          },
        },
      },
      // Pulumi's Job await waits for completion; the deadline bounds the run, the margin the pull.
      {
        parent: this,
        dependsOn: args.after,
        customTimeouts: { create: `${Math.ceil(deadline / 60) + 5}m`, update: `${Math.ceil(deadline / 60) + 5}m` },
        deleteBeforeReplace: true,
      },
    );

    const parseFlags = parseJobLogFlags(args, runners);
    const reader = kubectlCommand(
      `${name}-result`,
      {
        kubeconfig: args.kubeconfig,
        environment: { JOB_NAMESPACE: args.namespace, JOB_NAME: this.job.metadata.name, TARGET: args.target, SCENARIO: args.scenario ?? "" },
        // Runs in the project directory (Pulumi's working directory), with the lab's own parser.
        script: [
          `kubectl logs -n "$JOB_NAMESPACE" -l "batch.kubernetes.io/job-name=$JOB_NAME" --tail=-1 --max-log-requests=${Math.max(runners, 5)} > "$LAB_TMP/job.log"`,
          `node_modules/.bin/tsx cli/lab.ts parse job-log ${parseFlags} --target "$TARGET" --scenario "$SCENARIO" "$LAB_TMP/job.log"`,
        ].join("\n"),
        triggers: [this.job.metadata.uid],
      },
      { parent: this, dependsOn: [this.job] },
    );
    this.outcome = reader.stdout.apply((text) => benchmarkOutcomeSchema.parse(JSON.parse(text)));
    this.loadGeneratorFootprint = footprintOf(size, runners);
    this.registerOutputs({ outcome: this.outcome });
  }
}
