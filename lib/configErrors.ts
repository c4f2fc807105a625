import { z } from "zod";

/**
 * How every config error in the lab reads (stack config, pricing config, benchmark definitions):
 * `KEY: got VALUE, expected WHAT`, one line per problem, so a typo is fixable from the message
 * alone. One formatter, so the same mistake is worded the same wherever it is made.
 *
 * Conventions for schemas: a custom issue (`refine`, `ctx.addIssue`) says only what was expected
 * ("an IPv4 CIDR ..."); the word "expected" is added here. What a number means (its unit) goes in
 * `.describe(...)` and is shown after the expectation: `expected > 0 (USD per kWh)`. A custom issue
 * about a value that may be a credential adds `params: { secret: true }`: it is shown as `[secret]`.
 */
export class ConfigError extends Error {
  constructor(
    readonly problems: readonly string[],
    heading = "Invalid config",
  ) {
    super(`${heading}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export interface ExplainOptions {
  /** Put before the issue's path to name the key: `lab:`, `lab:pricing.`, `benchmark.pgbench.`. */
  readonly keyPrefix: string;
  /** Top-level keys whose value is shown as `[secret]`, never quoted. */
  readonly secretKeys?: ReadonlySet<string>;
}

/** One `KEY: got VALUE, expected WHAT` line per zod issue (an unknown key lists the keys allowed there). */
export function explainIssues(schema: z.ZodType, input: unknown, issues: readonly z.core.$ZodIssue[], options: ExplainOptions): string[] {
  const keyOf = (path: readonly PropertyKey[]) => {
    const name = options.keyPrefix + path.map(String).join(".");
    return path.length > 0 ? name : name.replace(/[.:]$/, "") || "(input)";
  };
  // zod goes on checking a value of the wrong type (a string's length against an array's minimum): the type is the problem.
  const wrongType = new Set(issues.filter((i) => i.code === "invalid_type").map((i) => i.path.map(String).join("\0")));
  return issues.flatMap((issue) => {
    if (issue.code !== "invalid_type" && wrongType.has(issue.path.map(String).join("\0"))) return [];
    if (issue.code === "unrecognized_keys") {
      const known = objectKeysAt(schema, issue.path);
      const allowed = known.length > 0 ? `, expected one of ${known.join(", ")}` : "";
      return issue.keys.map((key) => `${keyOf([...issue.path, key])}: unknown key${allowed}`);
    }
    // A schema may also mark one issue's value secret itself (a credential put where it does not belong).
    const secret = (options.secretKeys?.has(String(issue.path[0] ?? "")) ?? false) || (issue.code === "custom" && issue.params?.secret === true);
    const got = secret ? "[secret]" : showValue(valueAt(input, issue.path));
    const meaning = describedAt(schema, issue.path);
    return [`${keyOf(issue.path)}: got ${got}, expected ${expectation(issue)}${meaning ? ` (${meaning})` : ""}`];
  });
}

/** Parses, or throws a ConfigError naming every problem with keys under `where`. */
export function parseOrExplain<S extends z.ZodType>(schema: S, input: unknown, where: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ConfigError(explainIssues(schema, input, parsed.error.issues, { keyPrefix: `${where}.` }), `Invalid ${where}`);
}

/** A value as a config error quotes it: JSON, `nothing` when absent, long values cut at 60 characters. */
export function showValue(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** What the schema wanted, in words, from a zod 4 issue. */
export function expectation(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      // zod's names where a config author thinks in JSON/YAML: an integer, an object (for a record too).
      return issue.expected === "int" ? "an integer" : issue.expected === "record" ? "an object" : withArticle(issue.expected);
    case "too_small":
      return bound(issue.origin, issue.inclusive ? "≥" : ">", Number(issue.minimum), issue.inclusive !== false, "at least");
    case "too_big":
      return bound(issue.origin, issue.inclusive ? "≤" : "<", Number(issue.maximum), issue.inclusive !== false, "at most");
    case "invalid_value":
      return issue.values.length === 1 ? showValue(issue.values[0]) : `one of ${issue.values.map((v) => showValue(v)).join(", ")}`;
    case "invalid_format":
      if (issue.format !== "regex" || !("pattern" in issue)) return `a valid ${issue.format}`;
      // A pattern the schema's author explained ("a duration like 15s") reads better than the regex.
      return issue.message.startsWith("Invalid string") ? `a string matching ${String(issue.pattern)}` : `${issue.message} (a string matching ${String(issue.pattern)})`;
    case "not_multiple_of":
      return `a multiple of ${String(issue.divisor)}`;
    default:
      return issue.message;
  }
}

function bound(origin: string, sign: string, limit: number, inclusive: boolean, words: string): string {
  const countOf = origin === "array" || origin === "set" ? "item" : origin === "string" ? "character" : undefined;
  if (countOf === undefined) return `${sign} ${limit}`;
  const n = inclusive ? limit : words === "at least" ? limit + 1 : limit - 1;
  return `${words} ${n} ${countOf}${n === 1 ? "" : "s"}`;
}

function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`;
}

/** The value at a zod issue's path in the raw input, or undefined where the path leads nowhere. */
function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let node: unknown = input;
  for (const key of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** The schemas a path passes through, wrappers (optional, default, pipe) included, outermost first. */
function schemasAt(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): z.ZodType[] {
  const layers: z.ZodType[] = [];
  let node: z.ZodType | undefined = schema;
  let rest = [...path];
  while (node) {
    layers.push(node);
    if (node instanceof z.ZodOptional || node instanceof z.ZodNullable || node instanceof z.ZodDefault || node instanceof z.ZodPrefault || node instanceof z.ZodReadonly || node instanceof z.ZodCatch) {
      node = node.unwrap() as z.ZodType;
    } else if (node instanceof z.ZodPipe) {
      node = node.in as z.ZodType;
    } else if (rest.length === 0) {
      break;
    } else {
      layers.length = 0;
      const [key, ...tail] = rest;
      rest = tail;
      if (node instanceof z.ZodObject) node = (node.shape as Record<PropertyKey, z.ZodType>)[key];
      else if (node instanceof z.ZodArray) node = node.element as z.ZodType;
      else if (node instanceof z.ZodRecord) node = node.valueType as z.ZodType;
      else node = undefined;
    }
  }
  return rest.length === 0 ? layers : [];
}

function objectKeysAt(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  const object = schemasAt(schema, path).find((s) => s instanceof z.ZodObject);
  return object instanceof z.ZodObject ? Object.keys(object.shape) : [];
}

/** The `.describe(...)` text at a path (a unit or meaning), wherever among its wrappers it was put. */
function describedAt(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): string | undefined {
  return schemasAt(schema, path).find((s) => s.description !== undefined)?.description;
}
