import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parsePricingConfig, resolvePricingProfile } from "../../finops/profiles";
import { withMetricsCost } from "../../finops/metricsCost";
import type { PricingProfileName } from "../../lib/profileNames";
import type { MetricsBackend } from "../../lib/metricsResult";
import { k6JobScript } from "../job/jobScripts";
import type { BenchmarkOutcome } from "../job/outcome";
import { compareMetricsBackends, formatMetricsComparison, type BackendRun, type MetricsComparisonRow } from "../metrics/comparison";
import { activeSeriesOf, type IngestionDefinition, type QueryDefinition } from "../metrics/definitions";
import { generateIngestionScript, ingestionJobScript } from "../metrics/ingestionScript";
import { parseIngestionJobLog } from "../metrics/ingestionLog";
import { generatePromqlK6Script, promqlLoadDefinition } from "../metrics/promqlScript";
import { parsePromqlJobLog } from "../metrics/promqlLog";
import { startSeriesGenerator } from "../metrics/seriesGenerator";
import { execBounded } from "./exec";
import { scrapeConfigYaml, startMetricsBackend, startNodeExporter, type LocalDaemon } from "./localMetricsBackends";
import { requireK6 } from "./runLocalK6";

/**
 * `lab bench --local metrics`: the ingestion definition and the PromQL query definition run
 * against Prometheus and then VictoriaMetrics on loopback, one backend at a time (so neither
 * steals CPU from the other), each scraping a fresh lab generator and the same node_exporter with
 * one scrape config. Both measurements run the very k6 scripts the cluster Jobs run, through
 * their runner scripts, and their logs go through the same parsers as the Jobs' logs. Everything
 * started here is stopped and its data removed, whatever happens.
 */
export interface LocalMetricsOptions {
  readonly ingestion: IngestionDefinition;
  readonly queries: QueryDefinition;
  readonly pricing?: PricingProfileName;
  readonly onStep?: (line: string) => void;
}

export interface LocalBackendRun extends BackendRun {
  readonly version: string;
  /** Series the generator served (its own count), beside the backend's answers. */
  readonly generatorActiveSeries: number;
  readonly ingestionLog: string;
  readonly queryLog: string;
}

export interface LocalMetricsRun {
  readonly k6Version: string;
  readonly nodeExporterVersion: string;
  readonly runs: LocalBackendRun[];
  readonly comparison: MetricsComparisonRow[];
  readonly table: string;
}

async function runScript(dir: string, k6: string, runner: string, files: Record<string, string>, timeoutMs: number): Promise<string> {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, "runner.sh"), runner);
  const env = { ...process.env, PATH: `${dirname(k6)}:${process.env.PATH ?? ""}`, JOB_COMPLETION_INDEX: "0" };
  return (await execBounded(["sh", "-c", `sh "${join(dir, "runner.sh")}" 2>&1`], { env, cwd: dir, timeoutMs })).stdout;
}

function required(outcome: BenchmarkOutcome, what: string, log: string): BenchmarkOutcome {
  if (outcome.status === "failed") throw new Error(`${what} failed: ${outcome.reason}\n${log.slice(-1500)}`);
  return outcome;
}

