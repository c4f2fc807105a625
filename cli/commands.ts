import * as path from "node:path";
import { z } from "zod";
import { parseK6JobLog, parsePgbenchJobLog } from "../benchmarks/job/outcome";
import { parseWhatIsThere } from "../benchmarks/parse";
import { parsePodUsage } from "../benchmarks/usage/podUsage";
import { measureArgoCdSync } from "../components/platform/argoCdSync";
import { measurePlatformReadiness } from "../components/platform/readiness";
import { priceAllocation } from "../finops/priceAllocation";
import { pricingProfileNames } from "../lib/profileNames";
import { clusterStackNames, phaseStackNames, stackNames } from "../stacks/stackNames";
import { localProxyNames } from "../benchmarks/local/loopbackProxies";
import { parseRateSweep, parseSlo } from "../benchmarks/sweep/rateSweep";
import { benchLocalHttpComparison, benchLocalPgbench } from "./benchLocal";
import { benchLocalMetrics } from "./benchLocalMetrics";
import { benchLocalMessaging, localMessagingDefaults } from "./benchLocalMessaging";
import { parseIngestionJobLog } from "../benchmarks/metrics/ingestionLog";
import { parsePromqlJobLog } from "../benchmarks/metrics/promqlLog";
import { metricsBackendSchema } from "../lib/metricsResult";
import { brokerToolFor } from "../benchmarks/messaging/brokerTools";
import { parseMessagingJobLog } from "../benchmarks/messaging/jobLog";
import { brokerNames } from "../components/messaging/brokerNames";
import { defineCommand, listText, numberText, type Command } from "./commandLine";
import { listRuns } from "./archive/runArchive";
import { archivingReader } from "./report/archivingReader";
import { formatHistory } from "./archive/runHistory";
import { saveStackOutputs } from "./archive/saveStackRun";
import { runCompare } from "./compare/compareCommand";
import { comparisonFormats } from "./compare/formatComparison";
import { readInput } from "./readInput";
import { runPlan } from "./plan/planCommand";
import { runChartsCheck } from "./charts/chartsCommand";
import { labDestroy, labUp } from "./run/pulumiRunner";
import { reportFormats, runReport } from "./report/reportCommand";
import { pulumiStackOutputReader } from "./report/stackOutputs";

/**
 * Every `lab` command: its words, options and positionals (parsed and documented by
 * commandLine.ts) and what it runs. A new command is one more entry here and the function it calls.
 */

const projectDir = path.resolve(__dirname, "..");

const json = (value: unknown) => JSON.stringify(value, null, 2);
const stack = { name: "stack", description: "the stack", required: true, choices: stackNames } as const;
const target = { type: "string", valueName: "what was measured", description: "the result's target (a URL or host), e.g. http://127.0.0.1:8080/" } as const;
const scenario = { type: "string", valueName: "name", description: "the result's scenario (default: the tool's own name for it)" } as const;
const toolVersion = { type: "string", valueName: "version", description: "the tool's version, when its output does not carry it" } as const;
const startTime = { type: "string", valueName: "ISO time", description: "when the measured window began, for an output that lacks it" } as const;
const txlogColumns = {
  "schedule-lag": { type: "boolean", description: "pgbench ran with --rate: its transaction logs carry a schedule-lag column" },
  retries: { type: "boolean", description: "pgbench ran with --max-tries: its transaction logs carry a retries column" },
} as const;
const positiveNumber = (valueName: string, description: string) => ({ type: "string", valueName, description, schema: numberText(z.number().positive()) }) as const;
const wholeNumber = (valueName: string, description: string) => ({ type: "string", valueName, description, schema: numberText(z.number().int().min(1)) }) as const;
const seconds = (description: string) => ({ type: "string", valueName: "seconds", description, schema: numberText(z.number().int().min(0)) }) as const;

