import * as fs from "node:fs";
import { z } from "zod";
import { explainIssues } from "../../lib/configErrors";
import { clusterStackNames, type ClusterStackName, type StackName } from "../../stacks/stackNames";
import type { CommandOutput } from "../commandLine";
import { planStack, type PlannedResource } from "../plan/planStack";
import { readStackConfig } from "../plan/stackConfigFile";
import { checkRelease, formatReleaseCheck, type ReleaseCheck, type ReleaseToCheck } from "./chartsCheck";

const isClusterStack = (stack: StackName): boolean => (clusterStackNames as readonly string[]).includes(stack);

export interface ChartsCheckRequest {
  readonly projectDir: string;
  readonly stacks: readonly StackName[];
  /** Plan the stacks on this cluster stack instead of their files' `lab:cluster` (both profiles deploy different values). */
  readonly cluster?: ClusterStackName;
  /** An earlier `lab plan --json` document to take the releases from instead of planning. */
  readonly planFile?: string;
  /** Chart sources to render instead of pulling from the charts' repositories. */
  readonly chartDir?: string;
  readonly json: boolean;
}

const planFileSchema = z.object({
  stacks: z.array(
    z.object({
      stack: z.string(),
      resources: z.array(
        z.object({
          name: z.string(),
          namespace: z.string().optional(),
          helm: z.object({ chart: z.string(), repo: z.string(), version: z.string(), values: z.union([z.record(z.string(), z.unknown()), z.literal("[secret]")]) }).optional(),
        }),
      ),
    }),
  ),
});

function releasesOf(stack: string, resources: readonly Pick<PlannedResource, "name" | "namespace" | "helm">[]): ReleaseToCheck[] {
  return resources.flatMap((r) => (r.helm ? [{ stack, release: r.name, namespace: r.namespace ?? "default", helm: r.helm }] : []));
}

async function releasesToCheck(request: ChartsCheckRequest): Promise<ReleaseToCheck[]> {
  if (request.planFile) {
    const document: unknown = JSON.parse(fs.readFileSync(request.planFile, "utf8"));
    const parsed = planFileSchema.safeParse(document);
    if (!parsed.success) throw new Error(`${request.planFile} is not a \`lab plan --json\` document:\n${explainIssues(planFileSchema, document, parsed.error.issues, { keyPrefix: "" })}`);
    return parsed.data.stacks.filter((s) => request.stacks.length === 0 || request.stacks.includes(s.stack as StackName)).flatMap((s) => releasesOf(s.stack, s.resources));
  }
  const releases: ReleaseToCheck[] = [];
  // On a chosen cluster: that cluster stack and the phases planned on it; the other cluster stack is not part of it.
  const stacks = request.cluster ? request.stacks.filter((s) => !isClusterStack(s) || s === request.cluster) : request.stacks;
  for (const stack of stacks) {
    const override: Record<string, string> = request.cluster && !isClusterStack(stack) ? { "lab:cluster": request.cluster } : {};
    const plan = await planStack(stack, readStackConfig(request.projectDir, stack, override));
    if (plan.error) throw new Error(`${stack} does not plan, so its releases cannot be rendered: ${plan.error}`);
    releases.push(...releasesOf(stack, plan.resources));
  }
  return releases;
}

/** `lab charts check`: exit code 0 when every release rendered clean. */
export async function runChartsCheck(request: ChartsCheckRequest, output: CommandOutput): Promise<number> {
  const { log, info } = console;
  // The programs' own logging must not mix into the report (or into --json's one document).
  console.log = console.info = (...a: unknown[]) => console.error(...a);
  let checks: ReleaseCheck[];
  try {
    const releases = await releasesToCheck(request);
    if (releases.length === 0) throw new Error("no Helm release in the stacks given");
    checks = releases.map((r) => {
      const check = checkRelease(r, request.chartDir);
      if (!request.json) output.out(formatReleaseCheck(check));
      return check;
    });
  } finally {
    console.log = log;
    console.info = info;
  }
  const failed = checks.filter((c) => !c.ok);
  if (request.json) output.out(JSON.stringify({ releases: checks, failed: failed.map((c) => `${c.stack}/${c.release}`) }, null, 2));
  else output.out(`\n${checks.length - failed.length}/${checks.length} releases rendered clean${request.cluster ? ` (planned on ${request.cluster})` : ""}`);
  return failed.length === 0 ? 0 : 1;
}