async function runBackend(backend: MetricsBackend, nodeExporter: LocalDaemon, options: LocalMetricsOptions, k6: string, unitPrices: ReturnType<typeof resolvePricingProfile>["unitPrices"]): Promise<LocalBackendRun> {
  const { ingestion, queries } = options;
  const generator = await startSeriesGenerator(ingestion.generator);
  const scripts = mkdtempSync(join(tmpdir(), "lab-metrics-scripts-"));
  let daemon: LocalDaemon | undefined;
  try {
    const scrape = scrapeConfigYaml(ingestion.scrapeInterval, { generator: new URL(generator.url).host, node: new URL(nodeExporter.url).host });
    daemon = await startMetricsBackend(backend, scrape);
    options.onStep?.(`${backend} ${daemon.version} at ${daemon.url}: ${ingestion.warmupSeconds} s warm-up, ${ingestion.windowSeconds} s window`);
    const ingestLog = await runScript(
      scripts,
      k6,
      ingestionJobScript({ scripts }),
      { "ingest.js": generateIngestionScript(ingestion, { backend, backendUrl: daemon.url, generatorUrl: generator.url }) },
      (ingestion.warmupSeconds + ingestion.windowSeconds + 180) * 1000,
    );
    // du of the data directory right after the window: the same measure for both backends, and
    // the only one that sees Prometheus' WAL and head chunks.
    const du = await execBounded(["du", "-sb", daemon.dataDir], { timeoutMs: 30_000 });
    const diskBytes = Number(du.stdout.split(/\s/)[0]);
    const ingestOutcome = required(
      parseIngestionJobLog(ingestLog, { backend, target: daemon.url, backendVersion: daemon.version, measuredDiskBytes: { value: diskBytes, source: "du -sb of the data directory after the window" } }),
      `${backend} ingestion`,
      ingestLog,
    );
    options.onStep?.(`${backend}: ${ingestOutcome.ingestion!.samplesPerSecond.value.toFixed(0)} samples/s, ${ingestOutcome.ingestion!.activeSeries.value} active series; querying at ${queries.rate}/s for ${queries.durationSeconds} s`);
    const load = promqlLoadDefinition(queries, daemon.url);
    const queryLog = await runScript(scripts, k6, k6JobScript(load, { scripts }), { "script.js": generatePromqlK6Script(queries, daemon.url) }, (queries.warmupSeconds + queries.durationSeconds + 90) * 1000);
    const queryOutcome = required(parsePromqlJobLog(queryLog, { backend, target: daemon.url }), `${backend} queries`, queryLog);
    const withCost = withMetricsCost({ ingestion: ingestOutcome.ingestion!, queries: queryOutcome.result, unitPrices });
    return {
      backend,
      version: daemon.version,
      generatorActiveSeries: generator.activeSeries(),
      ingestion: withCost,
      queries: { overall: queryOutcome.result!, classes: queryOutcome.queryClasses! },
      ingestionLog: ingestLog,
      queryLog,
    };
  } finally {
    await daemon?.stop();
    await generator.stop();
    rmSync(scripts, { recursive: true, force: true });
  }
}

export async function runLocalMetrics(options: LocalMetricsOptions): Promise<LocalMetricsRun> {
  const k6 = requireK6();
  const k6Version = (await execBounded([k6, "version"], { timeoutMs: 10_000 })).stdout.split("\n")[0].trim();
  const profile = options.pricing ?? "aws";
  const { unitPrices } = resolvePricingProfile(parsePricingConfig({ profile }));
  const nodeExporter = await startNodeExporter();
  const runs: LocalBackendRun[] = [];
  try {
    for (const backend of options.ingestion.backends) runs.push(await runBackend(backend, nodeExporter, options, k6, unitPrices));
  } finally {
    await nodeExporter.stop();
  }
  const comparison = compareMetricsBackends(runs);
  const names = runs.map((r) => r.backend);
  const checks = runs.map(
    (r) =>
      `${r.backend}: generator served ${r.generatorActiveSeries} series (lab count ${r.ingestion.seriesCheck.generatorSeries} lines), PromQL ${r.ingestion.seriesCheck.promql} = ${r.ingestion.seriesCheck.storedSeriesByPromql}, self-reported ${r.ingestion.activeSeries.value} (${r.ingestion.activeSeries.source}, node_exporter's series included)`,
  );
  const i = options.ingestion;
  const table = [
    `k6: ${k6Version}; node_exporter ${nodeExporter.version}; ${runs.map((r) => `${r.backend} ${r.version}`).join("; ")}`,
    `ingestion: ${activeSeriesOf(i.generator)} generator series (${i.generator.metricCount} × ${i.generator.seriesCount}, churn every ${i.generator.seriesInterval} s) + node_exporter, scrape ${i.scrapeInterval}, ${i.warmupSeconds} s warm-up, ${i.windowSeconds} s window`,
    `queries: ${options.queries.rate}/s for ${options.queries.durationSeconds} s over 4 classes, range ${options.queries.rangeSeconds} s step ${options.queries.stepSeconds} s; pricing ${profile}`,
    ...checks,
    "",
    formatMetricsComparison(comparison, names),
  ].join("\n");
  return { k6Version, nodeExporterVersion: nodeExporter.version, runs, comparison, table };
}
