/** The stacks of the `platform-lab` project: two cluster stacks and one stack per phase. */
export const clusterStackNames = ["kind", "hub"] as const;
export type ClusterStackName = (typeof clusterStackNames)[number];

export const phaseStackNames = [
  "phase-01",
  "phase-02",
  "phase-03",
  "phase-04",
  "phase-05",
  "phase-06",
  "phase-07",
  "phase-08",
  "phase-09",
  "phase-10",
] as const;
export type PhaseStackName = (typeof phaseStackNames)[number];

export const stackNames = [...clusterStackNames, ...phaseStackNames] as const;
export type StackName = (typeof stackNames)[number];

export function isStackName(name: string): name is StackName {
  return (stackNames as readonly string[]).includes(name);
}

export class UnknownStackError extends Error {
  constructor(name: string) {
    super(`Unknown stack "${name}". Valid stacks: ${stackNames.join(", ")}.`);
    this.name = "UnknownStackError";
  }
}

export function requireStackName(name: string): StackName {
  if (!isStackName(name)) throw new UnknownStackError(name);
  return name;
}
