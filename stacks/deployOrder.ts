import { mapValues } from "../lib/mapValues";
import { scaffoldPhases } from "./phases/scaffoldPhases";
import type { ClusterStackName, PhaseStackName, StackName } from "./stackNames";
import { isStackName, UnknownStackError } from "./stackNames";

/** The earlier phases each phase reads through StackReferences (and so must be deployed first). */
export const phaseNeeds: Record<PhaseStackName, readonly PhaseStackName[]> = {
  "phase-01": [],
  "phase-03": ["phase-01"],
  "phase-04": ["phase-01"],
  // Backups go to phase-03's object store.
  "phase-05": ["phase-01", "phase-03"],
  "phase-08": ["phase-01"],
  ...mapValues(scaffoldPhases, (d): readonly PhaseStackName[] => d.needs),
};

/**
 * The stacks `lab up <target>` brings up, in order: the cluster stack, then every phase the target
 * needs (transitively) in phase order, then the target.
 */
export function deployOrder(target: string, cluster: ClusterStackName): StackName[] {
  if (!isStackName(target)) throw new UnknownStackError(target);
  if (target === "kind" || target === "hub") return [target];
  const needed = new Set<PhaseStackName>();
  const visit = (phase: PhaseStackName) => {
    if (needed.has(phase)) return;
    needed.add(phase);
    phaseNeeds[phase].forEach(visit);
  };
  visit(target);
  return [cluster, ...[...needed].sort()];
}
