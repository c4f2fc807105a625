/**
 * The fixed PromQL mix of the query benchmark, by class: instant or range, light (one metric's
 * series) or heavy (every generated series). Written against the generator's shape (avalanche's
 * names), so the same four queries mean the same on both backends and always have data to return;
 * the metric cycle in the name is matched, not assumed, so a metricInterval churn does not empty them.
 * The `[1m]` window needs two samples: scrape intervals up to 30 s.
 */
export const queryClasses = ["instant-light", "instant-heavy", "range-light", "range-heavy"] as const;
export type QueryClass = (typeof queryClasses)[number];

export interface PromqlQuery {
  readonly class: QueryClass;
  readonly kind: "instant" | "range";
  readonly query: string;
}

const oneMetric = '{__name__=~"avalanche_metric_m+_[0-9]+_0"}';
const everyMetric = '{__name__=~"avalanche_metric_.+"}';

export const promqlQueries: readonly PromqlQuery[] = [
  { class: "instant-light", kind: "instant", query: `sum(${oneMetric})` },
  { class: "instant-heavy", kind: "instant", query: `count by (series_id) (${everyMetric})` },
  { class: "range-light", kind: "range", query: `avg_over_time(${oneMetric.replace("}", ',series_id="0"}')}[1m])` },
  // Not `avg_over_time` over every metric: it drops the names, and Prometheus 2.42 then refuses
  // the colliding label sets (HTTP 422, "vector cannot contain metrics with the same labelset",
  // seen on the real server) while VictoriaMetrics answers, which would compare an error with work.
  { class: "range-heavy", kind: "range", query: `max by (series_id) (${everyMetric})` },
];
