import { runLab } from "../../cli/runLab";

export interface LabRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `lab ...` in this process: what it would print and its exit code. */
export async function lab(...argv: string[]): Promise<LabRun> {
  const run: LabRun = { code: -1, stdout: "", stderr: "" };
  run.code = await runLab(argv, { out: (text) => void (run.stdout += `${text}\n`), err: (text) => void (run.stderr += `${text}\n`) });
  return run;
}

/** `lab ...` that must succeed: its stdout parsed as JSON. */
export async function labJson(...argv: string[]): Promise<any> {
  const run = await lab(...argv);
  if (run.code !== 0) throw new Error(`lab ${argv.join(" ")} exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}
