import { join } from "node:path";
import { lab, labJson } from "../helpers/lab";

const fixture = (name: string) => join(__dirname, "../fixtures/metrics", name);

describe("lab parse job-log for the metrics Jobs (what BenchmarkJob's log reader runs)", () => {
  it("--tool metrics-ingest: the ingestion outcome with its units", async () => {
    const o = await labJson("parse", "job-log", "--tool", "metrics-ingest", "--backend", "victoriametrics", "--target", "victoriametrics", fixture("victoriametrics-ingestion.log"));
    expect(o.status).toBe("passed");
    expect(o.ingestion.samplesIngested).toEqual({ value: 7595, unit: "samples", source: "vm_rows_added_to_storage_total, end − start" });
  });

  it("--tool promql: the mix and its four classes", async () => {
    const o = await labJson("parse", "job-log", "--tool", "promql", "--backend", "prometheus", "--target", "prometheus", fixture("prometheus-queries.log"));
    expect(o.result.count).toBe(101);
    expect(o.queryClasses).toHaveLength(4);
  });

  it("refuses a metrics tool without its backend", async () => {
    const run = await lab("parse", "job-log", "--tool", "promql", "--target", "t", fixture("prometheus-queries.log"));
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("--tool promql needs --backend (prometheus or victoriametrics)");
  });

  it("bench --local metrics refuses a scrape interval that is not a duration before starting anything", async () => {
    const run = await lab("bench", "--local", "metrics", "--scrape-interval", "15");
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('bench --local metrics ingestion.scrapeInterval: got "15", expected a duration');
  });
});
