import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { labLabels } from "../core/labels";
import { migrationScript, migrationsDigest, type Migration } from "./migrations";
import { postgresClientJob } from "./postgresClientJob";

export interface SchemaMigrationArgs {
  readonly phase: string;
  readonly namespace: pulumi.Input<string>;
  readonly host: pulumi.Input<string>;
  readonly database: string;
  readonly credentialsSecret: pulumi.Input<string>;
  readonly migrations: readonly Migration[];
  /** The database must exist (its Cluster created) before the Job starts waiting for it. */
  readonly databaseReady: pulumi.Resource;
}

/** A Job that applies the lab's schema migrations; it runs again only when the migrations change. */
export class SchemaMigration extends pulumi.ComponentResource {
  public readonly job: k8s.batch.v1.Job;

  constructor(name: string, args: SchemaMigrationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:data:SchemaMigration", name, {}, opts);
    const digest = migrationsDigest(args.migrations);
    this.job = postgresClientJob(
      `${name}-${digest}`,
      {
        namespace: args.namespace,
        labels: { ...labLabels(args.phase, "schema-migration"), "platform-lab/migrations-digest": digest },
        host: args.host,
        database: args.database,
        credentialsSecret: args.credentialsSecret,
        script: `psql -v ON_ERROR_STOP=1 <<'LAB_SQL'\n${migrationScript(args.migrations)}\nLAB_SQL`,
        deadlineSeconds: 900,
      },
      { parent: this, dependsOn: [args.databaseReady] },
    );
    this.registerOutputs({});
  }
}
