import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { ConfigError, explainIssues } from "../../lib/configErrors";

/**
 * The run archive: one JSON file per `lab up` (or `lab report --save`) of a stack, at
 * `results/<stack>/<timestamp>-<runId>.json` in the user's checkout, a folder they may commit.
 * It keeps the stack's outputs as `pulumi stack output --json --show-secrets=false` gives them
 * (secrets stay `[secret]`) with what makes two runs comparable or not: the run ids, the tool
 * versions, the cluster, the pricing profile and the benchmark definitions set in the stack file.
 */

/** Bumped when a field changes meaning; a reader refuses a version it does not know. */
export const runArchiveSchemaVersion = 1;

/** The folder under the checkout the archive lives in. */
export const resultsFolder = "results";

/** Run ids are the phases' `runId` config (phase04/config.ts): lowercase, digits and dashes, so safe in a file name. */
const runIdSchema = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "a short lowercase id like 1 or 2026-11-23");

export const runRecordSchema = z
  .object({
    schemaVersion: z.literal(runArchiveSchemaVersion),
    stack: z.string().min(1),
    /** The benchmarks' run id (`lab:benchmark.runId`), `default` when the stack file left it at the phase's default. */
    runId: runIdSchema,
    /** Every `runId` the stack file set, by config key (`benchmark`, `restoreCheck`, ...). */
    runIds: z.record(z.string(), runIdSchema),
    /** When the run was archived (ISO 8601, UTC). */
    savedAt: z.string().datetime({ offset: true }),
    /** The cluster stack the phase ran on (`lab:cluster`): kind or hub. */
    cluster: z.string().min(1),
    /** The pricing profile its cost figures were priced with (laptop, homelab, aws). */
    pricingProfile: z.string().min(1),
    /** Each tool's versions as the tools printed them, from the outputs' benchmark results. */
    toolVersions: z.record(z.string(), z.array(z.string())),
    /** `lab:benchmark` as the stack file set it (null when it set none): what changed from the phase's defaults. */
    benchmarkConfig: z.record(z.string(), z.unknown()).nullable(),
    /** The stack's outputs, secrets as `[secret]`. */
    outputs: z.record(z.string(), z.unknown()),
  })
  .strict();
export type RunRecord = z.infer<typeof runRecordSchema>;

export interface RunRecordArgs {
  readonly stack: string;
  /** `pulumi stack output --json --show-secrets=false`, parsed. */
  readonly outputs: Record<string, unknown>;
  readonly cluster: string;
  /** Defaults to the profile the outputs' cost block names (`cost.profile`). */
  readonly pricingProfile?: string;
  readonly now: Date;
  /** From runContextFromStackFile: the stack file's run ids and `lab:benchmark`. */
  readonly runIds?: Record<string, string>;
  readonly benchmarkConfig?: Record<string, unknown> | null;
}

/** Pulumi's marker of a secret in serialized values (the Automation API can hand them over like this). */
const secretSignatureKey = "4dabf18193072939515e22adb298388d";

/** Secret values still wrapped by Pulumi become `[secret]`, as the CLI shows them: nothing secret reaches a file. */
export function hideSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hideSecrets);
  if (value !== null && typeof value === "object") {
    if (secretSignatureKey in value) return "[secret]";
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hideSecrets(v)]));
  }
  return value;
}

/** Every `{ tool, toolVersion }` pair anywhere in the outputs (benchmark results, sweep steps), distinct and sorted. */
export function toolVersionsIn(outputs: unknown): Record<string, string[]> {
  const found: Record<string, Set<string>> = {};
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== "object") return;
    const o = node as Record<string, unknown>;
    if (typeof o.tool === "string" && typeof o.toolVersion === "string") (found[o.tool] ??= new Set()).add(o.toolVersion);
    Object.values(o).forEach(walk);
  };
  walk(outputs);
  return Object.fromEntries(Object.entries(found).sort(([a], [b]) => a.localeCompare(b)).map(([tool, versions]) => [tool, [...versions].sort()]));
}

/**
 * The run ids and benchmark definitions a stack file (readStackFile's `config:` map) sets. The
 * outputs do not carry the run id: it is config, and it names the Jobs.
 */
