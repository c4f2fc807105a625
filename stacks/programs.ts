import { mapValues } from "../lib/mapValues";
import { hubProgram } from "./clusters/hubProgram";
import { kindProgram } from "./clusters/kindProgram";
import { stackContracts } from "./contracts";
import { phase01Program } from "./phases/phase01/program";
import { phase03Program } from "./phases/phase03/program";
import { phase04Program } from "./phases/phase04/program";
import { phase05Program } from "./phases/phase05/program";
import { phase08Program } from "./phases/phase08/program";
import { scaffoldPhases, scaffoldProgram } from "./phases/scaffoldPhases";
import { readStack } from "./stackReferences";
import { requireStackName, type StackName } from "./stackNames";

/** A stack program returns the stack's outputs (Pulumi awaits and exports them). */
export type StackProgram = () => Promise<Record<string, unknown>>;

const readPhase = (stack: StackName) => readStack(stackContracts[stack]);

const programs: Record<StackName, StackProgram> = {
  kind: kindProgram,
  hub: hubProgram,
  "phase-01": phase01Program,
  "phase-03": phase03Program,
  "phase-04": phase04Program,
  "phase-05": phase05Program,
  "phase-08": phase08Program,
  ...mapValues(scaffoldPhases, (d) => scaffoldProgram(d, readPhase)),
};

/** The program for a stack name; an unknown name fails at once with the list of valid names. */
export function programFor(stack: string): StackProgram {
  return programs[requireStackName(stack)];
}
