import { readFile } from "fs/promises";
import { parseK6JobLog, parsePgbenchJobLog, type BenchmarkOutcome } from "./outcome";

const usage = "usage: lab parse job-log --tool pgbench|k6 --target <what was measured> [--scenario S] [--parallelism N] [--schedule-lag] [--retries] <log-file|->";

/**
 * `lab parse job-log`: a benchmark Job's log (kubectl logs) to its outcome as JSON. The log reader
 * of BenchmarkJob runs this, so Pulumi state holds the normalized outcome, not the raw log.
 */
export async function runJobLogCommand(argv: readonly string[]): Promise<string> {
  const flags: Record<string, string | boolean> = {};
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--schedule-lag" || arg === "--retries") flags[arg.slice(2)] = true;
    else if (arg.startsWith("--")) {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value\n${usage}`);
      flags[arg.slice(2)] = value;
    } else files.push(arg);
  }
  if (files.length !== 1) throw new Error(`expected one log file\n${usage}`);
  if (typeof flags.target !== "string") throw new Error(`--target is required\n${usage}`);
  const log = files[0] === "-" ? await readStdin() : await readFile(files[0], "utf8");
  // An empty --scenario means "the tool's own name for it" (the log reader always passes the flag).
  const scenario = typeof flags.scenario === "string" && flags.scenario !== "" ? flags.scenario : undefined;
  let outcome: BenchmarkOutcome;
  if (flags.tool === "pgbench") {
    outcome = parsePgbenchJobLog(log, {
      target: flags.target,
      scenario,
      txlogColumns: { scheduleLag: flags["schedule-lag"] === true, retries: flags.retries === true },
    });
  } else if (flags.tool === "k6") {
    const parallelism = Number(flags.parallelism ?? 1);
    if (!Number.isInteger(parallelism) || parallelism < 1) throw new Error(`--parallelism: got ${String(flags.parallelism)}, expected a whole number ≥ 1`);
    outcome = parseK6JobLog(log, { target: flags.target, scenario, parallelism });
  } else {
    throw new Error(`--tool: got ${JSON.stringify(flags.tool)}, expected pgbench or k6\n${usage}`);
  }
  return JSON.stringify(outcome);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
