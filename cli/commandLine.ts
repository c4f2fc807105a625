import { parseArgs } from "node:util";
import { z } from "zod";
import { ConfigError, explainIssues } from "../lib/configErrors";

/**
 * The one command-line parser of `lab`: every command declares its words, options and positionals
 * (commands.ts); this file turns argv into typed values with Node's util.parseArgs and writes the
 * usage text from the same declarations. Rules, the same for every command:
 *   `--x v` and `--x=v` both work; a value that starts with `--` is refused unless written
 *   `--x=--v` (it is almost always a forgotten value); unknown options are named; an option given
 *   twice is refused unless declared `multiple`; a flag takes no value; values with a `schema` are
 *   checked by it and explained by lib/configErrors.ts like every other config error.
 */

export interface FlagSpec {
  readonly type: "boolean";
  readonly description: string;
}

export interface ValueSpec {
  readonly type: "string";
  readonly description: string;
  /** Shown in usage: `--cpu <cores>`. */
  readonly valueName: string;
  readonly required?: boolean;
  readonly multiple?: boolean;
  /** Checks and converts the text (a number, one of a list); absent = any text. */
  readonly schema?: z.ZodType<unknown, string>;
}

export type OptionSpec = FlagSpec | ValueSpec;

export interface PositionalSpec {
  readonly name: string;
  readonly description: string;
  readonly required?: boolean;
  /** Takes every remaining positional; only the last one may. */
  readonly multiple?: boolean;
  readonly choices?: readonly string[];
}

type ValueOf<S extends ValueSpec> = S["schema"] extends z.ZodType<infer T, string> ? T : string;
type OptionValue<S extends OptionSpec> = S extends ValueSpec
  ? S["multiple"] extends true
    ? ValueOf<S>[]
    : S["required"] extends true
      ? ValueOf<S>
      : ValueOf<S> | undefined
  : boolean;
export type OptionValues<O extends Record<string, OptionSpec>> = { -readonly [K in keyof O]: OptionValue<O[K]> };

type PositionalText<P extends PositionalSpec> = P["choices"] extends readonly (infer C extends string)[] ? C : string;
type PositionalValue<P extends PositionalSpec> = P["multiple"] extends true
  ? PositionalText<P>[]
  : P["required"] extends true
    ? PositionalText<P>
    : PositionalText<P> | undefined;
export type PositionalValues<P extends readonly PositionalSpec[]> = { -readonly [E in P[number] as E["name"]]: PositionalValue<E> };

/** Where a command writes: the process's streams in `lab`, buffers in tests. */
export interface CommandOutput {
  out(text: string): void;
  err(text: string): void;
}

export interface ParsedCommandLine<O extends Record<string, OptionSpec>, P extends readonly PositionalSpec[]> {
  readonly options: OptionValues<O>;
  readonly positionals: PositionalValues<P>;
  readonly output: CommandOutput;
}

/** What usage and lookup need of a command: its words and declarations. */
export interface CommandShape {
  /** The words that select it, e.g. `parse job-log`, `bench --local pgbench`. */
  readonly words: string;
  readonly summary: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly positionals: readonly PositionalSpec[];
}

export interface CommandDeclaration<O extends Record<string, OptionSpec>, P extends readonly PositionalSpec[]> extends CommandShape {
  readonly options: O;
  readonly positionals: P;
  /** What it does with the parsed values; the exit code (0 when nothing is returned). */
  readonly run: (args: ParsedCommandLine<O, P>) => Promise<number | void> | number | void;
}

/** A declared command, its types closed over: what the command table holds. */
export interface Command extends CommandShape {
  /** Parses the arguments after the words (a UsageError when they are wrong), then runs. */
  execute(argv: readonly string[], output: CommandOutput): Promise<number>;
}

