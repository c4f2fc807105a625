import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parsePromqlJobLog } from "../../benchmarks/metrics/promqlLog";
import { promqlQueries } from "../../benchmarks/metrics/promqlQueries";

const fixture = (name: string) => readFileSync(join(__dirname, "../fixtures/metrics", name), "utf8");

/** The fixture with one class's empty-answer counter set (the shape k6 writes; the count is ours). */
function withEmpty(log: string, cls: string, count: number): string {
  return log
    .split("\n")
    .map((line) => {
      if (!line.startsWith("LAB_K6_SUMMARY ")) return line;
      const data = JSON.parse(line.slice("LAB_K6_SUMMARY ".length));
      data.metrics[`lab_promql_empty{class:${cls},scenario:measure}`].values.count = count;
      return `LAB_K6_SUMMARY ${JSON.stringify(data)}`;
    })
    .join("\n");
}

describe("the PromQL query Job's log, captured from the local run on the real servers", () => {
  it("Prometheus: the mix as one k6 result and each class from its own submetrics", () => {
    const o = parsePromqlJobLog(fixture("prometheus-queries.log"), { backend: "prometheus", target: "http://prometheus:9090" });
    expect(o.status).toBe("passed");
    expect(o.result).toMatchObject({ tool: "k6", count: 101, errors: 0, durationSeconds: 5 });
    expect(o.queryClasses!.map((c) => [c.class, c.count, c.errors])).toEqual([
      ["instant-light", 26, 0],
      ["instant-heavy", 25, 0],
      ["range-light", 25, 0],
      ["range-heavy", 25, 0],
    ]);
    // the classes take turns: they add up to the whole
    expect(o.queryClasses!.reduce((s, c) => s + c.count, 0)).toBe(o.result!.count);
    expect(o.queryClasses![3]).toMatchObject({ query: promqlQueries[3].query, latencyMs: { p50: 11.49501, p95: 46.00091679999997, p99: 57.395922639999974 } });
  });

  it("an empty answer is a failed request of its class and fails the benchmark with the query named", () => {
    const o = parsePromqlJobLog(withEmpty(fixture("victoriametrics-queries.log"), "range-heavy", 3), { backend: "victoriametrics", target: "t" });
    expect(o.status).toBe("failed");
    expect(o.reason).toBe(`empty query results on victoriametrics (the backend holds no data for them): range-heavy: 3 of 25 answers empty for ${promqlQueries[3].query}`);
    expect(o.queryClasses![3]).toMatchObject({ errors: 3, emptyResults: 3 });
    // counted in the mix's errors too, so its cost per query counts only real answers
    expect(o.result!.errors).toBe(3);
  });
});
