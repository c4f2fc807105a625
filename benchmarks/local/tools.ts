import { accessSync, constants, existsSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";

/**
 * Where the benchmark tools live. scripts/install-go-tools.sh puts k6, helm and the control plane in a
 * cache dir that need not be on PATH, and Debian keeps the PostgreSQL server binaries under
 * /usr/lib/postgresql/<major>/bin (only pgbench and psql are linked into /usr/bin).
 */
export function toolCacheDir(): string {
  return process.env.PLATFORM_LAB_TOOLS ?? join(homedir(), ".cache", "platform-lab", "bin");
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Newest Debian PostgreSQL bin dir holding initdb/postgres/pg_ctl, or null. */
export function postgresBinDir(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const majors = readdirSync(root).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a));
  for (const m of majors) {
    const dir = join(root, m, "bin");
    if (["initdb", "postgres", "pg_ctl"].every((b) => executable(join(dir, b)))) return dir;
  }
  return null;
}

/** Absolute path of a tool: PATH first, then the lab's tool cache, then PostgreSQL's bin dir. */
export function findTool(name: string): string | null {
  const dirs = [...(process.env.PATH ?? "").split(delimiter).filter(Boolean), toolCacheDir()];
  const pg = postgresBinDir();
  if (pg) dirs.push(pg);
  for (const dir of dirs) {
    const p = join(dir, name);
    if (executable(p)) return p;
  }
  return null;
}
