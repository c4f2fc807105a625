import { spawn } from "node:child_process";

/**
 * Ladder step 3 tests run real binaries. A missing tool skips with a visible reason on a developer
 * machine and FAILS under CI, where scripts/install-bench-tools.sh must have installed it.
 */
export function realToolTest(name: string, missing: string | null, fn: () => Promise<void>, timeout: number): void {
  if (missing === null) return void test(name, fn, timeout);
  if (process.env.CI) return void test(name, () => { throw new Error(`${missing} (CI must run scripts/install-bench-tools.sh)`); });
  console.warn(`skipping "${name}": ${missing}; run scripts/install-bench-tools.sh`);
  test.skip(name, fn);
}

export interface BoundedRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command with a hard time limit. stdin is closed unless `input` is given (and then a child
 * that exits before reading it is not an error): benchmarks/local/exec.ts's execBounded can throw
 * EPIPE when a child exits before its stdin is written (see the report of this change).
 */
export function runBounded(argv: readonly string[], options: { timeoutMs: number; env?: NodeJS.ProcessEnv; cwd?: string; input?: string }): Promise<BoundedRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { env: options.env ?? process.env, cwd: options.cwd, stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${argv[0]}: ${e.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (signal === "SIGKILL") return reject(new Error(`${argv.join(" ")} did not finish within ${options.timeoutMs} ms\n${stderr.slice(-2000)}`));
      resolve({ code, stdout, stderr });
    });
    if (child.stdin) {
      child.stdin.on("error", () => undefined);
      child.stdin.end(options.input);
    }
  });
}
