import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseExposition, sumOf } from "../../benchmarks/metrics/exposition";
import { readSelfSnapshot } from "../../benchmarks/metrics/selfMetrics";

const fixture = (name: string) => readFileSync(join(__dirname, "../fixtures/metrics", name), "utf8");

describe("the text exposition parser", () => {
  it("reads names, escaped labels, exponents and special values", () => {
    const s = parseExposition('# HELP x y\na 1.5e+03\nb{k="v\\"q",j="2"} +Inf 1700000000000\nc{} NaN\n');
    expect(s).toHaveLength(3);
    expect(s[0]).toEqual({ name: "a", labels: {}, value: 1500 });
    expect(s[1]).toEqual({ name: "b", labels: { k: 'v"q', j: "2" }, value: Infinity });
    expect(Number.isNaN(s[2].value)).toBe(true);
  });

  it("names the line it cannot read", () => {
    expect(() => parseExposition("ok 1\nbroken{ 2\n")).toThrow('exposition line 2: expected "name{labels} value", got "broken{ 2"');
  });

  it("sums a metric over the label sets that match", () => {
    const s = parseExposition('m{type="a"} 2\nm{type="b"} 3\n');
    expect(sumOf(s, "m")).toBe(5);
    expect(sumOf(s, "m", { type: "b" })).toBe(3);
    expect(sumOf(s, "absent")).toBeNull();
  });
});

describe("self-metrics snapshots of the real servers' /metrics", () => {
  it("Prometheus 2.42.0: head series, samples appended (float + histogram), CPU, RSS; no disk figure before the first block", () => {
    const s = readSelfSnapshot("prometheus", fixture("prometheus-2.42-metrics.txt"));
    expect(s).toMatchObject({
      version: "2.42.0+ds",
      activeSeries: 512,
      samplesTotal: 1536 + 0,
      cpuSecondsTotal: 0.07,
      rssBytes: 45_498_368,
      diskBytes: null,
    });
    expect(s.diskNote).toContain("Prometheus 2.42 exposes no WAL size");
  });

  it("VictoriaMetrics 1.79.5: hour_metric_ids, rows added to storage, the three data parts summed", () => {
    const s = readSelfSnapshot("victoriametrics", fixture("victoriametrics-1.79-metrics.txt"));
    expect(s).toMatchObject({
      // Debian's build leaves vm_app_version's labels empty
      version: null,
      activeSeries: 513,
      samplesTotal: 3078,
      cpuSecondsTotal: 0.15000000000000002,
      rssBytes: 30_789_632,
      // indexdb 58562 + storage/big 0 + storage/small 36639
      diskBytes: 95_201,
    });
  });

  it("refuses another server's metrics, naming what is missing", () => {
    expect(() => readSelfSnapshot("victoriametrics", fixture("prometheus-2.42-metrics.txt"))).toThrow(
      'victoriametrics self-metrics: no vm_cache_entries{type="storage/hour_metric_ids"} (is this the victoriametrics /metrics endpoint?)',
    );
  });
});
