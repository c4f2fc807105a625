import type { SeriesGenerator } from "./definitions";

/**
 * The shape avalanche v0.5.0 serves (metrics/serve.go at tag v0.5.0, commit 8494cab), which the
 * lab's own generator (seriesGenerator.ts) copies so the queries, the independent counts and the
 * figures mean the same whichever of the two is scraped.
 */

/** `avalanche_metric_mmmmm_<metricCycle>_<index>` (serve.go registerMetrics). */
export function avalancheMetricName(g: Pick<SeriesGenerator, "metricNameLength">, metricCycle: number, index: number): string {
  return `avalanche_metric_${"m".repeat(g.metricNameLength)}_${metricCycle}_${index}`;
}

/** The constant labels: `label_key_kkkkk_<i>="label_val_vvvvv_<i>"` (serve.go main). */
export function avalancheConstantLabels(g: Pick<SeriesGenerator, "labelCount" | "labelNameLength">): Array<[string, string]> {
  return Array.from({ length: g.labelCount }, (_, i) => [`label_key_${"k".repeat(g.labelNameLength)}_${i}`, `label_val_${"v".repeat(g.labelNameLength)}_${i}`]);
}

/** Matches every generated series and nothing else a backend scrapes (node_exporter, itself). */
export const generatedSeriesSelector = '{__name__=~"avalanche_metric_.+"}';

/** The independent count of stored generator series the ingestion run asks each backend for. */
export const storedSeriesPromql = `count(${generatedSeriesSelector})`;

/**
 * avalanche's argv for the pinned image (components/charts.ts images.avalanche): the flags exist at
 * v0.5.0 (cmd/avalanche.go kingpin.Flag list); later releases renamed some (v0.6.0 moved to
 * --gauge-metric-count), which is why the image is pinned with its flags here.
 */
export function avalancheArgs(g: SeriesGenerator): string[] {
  return [
    `--metric-count=${g.metricCount}`,
    `--series-count=${g.seriesCount}`,
    `--label-count=${g.labelCount}`,
    `--metricname-length=${g.metricNameLength}`,
    `--labelname-length=${g.labelNameLength}`,
    `--value-interval=${g.valueInterval}`,
    `--series-interval=${g.seriesInterval}`,
    `--metric-interval=${g.metricInterval}`,
    `--port=${g.port}`,
  ];
}
