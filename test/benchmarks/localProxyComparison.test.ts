import { execFileSync } from "node:child_process";
import { findDaemon } from "../../benchmarks/local/loopbackProxies";
import { findTool } from "../../benchmarks/local/tools";
import { comparisonSchema } from "../../benchmarks/sweep/comparison";
import { lab } from "../helpers/lab";
import { realToolTest } from "../helpers/realTool";

/**
 * Ladder step 3 for phase-04's local proof: `lab bench --local http` for real, short (two 2-s steps
 * per target): the generated k6 script through the Job's runner script, straight at an nginx
 * backend and through nginx and HAProxy, all on 127.0.0.1, all stopped at the end.
 */
const missing = !findTool("k6")
  ? "k6 not found (scripts/install-go-tools.sh k6)"
  : !findDaemon("nginx")
    ? "nginx not found (scripts/install-bench-tools.sh)"
    : !findDaemon("haproxy")
      ? "haproxy not found (scripts/install-bench-tools.sh)"
      : null;

const ourProcesses = () =>
  execFileSync("ps", ["-eo", "args"], { encoding: "utf8" })
    .split("\n")
    .filter((l) => /lab-(nginx|haproxy)-/.test(l));

describe("lab bench --local http", () => {
  test("a sweep that does not increase is refused before anything starts", async () => {
    const run = await lab("bench", "--local", "http", "--step", "200", "--step", "100");
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("stepsPerSecond.1: got 100, expected > 200 (the step before it): steps must strictly increase");
    expect((await lab("bench", "--local", "http", "--proxy", "envoy")).stderr).toContain("--proxy");
  });

  realToolTest(
    "direct, nginx and HAProxy side by side: every request answered, deltas and limits computed, every process stopped",
    missing,
    async () => {
      const run = await lab("bench", "--local", "http", "--step", "100", "--step", "200", "--step-seconds", "2", "--warmup", "1", "--slo-p99-ms", "1000", "--json");
      expect(run.stderr).not.toContain("lab:");
      expect(run.code).toBe(0);
      const out = JSON.parse(run.stdout);
      const c = comparisonSchema.parse(out.comparison);
      expect(c.targets).toEqual(["direct", "nginx", "haproxy"]);
      expect(out.runs.map((r: { software: string }) => r.software)).toEqual([expect.stringMatching(/^nginx\/1\.\d+\.\d+ answering by itself/), expect.stringMatching(/^nginx\/1\./), expect.stringMatching(/^HAProxy version 2\./)]);
      expect(out.k6Version).toMatch(/^k6 v1\.8\.1 /);
      for (const r of out.runs) {
        expect(r.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
        expect(r.steps.map((s: { offeredPerSecond: number }) => s.offeredPerSecond)).toEqual([100, 200]);
        for (const s of r.steps) {
          // Every request got a 2xx through the proxy (a broken proxy answers 502), and k6 offered ~rate x 2 s.
          expect(s.errors).toBe(0);
          expect(s.requests).toBeGreaterThanOrEqual(s.offeredPerSecond * 2 * 0.95);
          expect(s.requests).toBeLessThanOrEqual(s.offeredPerSecond * 2 * 1.02);
          if (r.target !== "direct") expect(s.cost.perMillionRequests.value).toBeGreaterThanOrEqual(0);
        }
      }
      // Added latency exists for each proxy at each step unless k6 saturated (then null with a note).
      for (const proxy of ["nginx", "haproxy"]) {
        for (const a of c.addedLatencyMs[proxy]) expect(a.p50Ms === null ? a.note : typeof a.p99Ms).toBeTruthy();
      }
      expect(c.rows.find((r) => r.figure === "highestStepHoldingSloPerSecond")).toBeDefined();
      expect(ourProcesses()).toEqual([]);
    },
    180_000,
  );
});
