import { labMigrations, latestVersion, migrationScript, migrationsDigest, type Migration } from "../../components/data/migrations";
import { startLocalPostgres, type LocalPostgres } from "../../benchmarks/local/localPostgres";
import { findTool, postgresBinDir } from "../../benchmarks/local/tools";
import { execBounded } from "../../benchmarks/local/exec";
import { realToolTest } from "../helpers/realTool";

/**
 * The migration Job's SQL (SchemaMigration: `psql -v ON_ERROR_STOP=1` with the script on stdin),
 * applied for real to a throwaway local PostgreSQL.
 */

const psql = findTool("psql");
const missing = !psql ? "psql not found" : !postgresBinDir() ? "PostgreSQL server binaries not found under /usr/lib/postgresql" : null;

describe("migrations applied for real", () => {
  let pg: LocalPostgres | undefined;
  beforeAll(async () => {
    if (missing === null) pg = await startLocalPostgres();
  }, 90_000);
  afterAll(async () => {
    await pg?.stop();
  });

  /** As the Job runs it: the script on psql's stdin, stopping at the first error. */
  const apply = (migrations: readonly Migration[], database: string) =>
    execBounded([psql as string, "-X", "-q", "-v", "ON_ERROR_STOP=1"], {
      timeoutMs: 30_000,
      env: { ...process.env, ...pg!.env, PGDATABASE: database },
      input: migrationScript(migrations),
      allowFailure: true,
    });
  const query = async (sql: string, database: string) => {
    const run = await execBounded([psql as string, "-X", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql], { timeoutMs: 30_000, env: { ...process.env, ...pg!.env, PGDATABASE: database }, allowFailure: true });
    if (run.code !== 0) throw new Error(`psql -c ${JSON.stringify(sql)} exited ${run.code}: ${run.stderr}`);
    return run.stdout.trim();
  };
  const createDatabase = (name: string) => query(`CREATE DATABASE ${name}`, "postgres");

  realToolTest(
    "twice in a row: every version recorded once, orders table and index exist, the second run changes nothing",
    missing,
    async () => {
      await createDatabase("lab_twice");
      const first = await apply(labMigrations, "lab_twice");
      expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: "" });
      const recorded = await query("SELECT version || ':' || name || ':' || applied_at FROM lab_schema_migrations ORDER BY version", "lab_twice");
      const second = await apply(labMigrations, "lab_twice");
      expect(second.code).toBe(0);
      // The only thing psql says the second time is that the bookkeeping table is already there.
      expect(second.stderr.trim()).toBe('NOTICE:  relation "lab_schema_migrations" already exists, skipping');

      const rows = await query("SELECT version, count(*) FROM lab_schema_migrations GROUP BY version ORDER BY version", "lab_twice");
      const latest = latestVersion(labMigrations);
      expect(rows.split("\n")).toEqual(Array.from({ length: latest }, (_, i) => `${i + 1}|1`));
      // Same rows, same applied_at: nothing was applied again.
      expect(await query("SELECT version || ':' || name || ':' || applied_at FROM lab_schema_migrations ORDER BY version", "lab_twice")).toBe(recorded);
      expect(await query("SELECT to_regclass('public.orders') IS NOT NULL, to_regclass('public.orders_customer_created_idx') IS NOT NULL", "lab_twice")).toBe("t|t");
      expect(await query("SELECT indexdef FROM pg_indexes WHERE indexname = 'orders_customer_created_idx'", "lab_twice")).toContain("(customer_id, created_at DESC)");
      // The restore check's query finds the latest version.
      expect(await query("SELECT max(version) FROM lab_schema_migrations", "lab_twice")).toBe(String(latest));
    },
    120_000,
  );

  realToolTest(
    "a failing migration leaves neither its changes nor its record; the ones before it stay",
    missing,
    async () => {
      await createDatabase("lab_failing");
      const bad: Migration = { version: 3, name: "half_done", sql: "CREATE TABLE half_done (id int); SELECT 1 / 0" };
      const failed = await apply([...labMigrations, bad], "lab_failing");
      expect(failed.code).not.toBe(0);
      expect(failed.stderr).toContain("division by zero");
      expect(await query("SELECT string_agg(version::text, ',' ORDER BY version) FROM lab_schema_migrations", "lab_failing")).toBe("1,2");
      expect(await query("SELECT to_regclass('public.half_done') IS NULL", "lab_failing")).toBe("t");

      // Fixed, it applies on the next run, once.
      const fixed = await apply([...labMigrations, { ...bad, sql: "CREATE TABLE half_done (id int)" }], "lab_failing");
      expect(fixed.code).toBe(0);
      expect(await query("SELECT string_agg(version::text, ',' ORDER BY version) FROM lab_schema_migrations", "lab_failing")).toBe("1,2,3");
    },
    120_000,
  );
});

describe("migration script and digest", () => {
  test("duplicate versions throw", () => {
    const dup = [...labMigrations, { version: 1, name: "again", sql: "SELECT 1" }];
    expect(() => migrationScript(dup)).toThrow(`migration versions must be unique, got 1, 2, 1`);
    expect(() => migrationsDigest(dup)).toThrow("migration versions must be unique");
  });

  test("a migration may not contain the dollar quote the script wraps it in", () => {
    expect(() => migrationScript([{ version: 1, name: "x", sql: "SELECT $sql$boom$sql$" }])).toThrow("a migration may not contain the $sql$ quote");
  });

  test("the digest changes when any migration does, and only then", () => {
    const digest = migrationsDigest(labMigrations);
    expect(migrationsDigest(labMigrations.map((m) => ({ ...m })))).toBe(digest);
    // Applied in version order whatever order they are listed in: the same script, the same digest.
    expect(migrationsDigest([...labMigrations].reverse())).toBe(digest);
    const changedSql = labMigrations.map((m) => (m.version === 2 ? { ...m, sql: m.sql.replace("DESC", "ASC") } : m));
    expect(migrationsDigest(changedSql)).not.toBe(digest);
    const renamed = labMigrations.map((m) => (m.version === 1 ? { ...m, name: "create_orders_table" } : m));
    expect(migrationsDigest(renamed)).not.toBe(digest);
    expect(migrationsDigest([...labMigrations, { version: 3, name: "more", sql: "SELECT 1" }])).not.toBe(digest);
  });

  test("versions are applied in order, each guarded by its record", () => {
    const script = migrationScript([...labMigrations].reverse());
    expect(script.indexOf("VALUES (1, 'create_orders')")).toBeLessThan(script.indexOf("VALUES (2, 'index_orders_customer')"));
    expect(script).toContain("IF NOT EXISTS (SELECT 1 FROM lab_schema_migrations WHERE version = 2)");
    expect(migrationScript([{ version: 9, name: "it's", sql: "SELECT 1" }])).toContain("VALUES (9, 'it''s')");
  });
});
