import { createHash } from "crypto";

/** A forward-only schema migration, applied once in version order. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** The lab application's schema (phase 10's API uses it); a new migration is a new entry. */
export const labMigrations: readonly Migration[] = [
  {
    version: 1,
    name: "create_orders",
    sql: `CREATE TABLE orders (
  id bigserial PRIMARY KEY,
  customer_id bigint NOT NULL,
  amount_cents bigint NOT NULL CHECK (amount_cents >= 0),
  status text NOT NULL DEFAULT 'new',
  created_at timestamptz NOT NULL DEFAULT now()
)`,
  },
  { version: 2, name: "index_orders_customer", sql: "CREATE INDEX orders_customer_created_idx ON orders (customer_id, created_at DESC)" },
];

/**
 * One SQL script that applies every migration not yet recorded in lab_schema_migrations, each in
 * the same transaction as its record, so a re-run is a no-op and a failure leaves no half-step.
 */
export function migrationScript(migrations: readonly Migration[]): string {
  const versions = migrations.map((m) => m.version);
  if (new Set(versions).size !== versions.length) throw new Error(`migration versions must be unique, got ${versions.join(", ")}`);
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  const steps = ordered.map(
    (m) => `DO $lab$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM lab_schema_migrations WHERE version = ${m.version}) THEN
    EXECUTE ${dollarQuote(m.sql)};
    INSERT INTO lab_schema_migrations (version, name) VALUES (${m.version}, ${sqlString(m.name)});
  END IF;
END $lab$;`,
  );
  return [
    "CREATE TABLE IF NOT EXISTS lab_schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());",
    ...steps,
  ].join("\n");
}

function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function dollarQuote(text: string): string {
  if (text.includes("$sql$")) throw new Error("a migration may not contain the $sql$ quote");
  return `$sql$${text}$sql$`;
}

/** Latest version, which the restore check expects to find in the restored database. */
export function latestVersion(migrations: readonly Migration[]): number {
  return Math.max(...migrations.map((m) => m.version));
}

/** A short content hash: the migration Job's name changes (and it runs again) only when migrations do. */
export function migrationsDigest(migrations: readonly Migration[]): string {
  return createHash("sha256").update(migrationScript(migrations)).digest("hex").slice(0, 8);
}
