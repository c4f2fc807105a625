import vm from "node:vm";
import { httpLoadDefinitionSchema, type HttpLoadDefinitionInput } from "../../benchmarks/definitions";
import { parseOrExplain } from "../../lib/configErrors";
import { bucketIndex, histogramOf, HISTOGRAM_BUCKETS } from "../../benchmarks/k6/histogram";
import { generateK6Script, K6_SUMMARY_MARKER, measuredMetricKey } from "../../benchmarks/k6/script";
import { extractK6SummaryData } from "../../benchmarks/k6/summary";
import { syntheticLatencies } from "./k6SummaryBuilder";

/**
 * Evaluate the generated script in a Node vm with stub k6 modules: the ES imports/exports are
 * rewritten to plain bindings (k6 itself cannot run here). Proves the script parses, builds the
 * scenarios and thresholds, records into the right buckets and prints the marked summary line.
 */
function loadScript(input: HttpLoadDefinitionInput, durations: number[] = []) {
  const source = generateK6Script(parseOrExplain(httpLoadDefinitionSchema, input, "h"));
  const exported: string[] = [];
  const rewritten = source
    .replace('import http from "k6/http";', 'const http = __k6["k6/http"];')
    .replace('import { Counter } from "k6/metrics";', 'const { Counter } = __k6["k6/metrics"];')
    .replace(/^export const (\w+)/gm, (_m, n: string) => (exported.push(n), `const ${n}`))
    .replace(/^export function (\w+)/gm, (_m, n: string) => (exported.push(n), `function ${n}`));
  expect(rewritten).not.toMatch(/^\s*(import|export)\b/m);
  const counters = new Map<string, number>();
  const requests: unknown[][] = [];
  let next = 0;
  const k6 = {
    "k6/http": { request: (...args: unknown[]) => (requests.push(args), { status: 200, timings: { duration: durations[next++ % Math.max(1, durations.length)] ?? 1 } }) },
    "k6/metrics": {
      Counter: class {
        constructor(readonly name: string) {
          counters.set(name, 0);
        }
        add(v: number) {
          counters.set(this.name, (counters.get(this.name) ?? 0) + v);
        }
      },
    },
  };
  const context = vm.createContext({ __k6: k6, __exports: {} as Record<string, unknown>, JSON, Math, Date, Object });
  vm.runInContext(`${rewritten}\n${exported.map((n) => `__exports.${n} = ${n};`).join("\n")}`, context, { filename: "generated-k6.js" });
  return { source, exports: context.__exports as Record<string, any>, counters, requests };
}

describe("generated k6 script", () => {
  const def = { url: "http://podinfo.apps:9898/api", rate: 200, durationSeconds: 60, warmupSeconds: 10, preAllocatedVUs: 20, maxVUs: 200, thresholds: { http_req_duration: ["p(99)<500"], "http_req_failed": ["rate<0.01"] } };

  test("open-model scenarios: warm-up first, measured after it", () => {
    const { exports } = loadScript(def);
    expect(exports.options.scenarios).toEqual({
      warmup: { executor: "constant-arrival-rate", rate: 200, duration: "10s", exec: "warmup", startTime: "0s", timeUnit: "1s", preAllocatedVUs: 20, maxVUs: 200 },
      measure: { executor: "constant-arrival-rate", rate: 200, duration: "60s", exec: "measure", startTime: "10s", timeUnit: "1s", preAllocatedVUs: 20, maxVUs: 200 },
    });
    expect(exports.options.summaryTrendStats).toEqual(["avg", "min", "med", "max", "p(90)", "p(95)", "p(99)"]);
    expect(typeof exports.warmup).toBe("function");
    expect(typeof exports.measure).toBe("function");
  });

  test("thresholds apply to measured requests only, and measured submetrics always exist", () => {
    const { exports } = loadScript(def);
    expect(exports.options.thresholds).toEqual({
      "http_req_duration{scenario:measure}": ["p(99)<500"],
      "http_reqs{scenario:measure}": [],
      "http_req_failed{scenario:measure}": ["rate<0.01"],
      "iterations{scenario:measure}": [],
      "iteration_duration{scenario:measure}": [],
      "dropped_iterations{scenario:measure}": [],
    });
    expect(measuredMetricKey("http_req_duration{expected_response:true}")).toBe("http_req_duration{expected_response:true,scenario:measure}");
  });

  test("ramping executor with stages; warm-up stays constant at the start rate", () => {
    const { exports } = loadScript({ url: "http://x/", executor: "ramping-arrival-rate", rate: 5, stages: [{ durationSeconds: 30, target: 100 }], warmupSeconds: 0 });
    expect(Object.keys(exports.options.scenarios)).toEqual(["measure"]);
    expect(exports.options.scenarios.measure).toMatchObject({ executor: "ramping-arrival-rate", startRate: 5, stages: [{ duration: "30s", target: 100 }], startTime: "0s" });
  });

  test("measure() counts each request into the bucket the merger expects; warmup() records nothing", () => {
    const samples = [0.05, 0.1, 0.1001, 1, 2.5, 99.9, 1234.5, 59999, 120000, ...syntheticLatencies(500, 7, 3)];
    const { exports, counters, requests } = loadScript({ ...def, method: "POST", body: '{"a":1}', headers: { "content-type": "application/json" } }, samples);
    expect(counters.size).toBe(HISTOGRAM_BUCKETS);
    exports.warmup();
    expect([...counters.values()].every((v) => v === 0)).toBe(true);
    for (let i = 1; i < samples.length; i++) exports.measure();
    exports.measure(); // wraps to samples[0] after the warmup consumed it
    const fromScript = new Array(HISTOGRAM_BUCKETS).fill(0);
    for (const [name, v] of counters) fromScript[Number(name.replace("lab_latency_bucket_", ""))] = v;
    expect(fromScript).toEqual(histogramOf(samples));
    expect(bucketIndex(120000)).toBe(HISTOGRAM_BUCKETS - 1);
    expect(requests[0]).toEqual(["POST", "http://podinfo.apps:9898/api", '{"a":1}', { headers: { "content-type": "application/json" } }]);
  });

  test("handleSummary prints one marked line the parser finds among other log lines", () => {
    const { exports } = loadScript(def);
    const out = exports.handleSummary({ metrics: {}, state: { testRunDurationMs: 70010 } });
    expect(Object.keys(out)).toEqual(["stdout"]);
    expect(out.stdout.startsWith(K6_SUMMARY_MARKER)).toBe(true);
    expect(out.stdout.endsWith("\n")).toBe(true);
    expect(out.stdout.split("\n")).toHaveLength(2);
    const log = `k6 v1.0.0 (go1.24.2, linux/amd64)\nrunning (1m10.0s), 000/200 VUs\n${out.stdout}time="..." level=info msg="done"\n`;
    const { data, line } = extractK6SummaryData(log);
    expect(line).toBe(3);
    expect(data.lab).toMatchObject({ target: "http://podinfo.apps:9898/api", measureSeconds: 60, warmupSeconds: 10, executor: "constant-arrival-rate" });
    expect(typeof (data.lab as { summaryAt: string }).summaryAt).toBe("string");
  });
});
