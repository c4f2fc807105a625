import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { httpLoadDefinitionSchema, pgbenchDefinitionSchema } from "../../../benchmarks/definitions";
import { k6JobScript, pgbenchJobScript } from "../../../benchmarks/job/jobScripts";
import { readExits, readSections } from "../../../benchmarks/job/logMarkers";
import { parseK6JobLog, parsePgbenchJobLog } from "../../../benchmarks/job/outcome";
import { executionSegments } from "../../../benchmarks/k6/merge";
import { findTool } from "../../../benchmarks/local/tools";
import { buildHandleSummaryData, syntheticLatencies, type RunnerSamples } from "../k6SummaryBuilder";
import { realToolTest } from "../../helpers/realTool";

/** Ladder step 1: a Job's log (kubectl logs of all its pods) to an outcome, on constructed logs. */

describe("job log markers", () => {
  test("a section without LAB_END is an error naming the line it opened on", () => {
    const log = ["LAB_TOOL_VERSION pgbench (PostgreSQL) 17.11", "LAB_EXIT init 0", "LAB_EXIT trial-1 0", "LAB_BEGIN pgbench-report trial=1", "transaction type: <builtin: TPC-B (sort of)>"].join("\n");
    expect(() => parsePgbenchJobLog(log, { target: "x" })).toThrow('job log line 4: section "pgbench-report" has no LAB_END line (log truncated?)');
    expect(() => readSections("a\nLAB_BEGIN x\nLAB_BEGIN y\nLAB_END y\nLAB_END x")).toThrow('job log line 3: LAB_BEGIN inside the unterminated section "x" from line 2');
  });

  test("sections keep their attributes, body and line; exits read in order", () => {
    const log = "noise\nLAB_BEGIN pgbench-txlog trial=2 file=pgbench_tx.7 encoding=gzip+base64\nAAAA\nLAB_END pgbench-txlog\nLAB_EXIT trial-2 0\nLAB_EXIT k6-runner-1 99";
    expect(readSections(log)).toEqual([{ kind: "pgbench-txlog", attributes: { trial: "2", file: "pgbench_tx.7", encoding: "gzip+base64" }, body: "AAAA", line: 2 }]);
    expect(readExits(log)).toEqual([
      { step: "trial-2", code: 0, line: 5 },
      { step: "k6-runner-1", code: 99, line: 6 },
    ]);
    expect(() => readExits("LAB_EXIT init\n")).toThrow('job log line 1: expected "LAB_EXIT <step> <exit code>", got "LAB_EXIT init"');
  });

  test("a transaction log in any encoding but gzip+base64 is an error naming its line", () => {
    const txlog = "0 1 1200 0 1763892000 100\n";
    const log = [
      "LAB_EXIT init 0",
      "LAB_EXIT trial-1 0",
      "LAB_BEGIN pgbench-report trial=1",
      "transaction type: <builtin: TPC-B (sort of)>",
      "LAB_END pgbench-report",
      "LAB_BEGIN pgbench-txlog trial=1 file=pgbench_tx.1 encoding=base64",
      Buffer.from(txlog).toString("base64"),
      "LAB_END pgbench-txlog",
    ].join("\n");
    expect(() => parsePgbenchJobLog(log, { target: "x" })).toThrow('job log line 6: expected encoding=gzip+base64, got "base64"');
    const gz = log.replace("encoding=base64", "encoding=gzip+base64").replace(Buffer.from(txlog).toString("base64"), gzipSync(txlog).toString("base64"));
    // With the right encoding it gets as far as the report, which is incomplete here.
    expect(() => parsePgbenchJobLog(gz, { target: "x" })).toThrow(/pgbench report line/);
  });

  test("a pgbench log with no report, or with a failed step, has no result", () => {
    expect(parsePgbenchJobLog("LAB_EXIT init 0\nbenchmark finished\n", { target: "x" })).toEqual({
      status: "failed",
      reason: "the job log holds no pgbench report (did the Job run the benchmark?)",
    });
    const failed = "LAB_EXIT init 0\nLAB_EXIT warmup 2\nLAB_BEGIN stderr step=warmup\npgbench: error: one\npgbench: error: two\nLAB_END stderr\n";
    expect(parsePgbenchJobLog(failed, { target: "x" })).toEqual({ status: "failed", reason: "warmup exited with 2: pgbench: error: one | pgbench: error: two" });
  });
});

