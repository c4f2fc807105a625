import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { deployOrder } from "../../stacks/deployOrder";
import { phaseStackNames, type StackName } from "../../stacks/stackNames";
import { saveStackRun } from "../archive/saveStackRun";
import { clusterOfStack } from "../plan/stackConfigFile";
import { describeMissing, missingPrerequisites } from "./prerequisites";

/** The project-local file backend unless the user chose one. */
export function backendUrl(projectDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.PULUMI_BACKEND_URL ?? `file://${path.join(projectDir, ".pulumi-state")}`;
}

function run(args: string[], env: NodeJS.ProcessEnv, cwd: string): void {
  const result = spawnSync("pulumi", args, { stdio: "inherit", env, cwd });
  if (result.status !== 0) throw new Error(`pulumi ${args.join(" ")} failed (exit ${result.status})`);
}

/** A pulumi command whose stdout is read (stderr still shown). */
function capture(args: string[], env: NodeJS.ProcessEnv, cwd: string): string {
  const result = spawnSync("pulumi", args, { stdio: ["ignore", "pipe", "inherit"], env, cwd, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`pulumi ${args.join(" ")} failed (exit ${result.status})`);
  return result.stdout;
}

/** `lab up <stack>`: the cluster stack and every phase the target needs, in order, then its outputs, archived under results/ for a phase. */
export function labUp(projectDir: string, target: string): void {
  const order = deployOrder(target, clusterOfStack(projectDir, target));
  const tools: ("pulumi" | "kubectl" | "kind" | "docker")[] = ["pulumi", "kubectl"];
  if (order.includes("kind")) tools.push("kind", "docker");
  const missing = missingPrerequisites(tools);
  if (missing.length > 0) throw new Error(describeMissing(missing));
  if (process.env.PULUMI_CONFIG_PASSPHRASE === undefined && process.env.PULUMI_CONFIG_PASSPHRASE_FILE === undefined) {
    throw new Error("Set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE): stack secrets such as kubeconfigs are encrypted with it.");
  }
  const env = { ...process.env, PULUMI_BACKEND_URL: backendUrl(projectDir) };
  if (env.PULUMI_BACKEND_URL.startsWith("file://")) fs.mkdirSync(env.PULUMI_BACKEND_URL.slice("file://".length), { recursive: true });
  for (const stack of order) {
    console.error(`\n=== pulumi up -s ${stack}`);
    run(["stack", "select", "--create", "--secrets-provider", "passphrase", stack], env, projectDir);
    run(["up", "--yes", "--stack", stack], env, projectDir);
  }
  // Secrets stay `[secret]` (the flag says so even if Pulumi's default changed): the outputs are printed and archived.
  const outputsJson = capture(["stack", "output", "--json", "--show-secrets=false", "--stack", target], env, projectDir);
  process.stdout.write(outputsJson);
  if ((phaseStackNames as readonly string[]).includes(target)) {
    const file = saveStackRun({ projectDir, stack: target, outputsJson, now: new Date() });
    console.error(`\nrun archived to ${path.relative(projectDir, file)} (lab compare reads it)`);
  }
}

/** `lab destroy <stack>`: only that stack (destroying `kind` deletes the Kind cluster). */
export function labDestroy(projectDir: string, target: StackName): void {
  const missing = missingPrerequisites(target === "kind" ? ["pulumi", "kind", "docker"] : ["pulumi"]);
  if (missing.length > 0) throw new Error(describeMissing(missing));
  const env = { ...process.env, PULUMI_BACKEND_URL: backendUrl(projectDir) };
  run(["destroy", "--yes", "--stack", target], env, projectDir);
}
