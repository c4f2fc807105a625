import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { isJsonObject } from "../../lib/jsonValues";
import type { HelmReleasePlan } from "../plan/planStack";
import type { ChartValuesSurface } from "./valuesKeys";
import { helm } from "./helmCli";

/** A chart on disk, ready for `helm template`: where it is, which version it is, what had to change. */
export interface ChartSource {
  readonly dir: string;
  /** The version in the chart's Chart.yaml: the pin when pulled, possibly the nearest when given as source. */
  readonly version: string;
  /** `pulled from <repo>` or `source <dir>`. */
  readonly origin: string;
  /** Dependencies a chart source lacks (a packaged chart carries them) that the values disable: left out. */
  readonly droppedDependencies: readonly string[];
}

const chartFileSchema = z.object({
  name: z.string(),
  version: z.union([z.string(), z.number()]).transform(String),
  dependencies: z.array(z.object({ name: z.string(), alias: z.string().optional(), condition: z.string().optional() })).optional(),
});

function readChartFile(dir: string) {
  const file = path.join(dir, "Chart.yaml");
  const parsed = chartFileSchema.safeParse(parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file}: not a Helm chart (name and version expected): ${parsed.error.issues[0].message}`);
  return parsed.data;
}

/** Helm's coalescing: the user's values over the chart's, maps merged key by key, null deleting a default. */
export function mergeValues(defaults: Record<string, unknown>, values: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(values)) {
    if (value === null) delete merged[key];
    else if (isJsonObject(value) && isJsonObject(merged[key])) merged[key] = mergeValues(merged[key] as Record<string, unknown>, value);
    else merged[key] = value;
  }
  return merged;
}

/** Helm's dependency condition: the first of its comma-separated paths that resolves to a boolean decides; none does: enabled. */
export function conditionEnabled(condition: string | undefined, values: Record<string, unknown>): boolean {
  for (const p of (condition ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
    let node: unknown = values;
    for (const key of p.split(".")) node = isJsonObject(node) ? node[key] : undefined;
    if (typeof node === "boolean") return node;
  }
  return true;
}

function readValuesFile(file: string): Record<string, unknown> {
  if (!fs.existsSync(file)) return {};
  const values: unknown = parse(fs.readFileSync(file, "utf8"));
  return isJsonObject(values) ? values : {};
}

function templatesText(dir: string): string {
  const parts: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(ya?ml|tpl|txt|json)$/.test(entry.name)) parts.push(fs.readFileSync(p, "utf8"));
    }
  };
  walk(dir);
  return parts.join("\n");
}

/** Subchart directories of a chart, packaged ones (`charts/*.tgz`) unpacked into the working copy first. */
function subchartDirs(dir: string): string[] {
  const chartsDir = path.join(dir, "charts");
  if (!fs.existsSync(chartsDir)) return [];
  for (const archive of fs.readdirSync(chartsDir).filter((f) => f.endsWith(".tgz"))) {
    execFileSync("tar", ["-xzf", archive], { cwd: chartsDir });
    fs.rmSync(path.join(chartsDir, archive));
  }
  return fs
    .readdirSync(chartsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(chartsDir, e.name, "Chart.yaml")))
    .map((e) => path.join(chartsDir, e.name));
}

/** What the chart defines: its defaults with each subchart's under the subchart's name, and every template. */
export function chartSurface(dir: string): ChartValuesSurface {
  let defaults = readValuesFile(path.join(dir, "values.yaml"));
  let templates = templatesText(path.join(dir, "templates"));
  for (const sub of subchartDirs(dir)) {
    const name = readChartFile(sub).name;
    const inner = chartSurface(sub);
    defaults = { ...defaults, [name]: mergeValues(inner.defaults, isJsonObject(defaults[name]) ? (defaults[name] as Record<string, unknown>) : {}) };
    templates += `\n${inner.templates.replace(/\.Values\./g, `.Values.${name}.`)}`;
  }
  return { defaults, templates };
}

/**
 * A working copy of the chart in `workDir`: pulled at its pinned version, or copied from a source
 * directory (`<chartDir>/<chart>-<version>` first, then `<chartDir>/<chart>`). A chart source from
 * git lacks the dependencies its package would carry; those the values disable are left out of
 * Chart.yaml (and named), one the values enable is an error.
 */
export function prepareChart(release: HelmReleasePlan & { values: Record<string, unknown> }, workDir: string, chartDir?: string): ChartSource {
  const target = path.join(workDir, release.chart);
  let origin: string;
  if (chartDir) {
    const candidates = [path.join(chartDir, `${release.chart}-${release.version}`), path.join(chartDir, release.chart)];
    const found = candidates.find((c) => fs.existsSync(path.join(c, "Chart.yaml")));
    if (!found) throw new Error(`chart ${release.chart} not found under ${chartDir} (looked for ${candidates.map((c) => path.relative(chartDir, c)).join(" and ")})`);
    // Symlinks copied as their files, as `helm package` stores them (a chart's crds/ often links into its repository).
    fs.cpSync(found, target, { recursive: true, dereference: true });
    origin = `source ${found}`;
  } else {
    const ref = release.repo.startsWith("oci://") ? [`${release.repo}/${release.chart}`] : [release.chart, "--repo", release.repo];
    helm(["pull", ...ref, "--version", release.version, "--untar", "--untardir", workDir]);
    origin = `pulled from ${release.repo}`;
  }
  const chart = readChartFile(target);
  const merged = mergeValues(readValuesFile(path.join(target, "values.yaml")), release.values);
  const present = new Set(fs.existsSync(path.join(target, "charts")) ? fs.readdirSync(path.join(target, "charts")).map((f) => f.replace(/-\d[^/]*\.tgz$/, "")) : []);
  const dropped: string[] = [];
  const kept = (chart.dependencies ?? []).filter((d) => {
    if (present.has(d.name)) return true;
    if (conditionEnabled(d.condition, merged)) {
      throw new Error(`chart ${release.chart}: dependency ${d.name} is enabled by the values (condition ${d.condition ?? "none"}) but missing from ${origin}: run helm dependency build there`);
    }
    dropped.push(d.name);
    return false;
  });
  if (dropped.length > 0) {
    const document = parse(fs.readFileSync(path.join(target, "Chart.yaml"), "utf8")) as Record<string, unknown>;
    const lock = path.join(target, "Chart.lock");
    if (fs.existsSync(lock)) fs.rmSync(lock);
    fs.writeFileSync(path.join(target, "Chart.yaml"), JSON.stringify({ ...document, dependencies: kept }));
  }
  return { dir: target, version: chart.version, origin, droppedDependencies: dropped };
}
