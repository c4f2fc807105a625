import * as pulumi from "@pulumi/pulumi";
import { BenchmarkJob, type PgbenchConnection } from "../../../benchmarks/BenchmarkJob";
import type { PgbenchDefinition } from "../../../benchmarks/definitions";
import type { BenchmarkOutcome } from "../../../benchmarks/job/outcome";
import type { BenchmarkResult } from "../../../lib/benchmarkResult";
import { labNamespace } from "../../../components/core/LabNamespace";
import { CloudNativePgOperator } from "../../../components/data/CloudNativePgOperator";
import { labMigrations, latestVersion } from "../../../components/data/migrations";
import { PostgresCluster } from "../../../components/data/PostgresCluster";
import { RdsPostgres } from "../../../components/data/RdsPostgres";
import { Redis } from "../../../components/data/Redis";
import { RestoreCheck } from "../../../components/data/RestoreCheck";
import { s3CredentialKeys } from "../../../components/data/S3ObjectStore";
import { SecretFromNamespace } from "../../../components/platform/SecretFromNamespace";
import { SchemaMigration } from "../../../components/data/SchemaMigration";
import type { Footprint } from "../../../lib/footprint";
import { joinHourlyServiceCost, withBenchmarkCost } from "../../../finops/joinBenchmark";
import type { UnitPrices } from "../../../finops/unitPrices";
import type { SizingProfile } from "../../../lib/profileNames";
import type { Phase05Config } from "./config";

export interface DataPersistenceArgs {
  readonly phase: string;
  readonly profile: SizingProfile;
  readonly storageClass: string;
  readonly kubeconfig: pulumi.Input<string>;
  readonly config: Phase05Config;
  /** The active profile's prices, joined to every benchmark result. */
  readonly unitPrices: UnitPrices;
  /** phase-03's S3 store: where backups go, and the Secret (in phase-03's namespace) with its keys. */
  readonly objectStore: PhaseObjectStore;
}

/** The part of phase-03's objectStore output phase-05 uses. */
export interface PhaseObjectStore {
  readonly endpoint: string;
  readonly buckets: readonly string[];
  readonly credentialsSecret: { readonly namespace: string; readonly name: string };
}

export const backupBucket = "lab-backups";

/** phase-05's backups need their bucket in phase-03's store: refused before anything is registered. */
export function requireBackupBucket(objectStore: Pick<PhaseObjectStore, "buckets">): void {
  if (!objectStore.buckets.includes(backupBucket)) {
    throw new Error(`phase-03's object store has no bucket ${backupBucket} for phase-05's backups (it has ${objectStore.buckets.join(", ")}): add it to phase-03's lab:objectStore.buckets`);
  }
}

/** Where a pgbench Job connects, and how the target is named in its result. */
interface PgbenchTarget extends Omit<PgbenchConnection, "port"> {
  readonly label: string;
}

