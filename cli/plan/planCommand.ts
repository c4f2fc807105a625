import * as fs from "node:fs";
import { costDiff, formatCostDiff } from "../../finops/costDiff";
import type { StackName } from "../../stacks/stackNames";
import type { CommandOutput } from "../commandLine";
import { planDocument } from "./planDocument";
import { planStack, type StackPlan } from "./planStack";
import { formatPlan } from "./printPlan";
import { readStackConfig } from "./stackConfigFile";
import { stackManifests, writeStackManifests } from "./stackManifests";

export interface PlanRequest {
  readonly projectDir: string;
  readonly stacks: readonly StackName[];
  /** Every stack: the document also reports the kind cluster's idle capacity. */
  readonly all: boolean;
  readonly json: boolean;
  /** An earlier `lab plan --all --json` document to compare run-rates with. */
  readonly costDiffFile?: string;
  /** Write each stack's own Kubernetes objects under this directory (cli/plan/stackManifests.ts). */
  readonly manifestsDir?: string;
}

/** `lab plan`: exit code 0 when every stack planned cleanly. */
export async function runPlan(request: PlanRequest, output: CommandOutput): Promise<number> {
  // --json promises one document on stdout: anything the SDK or a program logs goes to stderr.
  const { log, info } = console;
  if (request.json) console.log = console.info = (...a: unknown[]) => console.error(...a);
  try {
    const plans: StackPlan[] = [];
    for (const stack of request.stacks) {
      const result = await planStack(stack, readStackConfig(request.projectDir, stack));
      plans.push(result);
      if (!request.json) output.out(formatPlan(result));
    }
    const document = planDocument(plans, request.all);
    if (request.json) output.out(JSON.stringify(document, null, 2));
    else {
      const s = document.summary;
      output.out(`\n${s.ok}/${s.stacks} stacks ok; ${s.kubernetesObjectsValidated} Kubernetes objects validated; ${s.schemaViolations} with schema violations`);
      if (document.idleCapacity) {
        const idle = document.idleCapacity;
        output.out(`idle kind capacity: ${idle.idle.cpuMillicores}m CPU, ${Math.round(idle.idle.memoryMiB)} MiB = ${idle.idleMonthlyUsd.toFixed(2)} USD/month (${idle.profile}), not spread over phases`);
      }
    }
    if (request.manifestsDir) {
      const written: string[] = [];
      for (const stack of request.stacks) {
        const manifests = await stackManifests(stack, readStackConfig(request.projectDir, stack));
        if (manifests.error) throw new Error(`${stack}: cannot write its manifests: ${manifests.error}`);
        written.push(...writeStackManifests(request.manifestsDir, [manifests]));
      }
      output.err(`wrote ${written.length} manifests under ${request.manifestsDir}/<stack>/`);
    }
    if (request.costDiffFile) {
      const earlier = JSON.parse(fs.readFileSync(request.costDiffFile, "utf8"));
      (request.json ? output.err : output.out)(formatCostDiff(costDiff(earlier, document)));
    }
    return plans.every((p) => p.ok) ? 0 : 1;
  } finally {
    console.log = log;
    console.info = info;
  }
}
