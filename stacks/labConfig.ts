import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { showValue, valueAt } from "../lib/configValues";

/** Config namespace of every key the lab reads (`lab:cluster`, `lab:kubeconfig`, ...). */
export const configNamespace = "lab";

/**
 * Bad config names the key, what it got and what was expected. It is thrown before any resource
 * is registered, so nothing is deployed half-way. Secret values are never echoed.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid stack config:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

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

/** Public in the SDK's JS but marked internal in its typings; the key list it reads is the engine's. */
function isConfigSecret(fullKey: string): boolean {
  return (pulumi.runtime as unknown as { isConfigSecret(k: string): boolean }).isConfigSecret(fullKey);
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
  const result = schema.strict().safeParse(values);
  if (result.success) return result.data as z.infer<S>;
  throw new ConfigError(result.error.issues.map((issue) => describeIssue(issue, values, secretKeys)));
}

function describeIssue(
  issue: z.core.$ZodIssue,
  values: Record<string, unknown>,
  secretKeys: ReadonlySet<string>,
): string {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((k) => `${configNamespace}:${k}: unknown key`).join("; ");
  }
  const path = issue.path.map(String);
  const key = `${configNamespace}:${path.join(".")}`;
  const got = secretKeys.has(path[0] ?? "") ? "[secret]" : showValue(valueAt(values, path));
  return `${key}: got ${got}, expected ${expectation(issue)}`;
}


function expectation(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_value":
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "invalid_type":
      return issue.expected;
    case "too_small":
      return `${issue.origin === "string" ? "length " : ""}>= ${issue.minimum}${issue.inclusive === false ? " (exclusive)" : ""}`;
    case "too_big":
      return `${issue.origin === "string" ? "length " : ""}<= ${issue.maximum}${issue.inclusive === false ? " (exclusive)" : ""}`;
    default:
      return issue.message;
  }
}

/** Reads and validates the stack's whole `lab:*` config in one step. */
export function loadLabConfig<S extends z.ZodObject>(schema: S): z.infer<S> {
  const { values, secretKeys, text } = readRawLabConfig();
  return parseLabConfig(schema, values, secretKeys, text);
}
