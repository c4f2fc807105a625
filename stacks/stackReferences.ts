import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { StackContract } from "./stackContract";

/**
 * `organization/platform-lab/<stack>` on the local file backend (which requires the literal
 * `organization`), `<org>/<project>/<stack>` on a cloud backend: both come from the engine.
 */
export function fullStackName(stack: string): string {
  return `${pulumi.getOrganization()}/${pulumi.getProject()}/${stack}`;
}

export class UpstreamStackError extends Error {
  constructor(stack: string, detail: string) {
    super(`Cannot read stack "${stack}": ${detail}. Deploy it first: npm run lab -- up ${stack}`);
    this.name = "UpstreamStackError";
  }
}

/** Secret outputs stay Pulumi secrets; the rest are plain values, known before any resource is built. */
export type ReadOutputs<S extends z.ZodObject, K extends keyof z.infer<S>> = Omit<z.infer<S>, K> & {
  readonly [P in K]: pulumi.Output<z.infer<S>[P]>;
};

/**
 * Reads a stack's outputs through a StackReference and validates them against the stack's
 * contract before the caller registers anything, so a missing stack or output stops the program
 * with the stack to deploy first rather than half-way through an update.
 */
export async function readStack<S extends z.ZodObject, K extends keyof z.infer<S> & string>(
  contract: StackContract<S, K>,
  opts?: pulumi.CustomResourceOptions,
): Promise<ReadOutputs<S, K>> {
  const reference = new pulumi.StackReference(`${contract.stack}-outputs`, { name: fullStackName(contract.stack) }, opts);
  const raw: Record<string, unknown> = {};
  const secretUpstream: string[] = [];
  const keys = Object.keys(contract.schema.shape);
  try {
    for (const key of keys) {
      const details = await reference.getOutputDetails(key);
      raw[key] = details.value ?? details.secretValue;
      if (details.secretValue !== undefined) secretUpstream.push(key);
    }
  } catch (err) {
    throw new UpstreamStackError(contract.stack, `the stack could not be read (${(err as Error).message})`);
  }
  const missing = keys.filter((k) => raw[k] === undefined);
  if (missing.length > 0) {
    throw new UpstreamStackError(contract.stack, `it has no output ${missing.map((k) => `"${k}"`).join(", ")}`);
  }
  // A value the upstream stack marked secret stays secret whatever the contract says: one the contract
  // reads as plain would reach names, labels and logs in clear, so it stops here, unprinted.
  const declaredSecret = new Set<string>(contract.secretKeys);
  const undeclared = secretUpstream.filter((k) => !declaredSecret.has(k));
  if (undeclared.length > 0) {
    throw new UpstreamStackError(
      contract.stack,
      `its output ${undeclared.map((k) => `"${k}"`).join(", ")} is a secret there, but the contract reads it as a plain value (add it to the contract's secretKeys, or export it as a plain value)`,
    );
  }
  const parsed = contract.schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `output "${i.path.join(".")}": ${i.message}`).join("; ");
    throw new UpstreamStackError(contract.stack, `its outputs do not match the contract (${problems})`);
  }
  const values: Record<string, unknown> = { ...(parsed.data as Record<string, unknown>) };
  for (const key of contract.secretKeys) values[key] = pulumi.secret(values[key]);
  return values as ReadOutputs<S, K>;
}
