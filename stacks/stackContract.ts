import { z } from "zod";
import type { StackName } from "./stackNames";

/**
 * What a stack promises to export: a zod schema over its outputs, which of them are secrets,
 * and the sample values the offline plan hands to downstream stacks in place of a real deployment.
 */
export interface StackContract<S extends z.ZodObject = z.ZodObject> {
  readonly stack: StackName;
  readonly schema: S;
  readonly secretKeys: readonly (keyof z.infer<S> & string)[];
  /** Only for `lab plan` and tests: what a deployed stack's outputs look like. */
  readonly planSample: z.infer<S>;
}

export function defineContract<S extends z.ZodObject>(contract: StackContract<S>): StackContract<S> {
  // A sample that does not satisfy its own schema would make every offline plan a lie.
  contract.schema.parse(contract.planSample);
  return contract;
}
