import * as path from "path";

/**
 * The project's root (where Pulumi.yaml and node_modules are). Local commands that run the lab's
 * own CLI (`node_modules/.bin/tsx cli/lab.ts ...`) run here explicitly instead of trusting the
 * engine's working directory, which is the project root only when `pulumi` is started from it.
 */
export const projectDir = path.resolve(__dirname, "..");
