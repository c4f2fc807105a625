import * as pulumi from "@pulumi/pulumi";
import { isConfigSecret } from "@pulumi/pulumi/runtime/config";
import { z } from "zod";
import "../lib/pulumiInternals";
import { ConfigError, explainIssues } from "../lib/configErrors";

/** Config namespace of every key the lab reads (`lab:cluster`, `lab:kubeconfig`, ...). */
export const configNamespace = "lab";


/** The stack's `lab:*` config as plain values: JSON objects/numbers/booleans parsed, strings kept. */
export function readRawLabConfig(): { values: Record<string, unknown>; secretKeys: Set<string>; text: Record<string, string> } {
  const all = pulumi.runtime.allConfig();
  const values: Record<string, unknown> = {};
  const text: Record<string, string> = {};
  const secretKeys = new Set<string>();
  for (const [fullKey, raw] of Object.entries(all)) {
    const [namespace, key] = splitKey(fullKey);
    if (namespace !== configNamespace) continue;
    values[key] = parseConfigValue(raw);
    text[key] = raw;
    if (isConfigSecret(fullKey)) secretKeys.add(key);
  }
  return { values, secretKeys, text };
}

function splitKey(fullKey: string): [string, string] {
  const i = fullKey.indexOf(":");
  return i < 0 ? ["", fullKey] : [fullKey.slice(0, i), fullKey.slice(i + 1)];
}

/** Pulumi stores structured config as JSON text; a plain string stays a string. */
function parseConfigValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/**
 * Validates config against a zod object schema with defaults. Unknown keys are errors (a typo
 * must not silently fall back to a default). Secret keys are reported without their value.
 */
export function parseLabConfig<S extends z.ZodObject>(
  schema: S,
  values: Record<string, unknown>,
  secretKeys: ReadonlySet<string> = new Set(),
  /** The engine's text of each key, before JSON parsing. */
  text: Record<string, string> = {},
): z.infer<S> {
  values = { ...values };
  // Config text is parsed as JSON (structured values, numbers, booleans); where that reading fails
  // the field and the text itself fits (a run id "1", a kubeconfig in JSON), the text is meant.
  for (const [key, field] of Object.entries(schema.shape) as [string, z.ZodType][]) {
    if (key in text && typeof values[key] !== "string" && !field.safeParse(values[key]).success && field.safeParse(text[key]).success) {
      values[key] = text[key];
    }
  }
  const strict = schema.strict();
  const result = strict.safeParse(values);
  if (result.success) return result.data as z.infer<S>;
  // Thrown before any resource is registered, so nothing is deployed half-way; secrets show as [secret].
  throw new ConfigError(explainIssues(strict, values, result.error.issues, { keyPrefix: `${configNamespace}:`, secretKeys }), "Invalid stack config");
}

/** Reads and validates the stack's whole `lab:*` config in one step. */
export function loadLabConfig<S extends z.ZodObject>(schema: S): z.infer<S> {
  const { values, secretKeys, text } = readRawLabConfig();
  return parseLabConfig(schema, values, secretKeys, text);
}