/** Declares a command; the generic parameters make `run` see the declared options' types. */
export function defineCommand<const O extends Record<string, OptionSpec>, const P extends readonly PositionalSpec[]>(declaration: CommandDeclaration<O, P>): Command {
  const variadic = declaration.positionals.findIndex((p) => p.multiple);
  if (variadic >= 0 && variadic !== declaration.positionals.length - 1) throw new Error(`lab ${declaration.words}: only the last positional may take several values`);
  const { words, summary, options, positionals } = declaration;
  return {
    words,
    summary,
    options,
    positionals,
    execute: async (argv, output) => (await declaration.run({ ...parseCommandLine(declaration, argv), output })) ?? 0,
  };
}

/** A usage error: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

/** Parses one command's arguments (argv after its words) against its declaration. */
export function parseCommandLine<O extends Record<string, OptionSpec>, P extends readonly PositionalSpec[]>(
  command: CommandDeclaration<O, P>,
  argv: readonly string[],
): { options: OptionValues<O>; positionals: PositionalValues<P> } {
  const fail = (message: string): never => {
    throw new UsageError(`lab ${command.words}: ${message}`, usageOf(command));
  };
  const declared = new Map(Object.entries(command.options));
  const parseArgsOptions = Object.fromEntries([...declared].map(([name, spec]) => [name, { type: spec.type, multiple: true }]));
  // strict: false, so that every problem is reported in the lab's words from the tokens below.
  const { tokens } = parseArgs({ args: [...argv], options: parseArgsOptions, strict: false, allowPositionals: true, tokens: true });

  const texts = new Map<string, string[]>();
  const flags = new Set<string>();
  const positionals: string[] = [];
  const unknown: string[] = [];
  for (const token of tokens) {
    if (token.kind === "positional") positionals.push(token.value);
    if (token.kind !== "option") continue;
    const spec = declared.get(token.name);
    if (!spec) {
      unknown.push(token.rawName);
      continue;
    }
    if (spec.type === "boolean") {
      if (token.value !== undefined) fail(`${token.rawName} is a flag and takes no value (got ${JSON.stringify(token.value)})`);
      flags.add(token.name);
      continue;
    }
    if (token.value === undefined) fail(`${token.rawName} needs a value: ${token.rawName} <${spec.valueName}>`);
    if (!token.inlineValue && token.value!.startsWith("--")) {
      fail(`${token.rawName} needs a value, got the option ${JSON.stringify(token.value)} (write ${token.rawName}=${token.value} if that is the value)`);
    }
    const given = texts.get(token.name) ?? [];
    if (given.length > 0 && !spec.multiple) fail(`${token.rawName} given twice`);
    texts.set(token.name, [...given, token.value!]);
  }
  if (unknown.length > 0) {
    const known = [...declared.keys()].map((n) => `--${n}`);
    fail(`unknown option${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} (${known.length > 0 ? `options: ${known.join(", ")}` : "it takes no options"})`);
  }

  const options: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, spec] of declared) {
    if (spec.type === "boolean") {
      options[name] = flags.has(name);
      continue;
    }
    const values = texts.get(name) ?? [];
    if (values.length === 0 && spec.required) fail(`--${name} <${spec.valueName}> is required`);
    const converted = values.map((text) => {
      if (!spec.schema) return text;
      const parsed = spec.schema.safeParse(text);
      if (parsed.success) return parsed.data;
      problems.push(...explainIssues(spec.schema, text, parsed.error.issues, { keyPrefix: `--${name}` }));
      return undefined;
    });
    options[name] = spec.multiple ? converted : converted[0];
  }
  if (problems.length > 0) throw new UsageError(new ConfigError(problems, `lab ${command.words}`).message, usageOf(command));

  const named: Record<string, string | string[] | undefined> = {};
  command.positionals.forEach((spec, i) => {
    const values = spec.multiple ? positionals.slice(i) : positionals.slice(i, i + 1);
    if (values.length === 0 && spec.required) {
      fail(`needs <${spec.name}>${spec.choices ? `: one of ${spec.choices.join(", ")}` : ` (${spec.description})`}`);
    }
    for (const value of values) {
      if (spec.choices && !spec.choices.includes(value)) fail(`<${spec.name}>: got ${JSON.stringify(value)}, expected one of ${spec.choices.join(", ")}`);
    }
    named[spec.name] = spec.multiple ? values : values[0];
  });
  const taken = command.positionals.some((p) => p.multiple) ? positionals.length : command.positionals.length;
  if (positionals.length > taken) fail(`unexpected argument${positionals.length - taken > 1 ? "s" : ""} ${positionals.slice(taken).map((p) => JSON.stringify(p)).join(", ")}`);
  return { options: options as OptionValues<O>, positionals: named as PositionalValues<P> };
}