export function runContextFromStackFile(config: Record<string, unknown>): { runIds: Record<string, string>; benchmarkConfig: Record<string, unknown> | null } {
  const structured = (value: unknown): Record<string, unknown> | undefined => {
    // `pulumi config set --path` writes YAML maps; a value set as JSON text is a string.
    if (typeof value === "string") {
      try {
        value = JSON.parse(value);
      } catch {
        return undefined;
      }
    }
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  };
  const runIds: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    const runId = structured(value)?.runId;
    if (key.startsWith("lab:") && (typeof runId === "string" || typeof runId === "number")) runIds[key.slice("lab:".length)] = String(runId);
  }
  return { runIds, benchmarkConfig: structured(config["lab:benchmark"]) ?? null };
}

/** The record to archive (pure: the caller writes it). */
export function buildRunRecord(args: RunRecordArgs): RunRecord {
  const outputs = hideSecrets(args.outputs) as Record<string, unknown>;
  const cost = outputs.cost as { profile?: unknown } | undefined;
  const pricingProfile = args.pricingProfile ?? (typeof cost?.profile === "string" ? cost.profile : undefined);
  if (!pricingProfile) throw new Error(`${args.stack}: no pricing profile given and the outputs have no cost.profile`);
  const runIds = args.runIds ?? {};
  const record = {
    schemaVersion: runArchiveSchemaVersion,
    stack: args.stack,
    runId: runIds.benchmark ?? "default",
    runIds,
    savedAt: args.now.toISOString(),
    cluster: args.cluster,
    pricingProfile,
    toolVersions: toolVersionsIn(outputs),
    benchmarkConfig: args.benchmarkConfig ?? null,
    outputs,
  };
  const parsed = runRecordSchema.safeParse(record);
  if (!parsed.success) throw new ConfigError(explainIssues(runRecordSchema, record, parsed.error.issues, { keyPrefix: "" }), `Cannot archive ${args.stack}`);
  return parsed.data;
}

/**
 * `2026-12-07T06-12-06Z-<runId>.json`: ISO 8601 with `-` for `:` (which Windows and some
 * tools refuse), fixed width, so names sort in time order.
 */
export function runFileName(record: Pick<RunRecord, "savedAt" | "runId">): string {
  const stamp = new Date(record.savedAt).toISOString().replace(/\.\d{3}Z$/, "Z").replace(/:/g, "-");
  return `${stamp}-${record.runId}.json`;
}

/** Writes the run to `results/<stack>/`; refuses to overwrite a run already archived. Returns the file's path. */
export function saveRun(args: RunRecordArgs & { readonly projectDir: string }): string {
  const record = buildRunRecord(args);
  const dir = path.join(args.projectDir, resultsFolder, record.stack);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, runFileName(record));
  fs.writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`, { flag: "wx" });
  return file;
}

/** A run file read back and checked; a bad file is an error naming the file and the key. */
export function readRun(file: string): RunRecord {
  let document: unknown;
  try {
    document = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`${file}: not a run archive file: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = runRecordSchema.safeParse(document);
  if (!parsed.success) throw new ConfigError(explainIssues(runRecordSchema, document, parsed.error.issues, { keyPrefix: "" }), `Invalid run archive ${file}`);
  return parsed.data;
}

export interface ArchivedRun {
  readonly file: string;
  readonly record: RunRecord;
}

/** The stack's archived runs, oldest first (file names sort by time); none when nothing was saved. */
export function listRuns(projectDir: string, stack: string): ArchivedRun[] {
  const dir = path.join(projectDir, resultsFolder, stack);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => ({ file: path.join(dir, name), record: readRun(path.join(dir, name)) }));
}

/**
 * A run named on the command line: a file path, or `<stack>/<file>` under results/ (the
 * `.json` may be left off).
 */
export function resolveRunFile(projectDir: string, name: string): string {
  if (fs.existsSync(name) && fs.statSync(name).isFile()) return name;
  const underResults = path.join(projectDir, resultsFolder, name.endsWith(".json") ? name : `${name}.json`);
  if (fs.existsSync(underResults)) return underResults;
  throw new Error(`no run archive ${JSON.stringify(name)}: expected a file path or <stack>/<file> under ${path.join(projectDir, resultsFolder)}`);
}
