import * as path from "path";
import { readRun, resolveRunFile } from "../archive/runArchive";
import { compareRuns } from "./compareRuns";
import { formatComparison, type ComparisonFormat } from "./formatComparison";

/** `lab compare <run-a> <run-b>`: both archive files read and checked, compared, formatted. */
export function runCompare(projectDir: string, runA: string, runB: string, format: ComparisonFormat): string {
  const label = (file: string) => path.relative(projectDir, file) || file;
  const fileA = resolveRunFile(projectDir, runA);
  const fileB = resolveRunFile(projectDir, runB);
  const comparison = compareRuns({ label: label(fileA), record: readRun(fileA) }, { label: label(fileB), record: readRun(fileB) });
  return formatComparison(comparison, format);
}
