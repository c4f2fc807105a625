import { z } from "zod";
import { clusterOfStack, readStackFile } from "../plan/stackConfigFile";
import { runContextFromStackFile, saveRun } from "./runArchive";

/**
 * Archives a phase stack's run from the text `pulumi stack output --json --show-secrets=false`
 * printed: the cluster and run ids from its `Pulumi.<stack>.yaml`, the pricing profile from the
 * outputs' cost block. What `lab up` runs after deploying, and what `lab report --save` can run
 * for each stack it read.
 */
export function saveStackRun(args: { readonly projectDir: string; readonly stack: string; readonly outputsJson: string; readonly now: Date }): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(args.outputsJson);
  } catch (err) {
    throw new Error(`pulumi stack output --json for ${args.stack} printed no JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const outputs = z.record(z.string(), z.unknown()).safeParse(parsed);
  if (!outputs.success) throw new Error(`pulumi stack output --json for ${args.stack}: expected a JSON object of outputs`);
  return saveStackOutputs({ ...args, outputs: outputs.data });
}

/** Archives outputs already read (what `lab report --save` does for each stack it reports on). */
export function saveStackOutputs(args: { readonly projectDir: string; readonly stack: string; readonly outputs: Record<string, unknown>; readonly now: Date }): string {
  return saveRun({
    projectDir: args.projectDir,
    stack: args.stack,
    outputs: args.outputs,
    cluster: clusterOfStack(args.projectDir, args.stack),
    now: args.now,
    ...runContextFromStackFile(readStackFile(args.projectDir, args.stack)),
  });
}
