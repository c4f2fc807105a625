import * as fs from "fs";
import * as path from "path";
import { runBenchCommand } from "../benchmarks/local/runLocal";
import { runJobLogCommand } from "../benchmarks/job/jobLogCommand";
import { runParseCommand } from "../benchmarks/parse";
import { runCostCommand } from "../finops/costCommand";
import { costDiff, formatCostDiff } from "../finops/costDiff";
import { measureArgoCdSync } from "../components/platform/argoCdSync";
import { measurePlatformReadiness } from "../components/platform/readiness";
import { requireStackName, stackNames } from "../stacks/stackNames";
import { planDocument } from "./plan/planDocument";
import { planStack, type StackPlan } from "./plan/planStack";
import { formatPlan } from "./plan/printPlan";
import { readStackConfig } from "./plan/stackConfigFile";
import { labDestroy, labUp } from "./run/pulumiRunner";

const projectDir = path.resolve(__dirname, "..");

const usage = `usage: npm run lab -- <command>
  plan <stack> | --all [--json] [--cost-diff <earlier-plan.json>]   offline plan under Pulumi mocks
  up <stack>                                                        deploy the cluster and phases the stack needs
  destroy <stack>                                                   destroy one stack
  parse k6|pgbench|vegeta <file> [...]                              normalize a tool's output to JSON
  parse job-log --tool pgbench|k6 --target <t> <log-file>           a benchmark Job's log to its outcome
  parse readiness <namespaces.json> <pods.json>                     platform readiness from kubectl JSON
  parse argocd-sync <application.json>                              Argo CD sync time of an Application
  bench --local pgbench|http [...]                                  run a benchmark locally on loopback
  cost --profile <name> --cpu <cores> --memory-gib <GiB> --hours <h> [--requests <n>]
stacks: ${stackNames.join(", ")}`;

async function plan(args: string[]): Promise<number> {
  let json = false;
  let all = false;
  let diffFile: string | undefined;
  const named: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--json") json = true;
    else if (arg === "--all") all = true;
    else if (arg === "--cost-diff") {
      diffFile = args[++i];
      if (!diffFile) throw new Error("--cost-diff needs the path of an earlier `lab plan --all --json` document");
    } else if (arg.startsWith("--")) throw new Error(`plan: unknown option ${arg}\n${usage}`);
    else named.push(arg);
  }
  const stacks = all ? [...stackNames] : named.map(requireStackName);
  if (stacks.length === 0) throw new Error(`plan needs a stack or --all\n${usage}`);

  // --json promises one document on stdout: anything the SDK or a program logs goes to stderr.
  const stdoutLog = console.log;
  if (json) console.log = console.info = (...a: unknown[]) => console.error(...a);
  const plans: StackPlan[] = [];
  for (const stack of stacks) {
    const result = await planStack(stack, readStackConfig(projectDir, stack));
    plans.push(result);
    if (!json) stdoutLog(formatPlan(result));
  }
  const document = planDocument(plans, all);
  if (json) stdoutLog(JSON.stringify(document, null, 2));
  else {
    const s = document.summary;
    stdoutLog(`\n${s.ok}/${s.stacks} stacks ok; ${s.kubernetesObjectsValidated} Kubernetes objects validated; ${s.schemaViolations} with schema violations`);
    if (document.idleCapacity) {
      const idle = document.idleCapacity;
      stdoutLog(`idle kind capacity: ${idle.idle.cpuMillicores}m CPU, ${Math.round(idle.idle.memoryMiB)} MiB = ${idle.idleMonthlyUsd.toFixed(2)} USD/month (${idle.profile}), not spread over phases`);
    }
  }
  if (diffFile) {
    const earlier = JSON.parse(fs.readFileSync(diffFile, "utf8"));
    (json ? console.error : stdoutLog)(formatCostDiff(costDiff(earlier, document)));
  }
  return plans.every((p) => p.ok) ? 0 : 1;
}

function requireArg(value: string | undefined, usageLine: string): string {
  if (!value) throw new Error(`usage: ${usageLine}`);
  return value;
}

async function readTwoFiles(paths: string[]): Promise<[string, string]> {
  if (paths.length !== 2) throw new Error("usage: lab parse readiness <namespaces.json> <pods.json>");
  return [fs.readFileSync(paths[0], "utf8"), fs.readFileSync(paths[1], "utf8")];
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "plan":
      return plan(rest);
    case "up":
      labUp(projectDir, requireStackName(rest[0] ?? ""));
      return 0;
    case "destroy":
      labDestroy(projectDir, requireStackName(rest[0] ?? ""));
      return 0;
    case "parse":
      if (rest[0] === "job-log") console.log(await runJobLogCommand(rest.slice(1)));
      else if (rest[0] === "argocd-sync") console.log(JSON.stringify(measureArgoCdSync(fs.readFileSync(requireArg(rest[1], "lab parse argocd-sync <application.json>"), "utf8"))));
      else if (rest[0] === "readiness") console.log(JSON.stringify(measurePlatformReadiness(...(await readTwoFiles(rest.slice(1))))));
      else console.log(await runParseCommand(rest));
      return 0;
    case "bench":
      console.log(await runBenchCommand(rest));
      return 0;
    case "cost":
      console.log(runCostCommand(rest));
      return 0;
    default:
      console.error(usage);
      return command === undefined || command === "help" || command === "--help" ? 0 : 2;
  }
}

/** Exit once stdout has drained: exiting at once cuts a large document (a pipe takes 64 KiB at a time). */
function exitAfterFlush(code: number): void {
  process.stdout.write("", () => process.exit(code));
}

main(process.argv.slice(2)).then(exitAfterFlush, (err: Error) => {
  console.error(`lab: ${err.message}`);
  exitAfterFlush(1);
});
