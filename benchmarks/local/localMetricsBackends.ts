import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MetricsBackend } from "../../lib/metricsResult";
import { execBounded, stopChild } from "./exec";
import { freeLoopbackPort } from "./localPostgres";
import { findDaemon } from "./loopbackProxies";
import { victoriaMetricsLatencyOffset } from "../metrics/backendFlags";

/**
 * The real metrics servers for the local proof, from Debian's packages (Prometheus 2.42,
 * VictoriaMetrics 1.79, node_exporter 1.5): each our child, on 127.0.0.1 at a free port, its data
 * in a throwaway directory removed when it stops. Both backends read the same scrape config file
 * (VictoriaMetrics' -promscrape.config takes Prometheus' format), so they scrape the same targets
 * at the same interval by construction.
 */
export interface LocalDaemon {
  readonly url: string;
  readonly version: string;
  /** The data directory (for du). */
  readonly dataDir: string;
  stop(): Promise<void>;
}

export const metricsBinaries = { prometheus: "prometheus", victoriametrics: "victoria-metrics", nodeExporter: "prometheus-node-exporter" } as const;

/** Which of the binaries the local proof needs is missing, or null (test/helpers/realTool.ts's reason). */
export function missingMetricsTools(): string | null {
  const missing = Object.values(metricsBinaries).filter((b) => findDaemon(b) === null);
  return missing.length === 0 ? null : `${missing.join(", ")} not installed (Debian packages prometheus, victoria-metrics, prometheus-node-exporter)`;
}

/** The scrape config both backends read: every target, one interval, timeout = interval (Prometheus refuses a longer one). */
export function scrapeConfigYaml(scrapeInterval: string, targets: Record<string, string>): string {
  const jobs = Object.entries(targets).map(([job, hostPort]) => `  - job_name: ${job}\n    static_configs:\n      - targets: ["${hostPort}"]`);
  return [`global:`, `  scrape_interval: ${scrapeInterval}`, `  scrape_timeout: ${scrapeInterval}`, `scrape_configs:`, ...jobs, ""].join("\n");
}

async function waitReady(url: string, exited: () => string | null, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const gone = exited();
    if (gone) throw new Error(`exited (${gone}) before it was ready:\n${output().slice(-1500)}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`not ready at ${url} within ${timeoutMs} ms:\n${output().slice(-1500)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function startDaemon(name: string, argvFor: (port: number, dir: string) => string[], readyPath: string, version: string, timeoutMs = 30_000): Promise<LocalDaemon> {
  const dir = mkdtempSync(join(tmpdir(), `lab-${name}-`));
  const port = await freeLoopbackPort();
  const argv = argvFor(port, dir);
  const child = spawn(argv[0], argv.slice(1), { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (output = (output + d).slice(-20_000)));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (output = (output + d).slice(-20_000)));
  const exited = () => (child.exitCode !== null ? `code ${child.exitCode}` : child.signalCode !== null ? child.signalCode : null);
  const stop = async () => {
    // Both flush their head/in-memory parts on SIGTERM: give them time before SIGKILL.
    await stopChild(child, 10_000);
    rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(`${url}${readyPath}`, exited, () => output, timeoutMs);
  } catch (e) {
    await stop();
    throw new Error(`${name}: ${(e as Error).message}`);
  }
  return { url, version, dataDir: join(dir, "data"), stop };
}

function binary(name: string): string {
  const path = findDaemon(name);
  if (!path) throw new Error(`${name} not found on PATH or in /usr/sbin (run scripts/install-bench-tools.sh)`);
  return path;
}

async function versionLine(argv: string[], pattern: RegExp, fallback: string): Promise<string> {
  const run = await execBounded(argv, { timeoutMs: 10_000, allowFailure: true });
  return pattern.exec(run.stdout + run.stderr)?.[1] ?? fallback;
}

export async function startNodeExporter(): Promise<LocalDaemon> {
  const bin = binary(metricsBinaries.nodeExporter);
  const version = await versionLine([bin, "--version"], /node_exporter, version (\S+)/, "unknown");
  return startDaemon("node-exporter", (port) => [bin, `--web.listen-address=127.0.0.1:${port}`], "/metrics", version);
}

/** One backend scraping what `scrapeConfig` lists; its data in a fresh directory. */
export async function startMetricsBackend(backend: MetricsBackend, scrapeConfig: string): Promise<LocalDaemon> {
  if (backend === "prometheus") {
    const bin = binary(metricsBinaries.prometheus);
    const version = await versionLine([bin, "--version"], /prometheus, version (\S+)/, "unknown");
    return startDaemon(
      "prometheus",
      (port, dir) => {
        writeFileSync(join(dir, "scrape.yml"), scrapeConfig);
        return [bin, `--config.file=${join(dir, "scrape.yml")}`, `--storage.tsdb.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`];
      },
      "/-/ready",
      version,
    );
  }
  const bin = binary(metricsBinaries.victoriametrics);
  // Debian's build prints an empty version; the package's is what was installed.
  const pkg = await execBounded(["dpkg-query", "-W", "-f=${Version}", "victoria-metrics"], { timeoutMs: 10_000, allowFailure: true });
  const version = pkg.code === 0 && pkg.stdout.trim() ? `${pkg.stdout.trim()} (Debian package)` : "unknown";
  return startDaemon(
    "victoria-metrics",
    (port, dir) => {
      writeFileSync(join(dir, "scrape.yml"), scrapeConfig);
      return [bin, `-httpListenAddr=127.0.0.1:${port}`, `-storageDataPath=${join(dir, "data")}`, `-promscrape.config=${join(dir, "scrape.yml")}`, `-search.latencyOffset=${victoriaMetricsLatencyOffset}`];
    },
    "/health",
    version,
  );
}
