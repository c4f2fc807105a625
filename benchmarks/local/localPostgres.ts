import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execBounded } from "./exec";
import { postgresBinDir } from "./tools";

/**
 * A throwaway PostgreSQL from Debian's binaries: its own data dir in a temp dir, listening only on
 * 127.0.0.1 at a free port, trust auth (nothing but this machine can reach it), fsync off (the
 * data is thrown away). initdb refuses to run as root, so as root every server command runs as
 * the `postgres` system user through runuser, and the temp dir is given to that user.
 */
export interface LocalPostgres {
  host: string;
  port: number;
  user: string;
  database: string;
  /** Standard libpq variables for pgbench/psql: the connection never goes on a command line. */
  env: Record<string, string>;
  /** e.g. `postgres://127.0.0.1:54321/postgres` (no secret: trust auth). */
  url: string;
  serverVersion: string;
  dir: string;
  stop(): Promise<void>;
}

export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function asServerUser(argv: string[]): string[] {
  if (process.getuid?.() !== 0) return argv;
  // runuser lives in /usr/sbin, which a minimal PATH may lack.
  const runuser = ["/usr/sbin/runuser", "/sbin/runuser"].find((p) => existsSync(p)) ?? "runuser";
  return [runuser, "-u", "postgres", "--", ...argv];
}

export async function startLocalPostgres(options: { binDir?: string; timeoutMs?: number } = {}): Promise<LocalPostgres> {
  const bin = options.binDir ?? postgresBinDir();
  if (!bin) throw new Error("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (run scripts/install-bench-tools.sh)");
  const timeoutMs = options.timeoutMs ?? 60_000;
  const dir = mkdtempSync(join(tmpdir(), "lab-pg-"));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const data = join(dir, "data");
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    await execBounded(asServerUser([join(bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]), { timeoutMs });
  } catch (e) {
    cleanup();
    throw e;
  }
  // A port can be taken between probing and binding: try a few.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freeLoopbackPort();
    const serverOpts = `-h 127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=64`;
    try {
      await execBounded(asServerUser([join(bin, "pg_ctl"), "-D", data, "-o", serverOpts, "-l", join(dir, "server.log"), "-w", "-t", String(Math.ceil(timeoutMs / 1000)), "start"]), {
        timeoutMs: timeoutMs + 5000,
      });
    } catch (e) {
      lastError = e;
      continue;
    }
    const env = { PGHOST: "127.0.0.1", PGPORT: String(port), PGUSER: "postgres", PGDATABASE: "postgres" };
    const stop = async () => {
      try {
        await execBounded(asServerUser([join(bin, "pg_ctl"), "-D", data, "-m", "fast", "-w", "stop"]), { timeoutMs: 30_000, allowFailure: true });
      } finally {
        cleanup();
      }
    };
    let serverVersion = "unknown";
    try {
      const psql = join(bin, "psql");
      serverVersion = (await execBounded([psql, "-XAtc", "show server_version"], { timeoutMs: 10_000, env: { ...process.env, ...env } })).stdout.trim();
    } catch (e) {
      await stop();
      throw e;
    }
    return { host: "127.0.0.1", port, user: "postgres", database: "postgres", env, url: `postgres://127.0.0.1:${port}/postgres`, serverVersion, dir, stop };
  }
  cleanup();
  throw lastError instanceof Error ? lastError : new Error("could not start PostgreSQL");
}