/** Phase 05: PostgreSQL on CloudNativePG with backups and a restore check, Redis, and pgbench per target. */
export class DataPersistence extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  public readonly postgres: PostgresCluster;
  public readonly redis: Redis;
  public readonly objectStoreEndpoint: string;
  public readonly backupBucket = backupBucket;
  /** Outcome of each benchmark by `<target>-<workload>`, each result carrying its cost. */
  public readonly benchmarks: pulumi.Output<Record<string, BenchmarkOutcome>>;
  public readonly footprints: Record<string, Footprint>;

  constructor(name: string, args: DataPersistenceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:phase:DataPersistence", name, {}, opts);
    const child = { parent: this };
    const common = { phase: args.phase, profile: args.profile };
    const namespace = labNamespace("lab-data", { phase: args.phase, component: "data" }, child);
    this.namespace = namespace.metadata.name;

    const operator = new CloudNativePgOperator("cnpg", { ...common, kubeconfig: args.kubeconfig }, child);
    // CloudNativePG reads the S3 keys from a Secret in the Cluster's namespace: a copy of phase-03's.
    const s3Credentials = new SecretFromNamespace(
      "s3-credentials",
      {
        phase: args.phase,
        component: "data",
        sourceNamespace: args.objectStore.credentialsSecret.namespace,
        sourceSecret: args.objectStore.credentialsSecret.name,
        keys: [s3CredentialKeys.accessKeyId, s3CredentialKeys.secretAccessKey],
        namespace: this.namespace,
        secretName: "lab-s3-credentials",
        dependsOn: [namespace],
      },
      child,
    );
    this.objectStoreEndpoint = args.objectStore.endpoint;
    const backup = {
      endpoint: args.objectStore.endpoint,
      bucket: backupBucket,
      credentialsSecret: s3Credentials.secretName,
      schedule: args.config.backup.schedule,
      retention: args.config.backup.retention,
    };
    this.postgres = new PostgresCluster("postgres", { ...common, namespace: this.namespace, clusterName: "lab-pg", storageClass: args.storageClass, backup, operator: operator.ready }, child);
    this.redis = new Redis("redis", { ...common, namespace: this.namespace, storageClass: args.storageClass }, child);
    const migration = new SchemaMigration(
      "schema-migration",
      {
        phase: args.phase,
        namespace: this.namespace,
        host: this.postgres.readWriteHost,
        database: this.postgres.database,
        credentialsSecret: this.postgres.credentialsSecretName,
        migrations: labMigrations,
        databaseReady: this.postgres.cluster,
      },
      child,
    );
    const restoreCheck = args.config.restoreCheck.enabled
      ? new RestoreCheck(
          "restore-check",
          {
            phase: args.phase,
            namespace: this.namespace,
            kubeconfig: args.kubeconfig,
            sourceClusterName: this.postgres.clusterName,
            backup,
            storageClass: args.storageClass,
            credentialsSecret: this.postgres.credentialsSecretName,
            database: this.postgres.database,
            expectedSchemaVersion: latestVersion(labMigrations),
            after: migration.job,
            runId: args.config.restoreCheck.runId,
          },
          child,
        )
      : undefined;

    // Benchmarks run one after another (after the restore check): concurrent runs would measure each other.
    const workloads: Array<[string, PgbenchDefinition]> = [
      ["write-heavy", args.config.benchmark.writeHeavy],
      ["read-heavy", args.config.benchmark.readHeavy],
    ];
    const outcomes: Record<string, pulumi.Output<BenchmarkOutcome>> = {};
    let previous: pulumi.Resource = restoreCheck?.verification ?? migration.job;
    type JoinCost = (result: BenchmarkResult, loadGenerator: Footprint) => BenchmarkResult;
    const bench = (target: string, connection: PgbenchTarget, joinCost: JoinCost) => {
      for (const [workload, definition] of workloads) {
        const job = new BenchmarkJob(
          `pgbench-${target}-${workload}`,
          {
            tool: "pgbench",
            definition,
            connection: { host: connection.host, port: 5432, database: connection.database, credentialsSecret: connection.credentialsSecret, verifyServerWithCaConfigMap: connection.verifyServerWithCaConfigMap },
            phase: args.phase,
            namespace: this.namespace,
            kubeconfig: args.kubeconfig,
            runId: args.config.benchmark.runId,
            target: connection.label,
            scenario: definition.mode,
            after: [previous],
          },
          { parent: this },
        );
        previous = job.job;
        outcomes[`${target}-${workload}`] = job.outcome.apply((o) => (o.result ? { ...o, result: joinCost(o.result, job.loadGeneratorFootprint) } : o));
      }
    };
    bench(
      "cnpg",
      {
        host: this.postgres.readWriteHost,
        database: this.postgres.database,
        credentialsSecret: this.postgres.credentialsSecretName,
        label: `cnpg ${this.postgres.clusterName} (${this.postgres.instances} instance${this.postgres.instances > 1 ? "s" : ""}, PostgreSQL 17)`,
      },
      (result, loadGenerator) => withBenchmarkCost({ result, serving: this.postgres.footprint, loadGenerator, unitPrices: args.unitPrices, unitKind: "transactions" }),
    );
    if (args.config.rds.enabled) {
      const rds = new RdsPostgres("rds", { phase: args.phase, config: args.config.rds, namespace: this.namespace }, child);
      bench(
        "rds",
        { host: rds.host, database: rds.database, credentialsSecret: rds.credentialsSecretName, verifyServerWithCaConfigMap: rds.caConfigMapName, label: `rds ${args.config.rds.instanceClass} (PostgreSQL ${args.config.rds.engineVersion})` },
        (result) => joinHourlyServiceCost({ result, hourlyUsd: rds.hourlyUsd, priceSource: rds.priceSource, unitKind: "transactions" }),
      );
    }
    this.benchmarks = pulumi.output(outcomes) as pulumi.Output<Record<string, BenchmarkOutcome>>;

    this.footprints = {
      cloudNativePgOperator: operator.footprint,
      postgres: this.postgres.footprint,
      redis: this.redis.footprint,
      ...(restoreCheck ? { restoreCheck: restoreCheck.footprint } : {}),
    };
    this.registerOutputs({ benchmarks: this.benchmarks });
  }
}
