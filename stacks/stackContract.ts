import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { StackName } from "./stackNames";

/**
 * What a stack promises to export: a zod schema over its outputs, which of them are secrets,
 * and the sample values the offline plan hands to downstream stacks in place of a real deployment.
 */
export interface StackContract<S extends z.ZodObject = z.ZodObject, K extends keyof z.infer<S> & string = keyof z.infer<S> & string> {
  readonly stack: StackName;
  readonly schema: S;
  readonly secretKeys: readonly K[];
  /** Only for `lab plan` and tests: what a deployed stack's outputs look like. */
  readonly planSample: z.infer<S>;
}

export function defineContract<S extends z.ZodObject, K extends keyof z.infer<S> & string = never>(
  contract: StackContract<S, K>,
): StackContract<S, K> {
  // A sample that does not satisfy its own schema would make every offline plan a lie.
  contract.schema.parse(contract.planSample);
  return contract;
}

/** What a stack program returns for a contract: each promised output, known now or later. */
export type StackOutputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };
