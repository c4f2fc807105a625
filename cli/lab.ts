import { runLab } from "./runLab";

/** `npm run lab -- <command>`: the commands are in cli/commands.ts. */
const output = {
  out: (text: string) => void process.stdout.write(`${text}\n`),
  err: (text: string) => void process.stderr.write(`${text}\n`),
};

/** Exit once stdout has drained: exiting at once cuts a large document (a pipe takes 64 KiB at a time). */
function exitAfterFlush(code: number): void {
  process.stdout.write("", () => process.exit(code));
}

runLab(process.argv.slice(2), output).then(exitAfterFlush, (err: unknown) => {
  process.stderr.write(`lab: ${err instanceof Error ? err.stack : String(err)}\n`);
  exitAfterFlush(1);
});