describe("k6 job logs: runner summaries merged", () => {
  const measureSeconds = 30;
  const runners: RunnerSamples[] = [0, 1, 2].map((i) => ({
    measureMs: syntheticLatencies(1000 + 100 * i, 31 + i, 3 + i),
    warmupMs: syntheticLatencies(100, 41 + i, 8),
    failedMeasure: i,
    droppedMeasure: 2 * i,
  }));

  function summaryLine(r: RunnerSamples, i: number, thresholds?: Record<string, Record<string, boolean>>): string {
    const data = buildHandleSummaryData(r, { warmupSeconds: 5, measureSeconds, target: "http://podinfo.apps.svc:9898/", summaryAt: `2026-11-23T10:00:3${5 + i}.000Z`, thresholds });
    return `LAB_K6_SUMMARY ${JSON.stringify(data)}`;
  }

  /** What `kubectl logs -l job-name=...` returns for N runner pods: each pod's log, one after another. */
  function jobLog(parts: Array<{ summary?: string; exit: number }>): string {
    return parts
      .flatMap((p, i) => [
        "LAB_TOOL_VERSION k6 v2.3.0 (go1.25.4, linux/amd64)",
        `time="2026-11-23T10:00:00Z" level=info msg="runner ${i}"`,
        ...(p.summary ? [p.summary] : []),
        `LAB_EXIT k6-runner-${i} ${p.exit}`,
      ])
      .join("\n");
  }

  test("N summaries merge: counts add up, max is the max of all, rate over the measured window", () => {
    const log = jobLog(runners.map((r, i) => ({ summary: summaryLine(r, i), exit: 0 })));
    const outcome = parseK6JobLog(log, { target: "podinfo", parallelism: 3 });
    expect(outcome.status).toBe("passed");
    const all = runners.flatMap((r) => r.measureMs);
    // 1000 + 1100 + 1200 = 3300 requests in 30 s = 110 per second.
    expect(outcome.result).toMatchObject({ tool: "k6", target: "podinfo", count: 3300, rate: 110, errors: 0 + 1 + 2, dropped: 0 + 2 + 4, toolVersion: "k6 v2.3.0 (go1.25.4, linux/amd64)" });
    expect(outcome.result?.latencyMs.max).toBe(Math.max(...all));
    expect(outcome.result?.latencyMs.avg).toBeCloseTo(all.reduce((a, b) => a + b, 0) / all.length, 9);
  });

  test("fewer summaries than runners is a failed run, not a smaller one", () => {
    const log = jobLog([{ summary: summaryLine(runners[0], 0), exit: 0 }, { summary: summaryLine(runners[1], 1), exit: 0 }]);
    expect(parseK6JobLog(log, { target: "podinfo", parallelism: 3 })).toEqual({ status: "failed", reason: "expected 3 k6 runner summaries in the job log, found 2" });
  });

  test("exit 99 with a threshold failed on the merge: thresholds-failed, with the result", () => {
    const thresholds = { "http_req_duration{scenario:measure}": { "p(99)<1": false } };
    const log = jobLog(runners.map((r, i) => ({ summary: summaryLine(r, i, thresholds), exit: 99 })));
    const outcome = parseK6JobLog(log, { target: "podinfo", parallelism: 3 });
    expect(outcome.status).toBe("thresholds-failed");
    expect(outcome.reason).toBe("thresholds failed: http_req_duration p(99)<1");
    expect(outcome.result?.count).toBe(3300);
    expect(outcome.result?.thresholds).toEqual([{ metric: "http_req_duration", expression: "p(99)<1", passed: false }]);
  });

  test("exit 99 from a runner whose segment missed a threshold the merge meets: judged on the merge, passed", () => {
    // Runner 2 alone misses p(50)<4.2; all samples together meet it.
    const thresholds = (i: number) => ({ "http_req_duration{scenario:measure}": { "p(99)<1000": true, "p(50)<4.2": i !== 2 } });
    const log = jobLog(runners.map((r, i) => ({ summary: summaryLine(r, i, thresholds(i)), exit: i === 2 ? 99 : 0 })));
    const outcome = parseK6JobLog(log, { target: "podinfo", parallelism: 3 });
    const all = [...runners.flatMap((r) => r.measureMs)].sort((a, b) => a - b);
    expect(all[Math.ceil(all.length / 2) - 1]).toBeLessThan(4.2);
    expect(outcome.status).toBe("passed");
    expect(outcome.result?.thresholds.every((t) => t.passed)).toBe(true);
  });

  test("exit 1 from any runner is a failed run, whatever the summaries say", () => {
    const log = jobLog(runners.map((r, i) => ({ summary: summaryLine(r, i), exit: i === 1 ? 1 : 0 })));
    expect(parseK6JobLog(log, { target: "podinfo", parallelism: 3 })).toEqual({ status: "failed", reason: "k6-runner-1 exited with 1" });
  });
});

