import * as path from "path";
import { stackNames } from "../../stacks/stackNames";
import { planStack } from "./planStack";
import { readStackConfig } from "./stackConfigFile";

/**
 * `npm run bench:plan`: how long the offline plan takes per stack, against the floor of an empty
 * Pulumi program run the same way (same mock runtime, same process), so the figure separates the
 * lab's own cost from the SDK's. Medians over several rounds after a warm-up round.
 */
const rounds = Number(process.env.BENCH_PLAN_ROUNDS ?? 7);
const projectDir = path.resolve(__dirname, "../..");

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function main(): Promise<void> {
  const emptyConfig = { values: {}, secretKeys: [], placeholders: [] };
  const floorRun = () => planStack("phase-01", emptyConfig, undefined, async () => ({}));
  const samples = new Map<string, number[]>([["(empty program)", []], ...stackNames.map((s) => [s, []] as [string, number[]])]);
  for (let round = 0; round <= rounds; round++) {
    const floor = await timed(floorRun);
    if (round > 0) samples.get("(empty program)")!.push(floor);
    for (const stack of stackNames) {
      const ms = await timed(async () => {
        const plan = await planStack(stack, readStackConfig(projectDir, stack));
        if (!plan.ok) throw new Error(`plan of ${stack} failed: ${plan.error ?? "schema or pin violations"}`);
      });
      if (round > 0) samples.get(stack)!.push(ms);
    }
  }
  const floorMs = median(samples.get("(empty program)")!);
  console.log(`plan time, median of ${rounds} rounds after 1 warm-up (Node ${process.version}, ${process.arch})`);
  console.log(`${"stack".padEnd(18)}${"median ms".padStart(11)}${"min ms".padStart(9)}${"max ms".padStart(9)}${"x floor".padStart(9)}`);
  for (const [stack, values] of samples) {
    const m = median(values);
    console.log(
      `${stack.padEnd(18)}${m.toFixed(1).padStart(11)}${Math.min(...values).toFixed(1).padStart(9)}${Math.max(...values).toFixed(1).padStart(9)}${(m / floorMs).toFixed(1).padStart(9)}`,
    );
  }
  const total = stackNames.reduce((sum, s) => sum + median(samples.get(s)!), 0);
  console.log(`all 12 stacks: ${total.toFixed(0)} ms (floor ${floorMs.toFixed(1)} ms per stack, ${(total / (floorMs * stackNames.length)).toFixed(1)}x)`);
  console.log(`heap used after the run: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
}

main().catch((err: Error) => {
  console.error(`bench:plan: ${err.message}`);
  process.exit(1);
});
