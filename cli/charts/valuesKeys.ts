import { isJsonObject, valueAt } from "../../lib/jsonValues";

/**
 * Which values keys the lab sets that a chart does not define. Helm ignores such a key silently (a
 * typo, or a key from another chart version), so the lab's setting never takes effect; only a
 * chart with a strict values.schema.json would refuse it, and most charts have none.
 */

/** What a chart offers: its default values (subcharts' defaults merged under their names) and template text. */
export interface ChartValuesSurface {
  readonly defaults: Record<string, unknown>;
  /** Every template of the chart and its subcharts, concatenated: `.Values.x.y` references are read from it. */
  readonly templates: string;
}

export interface UndefinedValuesKey {
  /** Dotted path (a key that itself holds a dot is quoted: `configs.params."server.insecure"`). */
  readonly path: string;
  /** The deepest part of the path the chart does define, so the message can say where it went wrong. */
  readonly definedUpTo: string;
}

export function dottedPath(keys: readonly string[]): string {
  return keys.map((k) => (/^[A-Za-z_][\w-]*$/.test(k) ? k : JSON.stringify(k))).join(".");
}

/** Every path to a leaf of the lab's values; an empty map or a list is a leaf (it is set as a whole). */
export function valuePaths(values: Record<string, unknown>, prefix: readonly string[] = []): string[][] {
  const paths: string[][] = [];
  for (const [key, value] of Object.entries(values)) {
    const path = [...prefix, key];
    if (isJsonObject(value) && Object.keys(value).length > 0) paths.push(...valuePaths(value, path));
    else paths.push(path);
  }
  return paths;
}

/**
 * Templates with their aliases resolved: `$.Values.x` is `.Values.x`, and after `$app := .Values.server`
 * every `$app.y` is `.Values.server.y` (charts pass a component's values around like that). The
 * assignment itself is dropped: it is not a use of the whole map.
 */
export function resolveValuesAliases(templates: string): string {
  let text = templates.replace(/\$\.Values\./g, ".Values.");
  for (const [assignment, name, path] of [...text.matchAll(/\$(\w+)\s*:=\s*\.Values((?:\.[A-Za-z_]\w*)*)(?![\w.])/g)]) {
    text = text.split(assignment).join("");
    text = text.replace(new RegExp(`\\$${name}(?![\\w])`, "g"), `.Values${path}`);
  }
  return text;
}

/**
 * Template expressions that take a values map whole, so any key under it reaches the output:
 * `toYaml`, `with`, `range`, or any other use of the map itself (passed to `include`, `dict`,
 * `deepCopy`, ...) rather than a truth test (`if`, `not`, `and`, `or`) or a field of it.
 */
function takenWhole(templates: string, keys: readonly string[], defaultValue: unknown): boolean {
  const ref = `\\.Values\\.${keys.map((k) => k.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")).join("\\.")}`;
  if (new RegExp(`(toYaml|toJson|with|range\\s+\\$\\w+\\s*,\\s*\\$\\w+\\s*:=|range\\s+\\$\\w+\\s*:=|tpl\\s*\\(?\\s*toYaml)\\s*\\(?\\s*${ref}\\s*\\)?\\s*[|}-]`).test(templates)) return true;
  // Printing a scalar default (`replicas: {{ .Values.replicaCount }}`) is not taking a map whole.
  const scalar = defaultValue !== null && defaultValue !== undefined && typeof defaultValue !== "object";
  return !scalar && new RegExp(`(?<!\\b(?:if|not|and|or)\\s+)${ref}(?![\\w.])`).test(templates);
}

/** A plain `.Values.a.b` or `index .Values.a "b"` reference to exactly this path. */
function referenced(templates: string, keys: readonly string[]): boolean {
  const plain = keys.every((k) => /^[A-Za-z_]\w*$/.test(k)) && new RegExp(`\\.Values\\.${keys.join("\\.")}(?![\\w.])`).test(templates);
  if (plain) return true;
  const last = keys[keys.length - 1];
  const parent = keys.slice(0, -1);
  if (parent.length === 0 || !parent.every((k) => /^[A-Za-z_]\w*$/.test(k))) return false;
  return templates.includes(`index .Values.${parent.join(".")} ${JSON.stringify(last)}`);
}

/**
 * A path is defined when the chart's defaults hold it; when it goes below a default that is free-form
 * (null, an empty map such as `resources: {}`, a list); when a template takes one of its prefixes
 * whole (`toYaml .Values.x`, `with .Values.x`, `range $k, $v := .Values.x`); or when a template
 * references it although values.yaml leaves it out (`.Values.fullnameOverride`).
 */
export function undefinedValuesKeys(values: Record<string, unknown>, chart: ChartValuesSurface): UndefinedValuesKey[] {
  const templates = resolveValuesAliases(chart.templates);
  const problems: UndefinedValuesKey[] = [];
  for (const path of valuePaths(values)) {
    let node: unknown = chart.defaults;
    let depth = 0;
    for (; depth < path.length; depth++) {
      if (isJsonObject(node) && path[depth] in node) node = node[path[depth]];
      else break;
    }
    if (depth === path.length) continue;
    const freeForm = node === null || (isJsonObject(node) && Object.keys(node).length === 0) || Array.isArray(node);
    if (depth > 0 && freeForm) continue;
    let whole = false;
    for (let i = path.length; i >= 1 && !whole; i--) whole = takenWhole(templates, path.slice(0, i), valueAt(chart.defaults, path.slice(0, i)));
    if (whole || referenced(templates, path)) continue;
    problems.push({ path: dottedPath(path), definedUpTo: dottedPath(path.slice(0, depth)) });
  }
  return problems;
}
