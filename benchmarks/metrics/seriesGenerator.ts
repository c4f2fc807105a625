import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { avalancheConstantLabels, avalancheMetricName } from "./avalanche";
import type { SeriesGenerator } from "./definitions";

/**
 * The lab's own series generator for the local proof (avalanche is not served by the Go module
 * proxy here): an HTTP /metrics endpoint in Prometheus text format with avalanche's shape and
 * cycles, driven by the same definition as the cluster's avalanche Deployment. Bound to loopback.
 * Cycles follow the clock (floor(elapsed / interval)) instead of timers, so a scrape always sees
 * one consistent generation and the count of series created is exact.
 */
export interface RunningGenerator {
  readonly url: string;
  /** Series exposed right now (metricCount × seriesCount). */
  activeSeries(): number;
  /** Distinct series exposed since start (churn adds a generation per seriesInterval). */
  seriesCreated(): number;
  stop(): Promise<void>;
}

/** The exposition for one moment: values change every valueInterval, series every seriesInterval. */
export function renderGeneratorMetrics(g: SeriesGenerator, elapsedSeconds: number): string {
  const seriesCycle = Math.floor(elapsedSeconds / g.seriesInterval);
  const metricCycle = Math.floor(elapsedSeconds / g.metricInterval);
  const valueCycle = Math.floor(elapsedSeconds / g.valueInterval);
  const constant = avalancheConstantLabels(g)
    .map(([k, v]) => `,${k}="${v}"`)
    .join("");
  const lines: string[] = [];
  for (let m = 0; m < g.metricCount; m++) {
    const name = avalancheMetricName(g, metricCycle, m);
    lines.push(`# HELP ${name} A tasty metric morsel`, `# TYPE ${name} gauge`);
    for (let s = 0; s < g.seriesCount; s++) {
      // Deterministic 0..99 like avalanche's rand.Intn(100), so a fixture can be re-derived.
      const value = (m * 31 + s * 17 + valueCycle * 7) % 100;
      lines.push(`${name}{cycle_id="${seriesCycle}"${constant},series_id="${s}"} ${value}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

export async function startSeriesGenerator(g: SeriesGenerator, options: { port?: number; now?: () => number } = {}): Promise<RunningGenerator> {
  const now = options.now ?? Date.now;
  const started = now();
  const elapsed = () => (now() - started) / 1000;
  const server: Server = createServer((req, res) => {
    if (req.url !== "/metrics") {
      res.writeHead(404).end("only /metrics\n");
      return;
    }
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" }).end(renderGeneratorMetrics(g, elapsed()));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const active = g.metricCount * g.seriesCount;
  return {
    url: `http://127.0.0.1:${port}/metrics`,
    activeSeries: () => active,
    seriesCreated: () => {
      const e = elapsed();
      // Each (series cycle, metric cycle) pair seen so far is a fresh generation of every series.
      const generations = new Set<string>();
      for (let t = 0; t <= e; t += Math.min(g.seriesInterval, g.metricInterval)) generations.add(`${Math.floor(t / g.seriesInterval)}/${Math.floor(t / g.metricInterval)}`);
      generations.add(`${Math.floor(e / g.seriesInterval)}/${Math.floor(e / g.metricInterval)}`);
      return generations.size * active;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