describe("Job scripts are valid shell", () => {
  const sh = findTool("sh");
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), "lab-k6-job-"));
    dirs.push(d);
    return d;
  };

  /** `sh -n FILE`: parse without running (spawnSync: sh -n may exit before stdin could be written). */
  const shCheck = (file: string) => {
    const r = spawnSync(sh as string, ["-n", file], { encoding: "utf8", timeout: 10_000, stdio: ["ignore", "pipe", "pipe"] });
    return { code: r.status, stderr: r.stderr };
  };

  const k6Definition = httpLoadDefinitionSchema.parse({ url: "http://podinfo.apps.svc:9898/", rate: 30, durationSeconds: 10, parallelism: 3 });

  test("the k6 script has one case per runner, each with its execution segment", () => {
    const script = k6JobScript(k6Definition);
    const cases = [...script.matchAll(/^ {2}(\d+)\) SEGMENT="([^"]+)" ;;$/gm)].map((m) => ({ index: Number(m[1]), segment: m[2] }));
    expect(cases).toEqual(executionSegments(3).map((s, i) => ({ index: i, segment: s.segment })));
    expect(cases.map((c) => c.segment)).toEqual(["0:1/3", "1/3:2/3", "2/3:1"]);
    expect(script).toContain('SEQUENCE="0,1/3,2/3,1"');
  });

  realToolTest(
    "sh -n accepts the k6 and pgbench Job scripts",
    sh ? null : "sh not found",
    async () => {
      const dir = tempDir();
      const scripts = {
        "k6.sh": k6JobScript(k6Definition),
        "pgbench.sh": pgbenchJobScript(pgbenchDefinitionSchema.parse({ rate: 100, latencyLimitMs: 50, trials: 3 })),
        "pgbench-custom.sh": pgbenchJobScript(pgbenchDefinitionSchema.parse({ mode: "custom", script: "SELECT 1;" })),
      };
      for (const [file, text] of Object.entries(scripts)) {
        writeFileSync(join(dir, file), text);
        const checked = shCheck(join(dir, file));
        expect({ file, ...checked }).toEqual({ file, code: 0, stderr: "" });
      }
      // And sh -n does reject a broken one (the check is not vacuous).
      writeFileSync(join(dir, "broken.sh"), scripts["k6.sh"].replace("esac", ""));
      expect(shCheck(join(dir, "broken.sh")).code).not.toBe(0);
    },
    30_000,
  );

  realToolTest(
    "runner i runs k6 with segment i and reports k6's own exit code; an index without a segment stops",
    sh ? null : "sh not found",
    async () => {
      const dir = tempDir();
      // A stand-in k6 that records its argv and exits as told: the script's plumbing, not k6, is under test.
      writeFileSync(join(dir, "k6"), '#!/bin/sh\nif [ "$1" = version ]; then echo "k6 v2.3.0 (fake)"; exit 0; fi\necho "ARGV $*"\nexit "${FAKE_K6_EXIT:-0}"\n');
      chmodSync(join(dir, "k6"), 0o755);
      const script = k6JobScript(k6Definition);
      const run = async (index: string, exit: string) => {
        const env = { PATH: `${dir}:${process.env.PATH}`, JOB_COMPLETION_INDEX: index, FAKE_K6_EXIT: exit };
        const r = spawnSync(sh as string, ["-c", script], { encoding: "utf8", timeout: 10_000, env, stdio: ["ignore", "pipe", "pipe"] });
        return { code: r.status, stdout: r.stdout };
      };

      const runner1 = await run("1", "99");
      expect(runner1.code).toBe(0);
      expect(runner1.stdout.split("\n")).toEqual([
        "LAB_TOOL_VERSION k6 v2.3.0 (fake)",
        "ARGV run --quiet --no-color --no-usage-report --address  --execution-segment 1/3:2/3 --execution-segment-sequence 0,1/3,2/3,1 /lab/scripts/script.js",
        "LAB_EXIT k6-runner-1 99",
        "",
      ]);
      expect((await run("0", "0")).stdout).toContain("--execution-segment 0:1/3 ");
      expect((await run("2", "0")).stdout).toContain("--execution-segment 2/3:1 ");
      const stray = await run("3", "0");
      expect(stray.code).toBe(1);
      expect(stray.stdout).toContain("no execution segment for runner 3");
      expect(stray.stdout).not.toContain("ARGV");
    },
    30_000,
  );
});
