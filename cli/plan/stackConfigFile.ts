import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

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

export function readStackConfig(projectDir: string, stack: string, overrides: Record<string, string> = {}): StackConfig {
  const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
  const document = fs.existsSync(file) ? ((parse(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> }) : {};
  const values: Record<string, string> = {};
  const secretKeys: string[] = [];
  const placeholders: string[] = [];
  for (const [key, value] of Object.entries(document.config ?? {})) {
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
