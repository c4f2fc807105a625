import { findCommand, overviewOf, usageOf, UsageError, type CommandOutput } from "./commandLine";
import { commands } from "./commands";
import { stackNames } from "../stacks/stackNames";

const overview = () => overviewOf(commands, `stacks: ${stackNames.join(", ")}`);

/**
 * One `lab` invocation: finds the command by its words, parses its arguments, runs it. Returns
 * the exit code: 0 done, 1 the command failed, 2 the command line was wrong (usage printed).
 */
export async function runLab(argv: readonly string[], output: CommandOutput): Promise<number> {
  if (argv.length === 0 || ["help", "--help", "-h"].includes(argv[0])) {
    output.out(overview());
    return 0;
  }
  const found = findCommand(commands, argv);
  if (!found) {
    const near = commands.filter((c) => c.words.split(" ")[0] === argv[0]);
    const known = near.length > 0 ? near.map((c) => `lab ${c.words}`).join("\n  ") : undefined;
    output.err(known ? `lab: no such command: lab ${argv.join(" ")}; expected one of\n  ${known}` : `lab: unknown command ${JSON.stringify(argv[0])}\n${overview()}`);
    return 2;
  }
  const { command, rest } = found;
  if (rest.includes("--help") && !("help" in command.options)) {
    output.out(usageOf(command));
    return 0;
  }
  try {
    return await command.execute(rest, output);
  } catch (err) {
    if (err instanceof UsageError) {
      output.err(`${err.message}\n${err.usage}`);
      return 2;
    }
    output.err(`lab ${command.words}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