/** The command's usage, written from its declaration. */
export function usageOf(command: CommandShape): string {
  const optionEntries = Object.entries(command.options);
  const synopsis = [
    `lab ${command.words}`,
    ...command.positionals.map((p) => {
      const name = `<${p.name}>${p.multiple ? "..." : ""}`;
      return p.required ? name : `[${name}]`;
    }),
    ...optionEntries.map(([name, spec]) => {
      const text = spec.type === "boolean" ? `--${name}` : `--${name} <${spec.valueName}>${spec.multiple ? "..." : ""}`;
      return spec.type === "string" && spec.required ? text : `[${text}]`;
    }),
  ].join(" ");
  const rows: [string, string][] = [
    ...command.positionals.map((p): [string, string] => [`<${p.name}>`, p.choices ? `${p.description}: ${p.choices.join(", ")}` : p.description]),
    ...optionEntries.map(([name, spec]): [string, string] => [
      spec.type === "boolean" ? `--${name}` : `--${name} <${spec.valueName}>`,
      `${spec.description}${spec.type === "string" && spec.multiple ? " (repeatable)" : ""}`,
    ]),
  ];
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return [`usage: ${synopsis}`, `  ${command.summary}`, ...rows.map(([left, right]) => `    ${left.padEnd(width)}  ${right}`)].join("\n");
}

/** Every command's synopsis and summary, for `lab help`. */
export function overviewOf(commands: readonly Command[], footer: string): string {
  const width = Math.max(...commands.map((c) => c.words.length));
  return [
    "usage: npm run lab -- <command> [arguments]   (lab <command> --help for its options)",
    ...commands.map((c) => `  ${c.words.padEnd(width)}  ${c.summary}`),
    footer,
  ].join("\n");
}

/** The command whose words begin argv (the longest such), and the arguments after them. */
export function findCommand(commands: readonly Command[], argv: readonly string[]): { command: Command; rest: string[] } | undefined {
  const matches = commands
    .map((command) => ({ command, words: command.words.split(" ") }))
    .filter(({ words }) => words.every((word, i) => argv[i] === word))
    .sort((a, b) => b.words.length - a.words.length);
  const best = matches[0];
  return best ? { command: best.command, rest: argv.slice(best.words.length) } : undefined;
}

/** Number-valued options: the text must be a number, then the schema's bounds apply. */
export function numberText<T extends z.ZodType<unknown, number>>(schema: T) {
  return z
    .string()
    .transform((text, ctx) => {
      const value = text.trim() === "" ? NaN : Number(text);
      if (Number.isNaN(value)) ctx.addIssue({ code: "custom", message: "a number" });
      return value;
    })
    .pipe(schema);
}

/**
 * Comma-separated values (`--rates 500,1000`), each checked by `item`, e.g. numberText(...). A bad
 * item refuses the whole text, quoted, with the item's position: `--rates: got "500,x", expected
 * numbers separated by commas (item 2, "x": a number)`.
 */
export function listText<T extends z.ZodType<unknown, string>>(item: T, what: string) {
  return z.string().transform((text, ctx): z.output<T>[] => {
    const parts = text.split(",").map((part) => part.trim());
    const parsed = parts.map((part) => item.safeParse(part));
    const bad = parsed.findIndex((p) => !p.success);
    if (bad >= 0) {
      const first = parsed[bad].error?.issues[0];
      ctx.addIssue({ code: "custom", message: `${what} separated by commas (item ${bad + 1}, ${JSON.stringify(parts[bad])}: ${first?.message ?? "invalid"})` });
      return z.NEVER;
    }
    return parsed.flatMap((p) => (p.success ? [p.data] : []));
  });
}
