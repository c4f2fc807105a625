import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

/**
 * DESIGN.md's layering, top to bottom: cli/ -> stacks/ -> components/ and benchmarks/ -> finops/
 * -> lib/. benchmarks/ builds its Job from the component toolkit, so it may import components/;
 * the reverse would make the two one tangle.
 */
const mayImport: Record<string, readonly string[]> = {
  cli: ["stacks", "components", "benchmarks", "finops", "lib"],
  stacks: ["components", "benchmarks", "finops", "lib"],
  benchmarks: ["components", "finops", "lib"],
  components: ["finops", "lib"],
  finops: ["lib"],
  lib: [],
};

const root = resolve(__dirname, "../..");

/** Every relative module a TypeScript source names: static imports, re-exports, import(), require(). */
export function importedSpecifiers(source: string): string[] {
  const specifiers: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)(["'])(\.{1,2}\/[^"']*)\1/g;
  for (const match of source.matchAll(pattern)) specifiers.push(match[2]);
  return specifiers;
}

/** `components/core/sizing.ts imports stacks/clusterContract` for each import that runs upward or sideways. */
export function layerViolations(file: string, source: string): string[] {
  const layer = file.split("/")[0];
  const allowed = mayImport[layer];
  if (!allowed) throw new Error(`${file}: not in a known layer (${Object.keys(mayImport).join(", ")})`);
  return importedSpecifiers(source).flatMap((specifier) => {
    const target = relative(root, resolve(root, dirname(file), specifier)).split(sep).join("/");
    const targetLayer = target.split("/")[0];
    return targetLayer === layer || allowed.includes(targetLayer) ? [] : [`${file} imports ${target}`];
  });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

describe("import layering", () => {
  test.each(Object.keys(mayImport))("%s/ imports only the layers below it", (layer) => {
    const files = sourceFiles(layer);
    expect(files.length).toBeGreaterThan(0);
    expect(files.flatMap((file) => layerViolations(file, readFileSync(join(root, file), "utf8")))).toEqual([]);
  });

  test("an upward import, a re-export, a dynamic import and a require are each reported", () => {
    const source = [
      'import type { SizingProfile } from "../../stacks/clusterContract";',
      'export { unitCostSchema } from "../../benchmarks/result";',
      'const lab = await import("../../cli/lab");',
      'const x = require("../../stacks/stackNames");',
      'import { labLabels } from "./labels";',
      'import { z } from "zod";',
    ].join("\n");
    expect(layerViolations("components/core/sizing.ts", source)).toEqual([
      "components/core/sizing.ts imports stacks/clusterContract",
      "components/core/sizing.ts imports benchmarks/result",
      "components/core/sizing.ts imports cli/lab",
      "components/core/sizing.ts imports stacks/stackNames",
    ]);
  });

  test("lib/ may import nothing of the lab, finops/ only lib/", () => {
    expect(layerViolations("lib/footprint.ts", 'import { usd } from "../finops/units";')).toEqual(["lib/footprint.ts imports finops/units"]);
    expect(layerViolations("finops/costModel.ts", 'import { x } from "../benchmarks/result";')).toEqual(["finops/costModel.ts imports benchmarks/result"]);
    expect(layerViolations("finops/costModel.ts", 'import { x } from "../lib/benchmarkResult";')).toEqual([]);
  });
});
