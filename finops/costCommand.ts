import { allocationCost, perUnitCost } from "./costModel";
import { pricingProfileNames } from "../lib/profileNames";
import { parsePricingConfig, resolvePricingProfile } from "./profiles";
import { MIB_PER_GIB, MILLICORES_PER_CORE } from "./units";

/**
 * `lab cost`: price an allocation from the command line without a cluster or a stack.
 *   lab cost --profile <laptop|homelab|aws> --cpu <cores> --memory-gib <GiB> --hours <h>
 *            [--requests <n>] [--storage-gib <GB>]
 * Returns the JSON text to print. Offline: AWS prices come from the fallback table.
 */
const flagSpecs = {
  "--profile": { required: true },
  "--cpu": { required: true },
  "--memory-gib": { required: true },
  "--hours": { required: true },
  "--requests": { required: false },
  "--storage-gib": { required: false },
} as const;
type Flag = keyof typeof flagSpecs;

export const COST_COMMAND_USAGE =
  "usage: lab cost --profile <laptop|homelab|aws> --cpu <cores> --memory-gib <GiB> --hours <h> [--requests <n>] [--storage-gib <GB>]";

function isFlag(name: string): name is Flag {
  return Object.prototype.hasOwnProperty.call(flagSpecs, name);
}

export function parseCostFlags(argv: readonly string[]): Partial<Record<Flag, string>> {
  const args = argv[0] === "cost" ? argv.slice(1) : argv;
  const values: Partial<Record<Flag, string>> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.indexOf("=");
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    if (!isFlag(name)) throw new Error(`lab cost: unknown argument ${JSON.stringify(arg)}\n${COST_COMMAND_USAGE}`);
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      value = args[i + 1];
      if (value === undefined || value.startsWith("--")) throw new Error(`lab cost: ${name} needs a value\n${COST_COMMAND_USAGE}`);
      i++;
    }
    if (values[name] !== undefined) throw new Error(`lab cost: ${name} given twice`);
    values[name] = value;
  }
  for (const [name, spec] of Object.entries(flagSpecs)) {
    if (spec.required && values[name as Flag] === undefined) throw new Error(`lab cost: missing ${name}\n${COST_COMMAND_USAGE}`);
  }
  return values;
}

function numberFlag(name: Flag, text: string | undefined, expected: string, allowZero: boolean): number | undefined {
  if (text === undefined) return undefined;
  const value = text.trim() === "" ? NaN : Number(text);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new Error(`lab cost: ${name}: got ${JSON.stringify(text)}, expected ${expected}`);
  }
  return value;
}

export function runCostCommand(argv: readonly string[]): string {
  const flags = parseCostFlags(argv);
  const profile = flags["--profile"]!;
  if (!(pricingProfileNames as readonly string[]).includes(profile)) {
    throw new Error(`lab cost: --profile: got ${JSON.stringify(profile)}, expected one of ${pricingProfileNames.join(", ")}`);
  }
  const cpuCores = numberFlag("--cpu", flags["--cpu"], "a number of cores >= 0 (e.g. 0.5)", true)!;
  const memoryGiB = numberFlag("--memory-gib", flags["--memory-gib"], "a number of GiB >= 0", true)!;
  const hours = numberFlag("--hours", flags["--hours"], "a number of hours > 0", false)!;
  const storageGiB = numberFlag("--storage-gib", flags["--storage-gib"], "a number of GB >= 0", true) ?? 0;
  const requests = numberFlag("--requests", flags["--requests"], "a whole number of requests >= 0", true);
  if (requests !== undefined && !Number.isInteger(requests)) {
    throw new Error(`lab cost: --requests: got ${JSON.stringify(flags["--requests"])}, expected a whole number of requests >= 0`);
  }

  const pricing = resolvePricingProfile(parsePricingConfig({ profile }));
  const allocation = { cpuMillicores: cpuCores * MILLICORES_PER_CORE, memoryMiB: memoryGiB * MIB_PER_GIB, storageGiB };
  const cost = allocationCost(allocation, hours, pricing.unitPrices);
  const awsReference = allocationCost(allocation, hours, pricing.awsReference);
  const output = {
    profile: pricing.profile,
    allocation: { cpuCores, memoryGiB, storageGiB, hours },
    cost,
    awsReference,
    ...(requests !== undefined
      ? {
          requests,
          perMillionRequests: perUnitCost(cost.total, requests, "requests", 1_000_000),
          awsReferencePerMillionRequests: perUnitCost(awsReference.total, requests, "requests", 1_000_000),
        }
      : {}),
    prices: { active: pricing.unitPrices, awsReference: pricing.awsReference },
  };
  return JSON.stringify(output, null, 2);
}