export const commands: readonly Command[] = [
  defineCommand({
    words: "plan",
    summary: "offline plan under Pulumi mocks: resource tree, charts, images, schema check, run-rate",
    options: {
      all: { type: "boolean", description: "every stack, and the kind cluster's idle capacity" },
      json: { type: "boolean", description: "one JSON document on stdout (logs go to stderr)" },
      "cost-diff": { type: "string", valueName: "earlier-plan.json", description: "print the run-rate change against an earlier `lab plan --all --json`" },
      manifests: {
        type: "string",
        valueName: "DIR",
        description: "also write each stack's own Kubernetes objects (not Helm releases' contents) as they would be sent, secrets as placeholders, to DIR/<stack>/ in deploy order",
      },
    },
    positionals: [{ name: "stacks", description: "stacks to plan (or --all)", multiple: true, choices: stackNames }],
    run: ({ options, positionals, output }) => {
      const stacks = options.all ? [...stackNames] : positionals.stacks;
      if (stacks.length === 0) throw new Error(`plan needs a stack or --all; stacks: ${stackNames.join(", ")}`);
      return runPlan({ projectDir, stacks, all: options.all, json: options.json, costDiffFile: options["cost-diff"], manifestsDir: options.manifests }, output);
    },
  }),
  defineCommand({
    words: "up",
    summary: "deploy the cluster stack and every phase the stack needs, in order, then print its outputs",
    options: {},
    positionals: [stack],
    run: ({ positionals }) => labUp(projectDir, positionals.stack),
  }),
  defineCommand({
    words: "destroy",
    summary: "destroy one stack (destroy kind deletes the cluster)",
    options: {},
    positionals: [stack],
    run: ({ positionals }) => labDestroy(projectDir, positionals.stack),
  }),
  defineCommand({
    words: "parse k6",
    summary: "k6 output (handleSummary log lines or --summary-export files) to the normalized result (what a plain file lacks is null with a note); several runners are merged",
    options: {
      target,
      scenario,
      "tool-version": toolVersion,
      "start-time": startTime,
      "measure-seconds": positiveNumber("seconds", "the measured window, for a summary that lacks it"),
    },
    positionals: [{ name: "files", description: "one file per runner", required: true, multiple: true }],
    run: async ({ options, positionals, output }) => {
      const [first, ...more] = await Promise.all(positionals.files.map(readInput));
      const meta = { target: options.target, scenario: options.scenario, toolVersion: options["tool-version"], startTime: options["start-time"], measureSeconds: options["measure-seconds"] };
      output.out(json(parseWhatIsThere("k6", first, { ...meta, moreRunners: more })));
    },
  }),
  defineCommand({
    words: "parse pgbench",
    summary: "a pgbench report (and its per-transaction logs, for percentiles and start time) to the normalized result; what it lacks is null with a note",
    options: {
      txlog: { type: "string", valueName: "file", description: "a per-transaction log (pgbench -l), one per thread", multiple: true },
      target,
      scenario,
      "tool-version": toolVersion,
      "start-time": startTime,
      ...txlogColumns,
    },
    positionals: [{ name: "report", description: "pgbench's output", required: true }],
    run: async ({ options, positionals, output }) => {
      const txlogs = await Promise.all(options.txlog.map(async (name) => ({ name, text: await readInput(name) })));
      // Without either flag the columns are told from the log itself.
      const txlogColumns = options["schedule-lag"] || options.retries ? { scheduleLag: options["schedule-lag"], retries: options.retries } : undefined;
      const meta = { target: options.target, scenario: options.scenario, toolVersion: options["tool-version"], startTime: options["start-time"] };
      output.out(json(parseWhatIsThere("pgbench", await readInput(positionals.report), { txlogs, txlogColumns, ...meta })));
    },
  }),
  defineCommand({
    words: "parse job-log",
    summary: "a benchmark Job's whole log (kubectl logs) to its outcome: what BenchmarkJob's log reader runs",
    options: {
      tool: { type: "string", valueName: "pgbench|k6|metrics-ingest|promql|messaging", description: "the tool the Job ran", required: true, schema: z.enum(["pgbench", "k6", "metrics-ingest", "promql", "messaging"]) },
      target: { ...target, required: true },
      backend: { type: "string", valueName: metricsBackendSchema.options.join("|"), description: "metrics-ingest, promql: the backend measured", schema: metricsBackendSchema },
      broker: { type: "string", valueName: brokerNames.join("|"), description: "messaging: the broker whose own tool ran", schema: z.enum(brokerNames) },
      // The log reader always passes --scenario; empty means the tool's own name for it.
      scenario,
      parallelism: wholeNumber("n", "k6 runners the Job had (default 1)"),
      ...txlogColumns,
    },
    positionals: [{ name: "log", description: "the log file, - for stdin", required: true }],
    run: async ({ options, positionals, output }) => {
      const log = await readInput(positionals.log);
      const meta = { target: options.target, scenario: options.scenario || undefined };
      const backend = () => {
        if (!options.backend) throw new Error(`--tool ${options.tool} needs --backend (${metricsBackendSchema.options.join(" or ")})`);
        return options.backend;
      };
      const broker = () => {
        if (!options.broker) throw new Error(`--tool messaging needs --broker (${brokerNames.join(", ")})`);
        return options.broker;
      };
      const outcome =
        options.tool === "messaging"
          ? parseMessagingJobLog(log, brokerToolFor(broker()), options.target)
          : options.tool === "pgbench"
          ? parsePgbenchJobLog(log, { ...meta, txlogColumns: { scheduleLag: options["schedule-lag"], retries: options.retries } })
          : options.tool === "k6"
            ? parseK6JobLog(log, { ...meta, parallelism: options.parallelism ?? 1 })
            : options.tool === "metrics-ingest"
              ? parseIngestionJobLog(log, { backend: backend(), target: options.target })
              : parsePromqlJobLog(log, { backend: backend(), target: options.target });
      output.out(JSON.stringify(outcome));
    },
  }),
  defineCommand({
    words: "parse readiness",
    summary: "platform readiness from `kubectl get namespaces,pods -o json`",
    options: {},
    positionals: [
      { name: "namespaces.json", description: "kubectl get namespaces -o json", required: true },
      { name: "pods.json", description: "kubectl get pods -A -o json", required: true },
    ],
    run: async ({ positionals, output }) => {
      output.out(JSON.stringify(measurePlatformReadiness(await readInput(positionals["namespaces.json"]), await readInput(positionals["pods.json"]))));
    },
  }),
  defineCommand({
    words: "parse pod-usage",
    summary: "a namespace's pods' CPU and memory from the samples phase-04's usage sampler took under load",
    options: {
      source: { type: "string", valueName: "metrics-api|cadvisor", description: "where the samples came from", required: true, schema: z.enum(["metrics-api", "cadvisor"]) },
      namespace: { type: "string", valueName: "ns", description: "the namespace whose pods count", required: true },
    },
    positionals: [{ name: "samples", description: "the sampler's file, - for stdin", required: true }],
    run: async ({ options, positionals, output }) => {
      output.out(JSON.stringify(parsePodUsage(options.source, options.namespace, await readInput(positionals.samples))));
    },
  }),
  defineCommand({
    words: "parse argocd-sync",
    summary: "how long an Argo CD Application's sync took",
    options: {},
    positionals: [{ name: "application.json", description: "kubectl get application -o json", required: true }],
    run: async ({ positionals, output }) => {
      output.out(JSON.stringify(measureArgoCdSync(await readInput(positionals["application.json"]))));
    },
  }),
  defineCommand({
    words: "bench --local pgbench",
    summary: "real pgbench against a throwaway PostgreSQL on loopback (cluster runs are Pulumi Jobs)",
    options: {
      scale: wholeNumber("n", "pgbench -i scale (default 1)"),
      clients: wholeNumber("n", "clients"),
      threads: wholeNumber("n", "threads"),
      duration: wholeNumber("seconds", "run length (default 10 unless --transactions)"),
      transactions: wholeNumber("n", "transactions per client"),
      rate: positiveNumber("tps", "target transactions per second (open model)"),
      "latency-limit": positiveNumber("ms", "transactions slower than this count as late (-L; needs --rate)"),
      mode: { type: "string", valueName: "tpcb-like|select-only", description: "built-in script (default tpcb-like)", schema: z.enum(["tpcb-like", "select-only"]) },
      warmup: seconds("warm-up run before the measured ones (default 2)"),
      trials: wholeNumber("n", "measured runs; the result is the median one"),
    },
    positionals: [],
    run: async ({ options, output }) => {
      const { duration, warmup, "latency-limit": latencyLimitMs, ...rest } = options;
      const durationSeconds = duration ?? (options.transactions === undefined ? 10 : undefined);
      output.out(json(await benchLocalPgbench({ ...rest, scale: options.scale ?? 1, durationSeconds, latencyLimitMs, warmupSeconds: warmup ?? 2 })));
    },
  }),
  defineCommand({
    words: "bench --local http",
    summary: "the phase-04 comparison on loopback: the generated k6 script swept over rates straight at one backend and through nginx and HAProxy, side by side",
    options: {
      proxy: { type: "string", valueName: localProxyNames.join("|"), description: `a proxy to compare (default: ${localProxyNames.join(", ")})`, multiple: true, schema: z.enum(localProxyNames) },
      step: { type: "string", valueName: "req/s", description: "an offered rate, in increasing order (default 250, 500, 1000, 2000)", multiple: true, schema: numberText(z.number().int().min(1)) },
      "step-seconds": wholeNumber("seconds", "measured window of each step (default 10)"),
      warmup: seconds("warm-up before each step (default 2)"),
      parallelism: wholeNumber("n", "k6 runners per step, with execution segments (default 1)"),
      "slo-p99-ms": positiveNumber("ms", "SLO: p99 limit (default 10)"),
      "slo-error-ratio": { type: "string", valueName: "ratio", description: "SLO: failed/all requests limit (default 0.01)", schema: numberText(z.number().min(0).max(1)) },
      pricing: { type: "string", valueName: pricingProfileNames.join("|"), description: "pricing profile for USD per million requests (default aws)", schema: z.enum(pricingProfileNames) },
      json: { type: "boolean", description: "print the whole comparison as JSON instead of the table" },
    },
    positionals: [],
    run: async ({ options, output }) => {
      const run = await benchLocalHttpComparison(
        {
          proxies: options.proxy.length ? options.proxy : [...localProxyNames],
          sweep: parseRateSweep({ ...(options.step.length ? { stepsPerSecond: options.step } : {}), stepSeconds: options["step-seconds"] ?? 10, warmupSeconds: options.warmup ?? 2 }, "--step"),
          slo: parseSlo({ p99Ms: options["slo-p99-ms"] ?? 10, errorRatio: options["slo-error-ratio"] ?? 0.01 }),
          parallelism: options.parallelism,
          pricing: options.pricing,
        },
        (line) => output.err(line),
      );
      output.out(options.json ? json(run) : run.table);
    },
  }),
  defineCommand({
    words: "cost",
    summary: "price an allocation under a pricing profile, beside the AWS price of the same (offline)",
    options: {
      profile: { type: "string", valueName: pricingProfileNames.join("|"), description: "pricing profile", required: true, schema: z.enum(pricingProfileNames) },
      cpu: { type: "string", valueName: "cores", description: "CPU cores, e.g. 0.5", required: true, schema: numberText(z.number().nonnegative()) },
      "memory-gib": { type: "string", valueName: "GiB", description: "memory in GiB", required: true, schema: numberText(z.number().nonnegative()) },
      hours: { type: "string", valueName: "h", description: "hours", required: true, schema: numberText(z.number().positive()) },
      requests: { type: "string", valueName: "n", description: "requests served, for a per-million-requests figure", schema: numberText(z.number().int().nonnegative()) },
      "storage-gib": { type: "string", valueName: "GB", description: "persistent storage in GB", schema: numberText(z.number().nonnegative()) },
    },
    positionals: [],
    run: ({ options, output }) => {
      const { cpu, "memory-gib": memoryGiB, "storage-gib": storageGiB, ...rest } = options;
      output.out(json(priceAllocation({ ...rest, cpuCores: cpu, memoryGiB, storageGiB: storageGiB ?? 0 })));
    },
  }),
  defineCommand({
    words: "charts check",
    summary: "render every pinned Helm release with the lab's values on the real helm: lint --strict, values keys the chart does not know, schema-checked output, no CPU limits, the Services and Secrets the lab connects to",
    options: {
      all: { type: "boolean", description: "every stack (the default when no stack is given)" },
      cluster: { type: "string", valueName: clusterStackNames.join("|"), description: "plan the stacks on this cluster stack instead of their files' lab:cluster", schema: z.enum(clusterStackNames) },
      "chart-dir": { type: "string", valueName: "DIR", description: "render chart sources from DIR/<chart>-<version> or DIR/<chart> instead of pulling them from their repositories" },
      plan: { type: "string", valueName: "plan.json", description: "take the releases from an earlier `lab plan --json` instead of planning" },
      json: { type: "boolean", description: "one JSON document on stdout" },
    },
    positionals: [{ name: "stacks", description: "stacks whose releases to render (default: all)", multiple: true, choices: stackNames }],
    run: ({ options, positionals, output }) =>
      runChartsCheck(
        { projectDir, stacks: options.all || positionals.stacks.length === 0 ? [...stackNames] : positionals.stacks, cluster: options.cluster, planFile: options.plan, chartDir: options["chart-dir"], json: options.json },
        output,
      ),
  }),
  defineCommand({
    words: "bench --local metrics",
    summary: "phase-03 on loopback: Prometheus then VictoriaMetrics (Debian packages) scraping the lab's series generator and node_exporter, the ingestion and PromQL query definitions run on each, side by side",
    options: {
      "metric-count": wholeNumber("n", "generator gauges (default 100)"),
      "series-count": wholeNumber("n", "series per gauge (default 100)"),
      "series-interval": wholeNumber("seconds", "churn: every series replaced this often (default 3600)"),
      "scrape-interval": { type: "string", valueName: "duration", description: "both backends' scrape interval (default 5s)" },
      warmup: seconds("scraping before the window (default 20)"),
      window: wholeNumber("seconds", "measured ingestion window (default 30)"),
      rate: wholeNumber("queries/s", "PromQL queries per second over the four classes (default 20)"),
      "query-seconds": wholeNumber("seconds", "measured query window (default 10)"),
      pricing: { type: "string", valueName: pricingProfileNames.join("|"), description: "pricing profile for the cost figures (default aws)", schema: z.enum(pricingProfileNames) },
      json: { type: "boolean", description: "print the whole run as JSON instead of the table" },
    },
    positionals: [],
    run: async ({ options, output }) => {
      const run = await benchLocalMetrics(
        {
          ingestion: {
            generator: { metricCount: options["metric-count"] ?? 100, seriesCount: options["series-count"] ?? 100, seriesInterval: options["series-interval"] ?? 3600, valueInterval: 5 },
            scrapeInterval: options["scrape-interval"] ?? "5s",
            warmupSeconds: options.warmup ?? 20,
            windowSeconds: options.window ?? 30,
          },
          queries: { rate: options.rate ?? 20, durationSeconds: options["query-seconds"] ?? 10, warmupSeconds: 2, rangeSeconds: 60, stepSeconds: 5 },
          pricing: options.pricing,
        },
        (line) => output.err(line),
      );
      output.out(options.json ? json(run) : run.table);
    },
  }),
  defineCommand({
    words: "bench --local messaging",
    summary: "phase-08 on loopback: Kafka (KRaft) then RabbitMQ, each with its own load tools through the cluster Jobs' scripts and parsers, the same steps one broker at a time, side by side",
    // Number checks here are only "a number": bounds, increasing rates and broker names are the
    // definition's, so they are refused by its schema under the definition's keys.
    options: {
      rates: { type: "string", valueName: "msg/s,msg/s,...", description: `throughput steps, increasing (default ${localMessagingDefaults.rates.join(",")})`, schema: listText(numberText(z.number()), "numbers") },
      duration: { type: "string", valueName: "seconds", description: `measured run of each step (default ${localMessagingDefaults.durationSeconds})`, schema: numberText(z.number()) },
      warmup: { type: "string", valueName: "seconds", description: `publishing before each measured run (default ${localMessagingDefaults.warmupSeconds})`, schema: numberText(z.number()) },
      "message-bytes": { type: "string", valueName: "bytes", description: `one message, the CloudEvents envelope padded (default ${localMessagingDefaults.messageBytes})`, schema: numberText(z.number()) },
      brokers: { type: "string", valueName: `${brokerNames.join(",")}`, description: `brokers to run, in order (default all; one without a local runner is reported as skipped)`, schema: listText(z.string().min(1), "names") },
      "fan-out-consumers": { type: "string", valueName: "n", description: `consumers each receiving every message (default ${localMessagingDefaults.fanOutConsumers})`, schema: numberText(z.number()) },
      "fan-out-rate": { type: "string", valueName: "msg/s", description: `the fan-out step's rate (default ${localMessagingDefaults.fanOutRate})`, schema: numberText(z.number()) },
      "no-recovery": { type: "boolean", description: "leave out the recovery step (Kafka: broker killed and restarted mid-run)" },
      "recovery-rate": { type: "string", valueName: "msg/s", description: `the recovery step's rate (default ${localMessagingDefaults.recoveryRate})`, schema: numberText(z.number()) },
      "recovery-duration": { type: "string", valueName: "seconds", description: `the recovery step's run (default ${localMessagingDefaults.recoveryDurationSeconds})`, schema: numberText(z.number()) },
      "recovery-kill-after": { type: "string", valueName: "seconds", description: "when the broker is killed, from the producers' start (default a third of the run)", schema: numberText(z.number()) },
      json: { type: "boolean", description: "print the definition, every result and the table as JSON instead of the table" },
    },
    positionals: [],
    run: async ({ options, output }) => {
      const run = await benchLocalMessaging(
        {
          rates: options.rates,
          durationSeconds: options.duration,
          warmupSeconds: options.warmup,
          messageBytes: options["message-bytes"],
          brokers: options.brokers,
          fanOutConsumers: options["fan-out-consumers"],
          fanOutRate: options["fan-out-rate"],
          recovery: !options["no-recovery"],
          recoveryRate: options["recovery-rate"],
          recoveryDurationSeconds: options["recovery-duration"],
          recoveryKillAfterSeconds: options["recovery-kill-after"],
        },
        (line) => output.err(line),
      );
      output.out(options.json ? json(run) : run.table);
      // A broker whose run broke is an error of the command, not a row left out.
      return run.outcomes.some((o) => o.status === "failed") ? 1 : 0;
    },
  }),
  defineCommand({
    words: "compare",
    summary: "two archived runs (results/<stack>/*.json) benchmark by benchmark like benchstat: medians, spread, delta %, Mann-Whitney U significance, caveats",
    options: {
      format: { type: "string", valueName: comparisonFormats.join("|"), description: "output format (default text)", schema: z.enum(comparisonFormats) },
    },
    positionals: [
      { name: "run-a", description: "the earlier run: a file path or <stack>/<file> under results/", required: true },
      { name: "run-b", description: "the later run, the same way", required: true },
    ],
    run: ({ options, positionals, output }) => output.out(runCompare(projectDir, positionals["run-a"], positionals["run-b"], options.format ?? "text")),
  }),
  defineCommand({
    words: "report",
    summary: "the stacks' benchmark figures, comparisons, charts and costs from `pulumi stack output` (secrets hidden) as HTML, Markdown or JSON",
    options: {
      all: { type: "boolean", description: "every phase stack" },
      format: { type: "string", valueName: reportFormats.join("|"), description: "output format (default: from --out's extension, else md)", schema: z.enum(reportFormats) },
      out: { type: "string", valueName: "FILE", description: "write the report to FILE instead of stdout" },
      save: { type: "boolean", description: "also archive each stack's outputs to results/<stack>/<timestamp>-<runId>.json (lab compare reads them)" },
      history: { type: "string", valueName: "stack", description: "list the stack's archived runs instead of reporting", schema: z.enum(phaseStackNames) },
    },
    positionals: [{ name: "stacks", description: "stacks to report on (or --all)", multiple: true, choices: stackNames }],
    run: ({ options, positionals, output }) => {
      if (options.history) return output.out(formatHistory(options.history, listRuns(projectDir, options.history)));
      const stacks = options.all ? [...phaseStackNames] : positionals.stacks;
      if (stacks.length === 0) throw new Error(`report needs a stack or --all; stacks: ${stackNames.join(", ")}`);
      const read = pulumiStackOutputReader(projectDir);
      const now = new Date();
      // --save archives exactly the outputs the report shows, as they were read.
      const reader = options.save
        ? archivingReader(read, (stack, outputs) => output.err(`run archived to ${path.relative(projectDir, saveStackOutputs({ projectDir, stack, outputs, now }))}`))
        : read;
      return runReport({ stacks, format: options.format, outFile: options.out, now }, reader, output);
    },
  }),
];
