import { spawnSync } from "node:child_process";
import { backendUrl } from "../run/pulumiRunner";
import { describeMissing, prerequisites } from "../run/prerequisites";

/**
 * Where `lab report` gets a stack's outputs: `pulumi stack output --json --show-secrets=false`, so a
 * secret output reaches the report as Pulumi's own `[secret]` and never in clear. Injected, so tests
 * hand the report outputs produced by the stacks under mocks instead.
 * `null`: the stack does not exist in the backend or has never been deployed (no outputs).
 */
export type StackOutputReader = (stack: string) => Promise<Record<string, unknown> | null>;

/** The argv the reader runs: kept here so a test can check that secrets are never asked for. */
export function stackOutputArgs(stack: string): string[] {
  return ["stack", "output", "--json", "--show-secrets=false", "--stack", stack];
}

/**
 * pulumi's words for "no such stack" (`error: no stack named 'phase-06' found`): a report line, not a
 * failure. Kept that narrow so any other error (a backend that cannot be read) fails the report.
 */
const noSuchStack = /no stack named '[^']*' found/i;

export function pulumiStackOutputReader(projectDir: string, env: NodeJS.ProcessEnv = process.env): StackOutputReader {
  return async (stack) => {
    const run = spawnSync("pulumi", stackOutputArgs(stack), { cwd: projectDir, env: { ...env, PULUMI_BACKEND_URL: backendUrl(projectDir, env) }, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    // No pulumi on PATH: how to get it, rather than spawn's ENOENT.
    if ((run.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") throw new Error(describeMissing([prerequisites.pulumi]));
    if (run.error) throw new Error(`pulumi ${stackOutputArgs(stack).join(" ")}: ${run.error.message}`);
    if (run.status !== 0) {
      const stderr = (run.stderr ?? "").trim();
      if (noSuchStack.test(stderr)) return null;
      throw new Error(`pulumi ${stackOutputArgs(stack).join(" ")} failed (exit ${run.status}): ${stderr.split("\n").slice(-3).join(" / ")}`);
    }
    return parseStackOutputJson(stack, run.stdout);
  };
}

/** pulumi's JSON: an object of outputs; `{}` (a stack created but never deployed) is no outputs. */
export function parseStackOutputJson(stack: string, text: string): Record<string, unknown> | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`pulumi stack output --stack ${stack}: not JSON (${(e as Error).message})`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error(`pulumi stack output --stack ${stack}: expected a JSON object of outputs`);
  return Object.keys(value).length === 0 ? null : (value as Record<string, unknown>);
}
