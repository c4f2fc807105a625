import { z } from "zod";
import { defineCommand, numberText, parseCommandLine, usageOf, UsageError, type CommandDeclaration, type OptionSpec, type PositionalSpec } from "../../cli/commandLine";
import { commands } from "../../cli/commands";
import { stackNames } from "../../stacks/stackNames";
import { lab } from "../helpers/lab";

const demo = {
  words: "demo run",
  summary: "a command to exercise the parser",
  options: {
    target: { type: "string", valueName: "url", description: "what to hit", required: true },
    rate: { type: "string", valueName: "n", description: "per second", schema: numberText(z.number().positive()) },
    tag: { type: "string", valueName: "t", description: "a label", multiple: true },
    dry: { type: "boolean", description: "do nothing" },
  },
  positionals: [
    { name: "mode", description: "how", required: true, choices: ["fast", "slow"] },
    { name: "files", description: "inputs", multiple: true },
  ],
  run: () => undefined,
} as const satisfies CommandDeclaration<Record<string, OptionSpec>, readonly PositionalSpec[]>;

function usageError(argv: string[]): string {
  try {
    parseCommandLine(demo, argv);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`expected ${argv.join(" ")} to be refused`);
}

describe("parseCommandLine", () => {
  test("--x v and --x=v give the same typed values", () => {
    const spaced = parseCommandLine(demo, ["fast", "--target", "http://a/", "--rate", "2.5", "--tag", "x", "a.txt", "--tag", "y", "--dry", "b.txt"]);
    const joined = parseCommandLine(demo, ["fast", "--target=http://a/", "--rate=2.5", "--tag=x", "a.txt", "--tag=y", "--dry", "b.txt"]);
    expect(spaced).toEqual({ options: { target: "http://a/", rate: 2.5, tag: ["x", "y"], dry: true }, positionals: { mode: "fast", files: ["a.txt", "b.txt"] } });
    expect(joined).toEqual(spaced);
  });

  test("absent options: undefined values, empty lists, false flags", () => {
    expect(parseCommandLine(demo, ["slow", "--target", "t"])).toEqual({ options: { target: "t", rate: undefined, tag: [], dry: false }, positionals: { mode: "slow", files: [] } });
  });

  test("a value that starts with -- is refused unless written --x=--v; a negative number is a value", () => {
    expect(usageError(["fast", "--target", "--rate", "1"])).toBe('lab demo run: --target needs a value, got the option "--rate" (write --target=--rate if that is the value)');
    expect(parseCommandLine(demo, ["fast", "--target=--odd"]).options.target).toBe("--odd");
    expect(usageError(["fast", "--target", "t", "--rate", "-1"])).toContain('--rate: got "-1", expected > 0');
  });

  test("unknown options are all named, with the options there are", () => {
    expect(usageError(["fast", "--target", "t", "--bogus", "--colour=red"])).toBe("lab demo run: unknown options --bogus, --colour (options: --target, --rate, --tag, --dry)");
  });

  test("a flag takes no value; an option given twice is refused unless it is multiple", () => {
    expect(usageError(["fast", "--target", "t", "--dry=yes"])).toBe('lab demo run: --dry is a flag and takes no value (got "yes")');
    expect(usageError(["fast", "--target", "a", "--target", "b"])).toBe("lab demo run: --target given twice");
    expect(usageError(["fast", "--target"])).toBe("lab demo run: --target needs a value: --target <url>");
  });

  test("missing and wrong positionals and required options are named", () => {
    expect(usageError(["--target", "t"])).toBe("lab demo run: needs <mode>: one of fast, slow");
    expect(usageError(["medium", "--target", "t"])).toBe('lab demo run: <mode>: got "medium", expected one of fast, slow');
    expect(usageError(["fast"])).toBe("lab demo run: --target <url> is required");
    expect(usageError(["fast", "--target", "t", "--rate", "many"])).toContain('--rate: got "many", expected a number');
  });

  test("usage is written from the declaration", () => {
    expect(usageOf(demo)).toBe(
      [
        "usage: lab demo run <mode> [<files>...] --target <url> [--rate <n>] [--tag <t>...] [--dry]",
        "  a command to exercise the parser",
        "    <mode>          how: fast, slow",
        "    <files>         inputs",
        "    --target <url>  what to hit",
        "    --rate <n>      per second",
        "    --tag <t>       a label (repeatable)",
        "    --dry           do nothing",
      ].join("\n"),
    );
  });

  test("only the last positional may take several values", () => {
    expect(() => defineCommand({ ...demo, positionals: [demo.positionals[1], demo.positionals[0]] })).toThrow("lab demo run: only the last positional may take several values");
  });
});

describe("lab", () => {
  test("lab up without a stack says a stack is needed and lists them", async () => {
    const run = await lab("up");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`lab up: needs <stack>: one of ${stackNames.join(", ")}`);
    expect(run.stderr).toContain("usage: lab up <stack>");
  });

  test("a wrong stack name lists the valid ones, for every command that takes stacks", async () => {
    for (const command of ["up", "destroy", "plan"]) {
      const run = await lab(command, "phase-99");
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`lab ${command}: <${command === "plan" ? "stacks" : "stack"}>: got "phase-99", expected one of ${stackNames.join(", ")}`);
    }
  });

  test("lab help names every command; lab <command> --help prints its usage", async () => {
    const help = await lab("help");
    expect(help.code).toBe(0);
    for (const command of commands) {
      expect(help.stdout).toContain(`  ${command.words}`);
      const usage = await lab(...command.words.split(" "), "--help");
      expect({ command: command.words, code: usage.code, first: usage.stdout.split("\n")[0] }).toEqual({ command: command.words, code: 0, first: expect.stringMatching(`^usage: lab ${command.words}`) });
    }
  });

  test("an unknown command is refused with exit code 2", async () => {
    const run = await lab("deploy", "phase-01");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('lab: unknown command "deploy"');
    const bench = await lab("bench", "pgbench");
    expect(bench.stderr).toContain("expected one of\n  lab bench --local pgbench\n  lab bench --local http");
  });
});
