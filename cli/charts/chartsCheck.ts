import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { replaceUnknowns } from "../plan/recordingMocks";
import { secretPlaceholder, type HelmReleasePlan } from "../plan/planStack";
import { chartSurface, prepareChart } from "./chartSource";
import { helm, renderKubeVersion } from "./helmCli";
import { releaseConnections } from "./releaseConnections";
import { checkRendered, parseRendered, type RenderedFindings } from "./renderedChecks";
import { undefinedValuesKeys, type UndefinedValuesKey } from "./valuesKeys";

/** One Helm release as the plan registered it. */
export interface ReleaseToCheck {
  readonly stack: string;
  readonly release: string;
  readonly namespace: string;
  readonly helm: HelmReleasePlan;
}

export interface ReleaseCheck {
  readonly stack: string;
  readonly release: string;
  readonly chart: string;
  readonly pinnedVersion: string;
  /** The version rendered: the pin, or the nearest a given chart source holds (then `nearestVersion` is true). */
  readonly renderedVersion?: string;
  readonly nearestVersion: boolean;
  readonly origin?: string;
  readonly droppedDependencies: readonly string[];
  readonly undefinedKeys: readonly UndefinedValuesKey[];
  /** `helm lint --strict` lines at WARNING or ERROR level. */
  readonly lint: readonly string[];
  readonly rendered?: RenderedFindings;
  /** Why the release could not be rendered at all (chart not found, helm refused the values, ...). */
  readonly error?: string;
  readonly ok: boolean;
}


function lintProblems(output: string): string[] {
  return output.split("\n").filter((l) => /\[(WARNING|ERROR)\]/.test(l)).map((l) => l.trim());
}

/**
 * Renders one release with helm exactly as the lab would install it (its namespace, its values, CRDs
 * included, Kubernetes 1.34) and checks it: every values key defined by the chart, `helm lint
 * --strict` clean, every rendered object valid, no CPU limit, and every Service port and Secret key
 * the lab's code relies on present.
 */
export function checkRelease(r: ReleaseToCheck, chartDir?: string): ReleaseCheck {
  const base = { stack: r.stack, release: r.release, chart: r.helm.chart, pinnedVersion: r.helm.version };
  const failed = (error: string, extra: Partial<ReleaseCheck> = {}): ReleaseCheck => ({ ...base, nearestVersion: false, droppedDependencies: [], undefinedKeys: [], lint: [], ...extra, error, ok: false });
  if (r.helm.values === secretPlaceholder) return failed("its values hold a secret, which the lab keeps out of Helm values (a Secret and a secretKeyRef instead)");
  const values = replaceUnknowns(r.helm.values, "unknown-at-plan") as Record<string, unknown>;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `lab-charts-${r.release}-`));
  try {
    let source;
    try {
      source = prepareChart({ ...r.helm, values }, workDir, chartDir);
    } catch (err) {
      return failed((err as Error).message);
    }
    const versionInfo = { renderedVersion: source.version, nearestVersion: source.version.replace(/^v/, "") !== r.helm.version.replace(/^v/, ""), origin: source.origin, droppedDependencies: source.droppedDependencies };
    const undefinedKeys = undefinedValuesKeys(values, chartSurface(source.dir));
    const valuesFile = path.join(workDir, "lab-values.json");
    fs.writeFileSync(valuesFile, JSON.stringify(values));
    const common = ["--namespace", r.namespace, "--kube-version", renderKubeVersion, "-f", valuesFile];
    let lint: string[];
    try {
      lint = lintProblems(helm(["lint", "--strict", source.dir, ...common]));
    } catch (err) {
      lint = lintProblems((err as Error).message);
      if (lint.length === 0) lint = [(err as Error).message];
    }
    let rendered: RenderedFindings;
    try {
      rendered = checkRendered(parseRendered(helm(["template", r.release, source.dir, "--include-crds", ...common])), releaseConnections(r.release, values));
    } catch (err) {
      return failed((err as Error).message, { ...versionInfo, undefinedKeys, lint });
    }
    const ok =
      undefinedKeys.length === 0 && lint.length === 0 && rendered.schemaViolations.length === 0 && rendered.cpuLimits.length === 0 && rendered.missingConnections.length === 0;
    return { ...base, ...versionInfo, undefinedKeys, lint, rendered, ok };
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** A check as a person reads it: one line when clean, each finding on its own line otherwise. */
export function formatReleaseCheck(c: ReleaseCheck): string {
  const version = c.renderedVersion ? `${c.chart}@${c.renderedVersion}${c.nearestVersion ? ` (nearest to the pinned ${c.pinnedVersion})` : ""}` : `${c.chart}@${c.pinnedVersion}`;
  const head = `${c.ok ? "ok  " : "FAIL"} ${c.stack} ${c.release}: ${version}${c.rendered ? `, ${c.rendered.objects} objects` : ""}${c.origin ? `, ${c.origin}` : ""}`;
  const lines = [head];
  if (c.error) lines.push(`     cannot render: ${c.error}`);
  for (const d of c.droppedDependencies) lines.push(`     left out dependency ${d} (disabled by the values, absent from the chart source)`);
  for (const k of c.undefinedKeys) lines.push(`     values key ${k.path} is not defined by the chart${k.definedUpTo ? ` (it defines ${k.definedUpTo}, not what the lab sets under it)` : ""}: Helm ignores it`);
  for (const l of c.lint) lines.push(`     helm lint --strict: ${l}`);
  for (const v of c.rendered?.schemaViolations ?? []) lines.push(`     schema: ${v}`);
  for (const l of c.rendered?.cpuLimits ?? []) lines.push(`     CPU limit: ${l} (the lab sets none: chartContainerResources deletes a chart's default)`);
  for (const m of c.rendered?.missingConnections ?? []) lines.push(`     missing: ${m}`);
  if (c.rendered && c.rendered.noSchema.length > 0) lines.push(`     not schema-checked (no schema here): ${c.rendered.noSchema.join(", ")}`);
  return lines.join("\n");
}
