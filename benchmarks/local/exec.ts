import { spawn, type ChildProcess } from "node:child_process";

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run a command with a hard time limit (every local benchmark run is bounded) and capture its
 * output; a non-zero exit or the limit is an Error carrying stderr, so failures say why.
 */
export function execBounded(
  argv: readonly string[],
  options: { timeoutMs: number; env?: NodeJS.ProcessEnv; cwd?: string; input?: string; allowFailure?: boolean },
): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { env: options.env ?? process.env, cwd: options.cwd, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${argv[0]}: ${e.message}`));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (timedOut) return reject(new Error(`${argv.join(" ")} did not finish within ${options.timeoutMs} ms\n${stderr.slice(-2000)}`));
      const result = { code: code ?? -1, stdout, stderr };
      if (result.code !== 0 && !options.allowFailure) {
        return reject(new Error(`${argv.join(" ")} exited ${result.code}\n${(stderr || stdout).slice(-2000)}`));
      }
      resolve(result);
    });
    // A child that exits before reading stdin (`true`, `psql -c`) closes the pipe: not an error.
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.input ?? "");
  });
}

/** Stop a child the lab started: SIGTERM, SIGKILL after `graceMs`; resolves once it has exited. */
export async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}
