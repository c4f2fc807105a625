import { mapValues } from "../lib/mapValues";
import { clusterContracts } from "./clusterContract";
import { phase01Contract } from "./phases/phase01/contract";
import { phase03Contract } from "./phases/phase03/contract";
import { phase04Contract } from "./phases/phase04/contract";
import { phase05Contract } from "./phases/phase05/contract";
import { phase08Contract } from "./phases/phase08/contract";
import { scaffoldContract, scaffoldPhases } from "./phases/scaffoldPhases";
import type { StackContract } from "./stackContract";
import type { StackName } from "./stackNames";

/** Every stack's export contract, by stack name: what StackReferences read and the plan synthesizes. */
export const stackContracts: Record<StackName, StackContract> = {
  kind: clusterContracts.kind,
  hub: clusterContracts.hub,
  "phase-01": phase01Contract,
  "phase-03": phase03Contract,
  "phase-04": phase04Contract,
  "phase-05": phase05Contract,
  "phase-08": phase08Contract,
  ...mapValues(scaffoldPhases, scaffoldContract),
};
