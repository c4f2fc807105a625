import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { z } from "zod";
import { ConfigError, explainIssues } from "../../lib/configErrors";
import type { ClusterStackName } from "../../stacks/stackNames";
import { phaseBaseConfigSchema } from "../../stacks/phases/phaseConfig";

/** A stack's config as the engine would hand it to the program, from `Pulumi.<stack>.yaml`. */
export interface StackConfig {
  /** Full keys (`lab:cluster`) to string values; structured values as JSON, like the engine. */
  readonly values: Record<string, string>;
  readonly secretKeys: string[];
  /** Secret keys the plan filled with a placeholder (it cannot decrypt, and must not need to). */
  readonly placeholders: string[];
}

/**
 * Secrets a stack requires that no committed stack file can hold (they would need the owner's
 * passphrase). The offline plan stands in a placeholder and says so in its output.
 */
export const planSecretPlaceholders: Record<string, Record<string, string>> = {
  hub: { "lab:kubeconfig": "apiVersion: v1\nkind: Config\n# offline plan placeholder\n" },
};

const stackFileSchema = z.object({ config: z.record(z.string(), z.unknown()).optional() }).nullable();

/**
 * The `config:` map of `Pulumi.<stack>.yaml` (full keys such as `lab:cluster`), empty when the
 * file does not exist: the one reader of stack files, for the plan and for `lab up`.
 */
export function readStackFile(projectDir: string, stack: string): Record<string, unknown> {
  const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) return {};
  const document: unknown = parse(fs.readFileSync(file, "utf8"));
  const parsed = stackFileSchema.safeParse(document);
  if (!parsed.success) throw new ConfigError(explainIssues(stackFileSchema, document, parsed.error.issues, { keyPrefix: "" }), `Invalid ${path.basename(file)}`);
  return parsed.data?.config ?? {};
}

/** Which cluster stack a phase deploys onto: `lab:cluster` in its stack file, kind by default; a typo is an error. */
export function clusterOfStack(projectDir: string, stack: string): ClusterStackName {
  const value = readStackFile(projectDir, stack)["lab:cluster"];
  const cluster = phaseBaseConfigSchema.shape.cluster;
  const parsed = cluster.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ConfigError(explainIssues(cluster, value, parsed.error.issues, { keyPrefix: "lab:cluster" }), `Invalid Pulumi.${stack}.yaml`);
}

export function readStackConfig(projectDir: string, stack: string, overrides: Record<string, string> = {}): StackConfig {
  const values: Record<string, string> = {};
  const secretKeys: string[] = [];
  const placeholders: string[] = [];
  for (const [key, value] of Object.entries(readStackFile(projectDir, stack))) {
    if (value !== null && typeof value === "object" && "secure" in value) {
      values[key] = "[encrypted in the stack file]";
      secretKeys.push(key);
      placeholders.push(key);
      continue;
    }
    values[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  for (const [key, value] of Object.entries(planSecretPlaceholders[stack] ?? {})) {
    if (key in values) continue;
    values[key] = value;
    secretKeys.push(key);
    placeholders.push(key);
  }
  Object.assign(values, overrides);
  return { values, secretKeys, placeholders };
}
