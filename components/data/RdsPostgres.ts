import * as aws from "@pulumi/aws";
import * as command from "@pulumi/command";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { z } from "zod";
import { fallbackRdsInstancePrice, fallbackRdsStoragePerGbMonth, rdsInstanceClasses, type RdsInstanceClass } from "../../finops/awsFallbackPrices";
import { HOURS_PER_MONTH } from "../../finops/units";
import { labLabels } from "../core/labels";

export const rdsConfigSchema = z
  .object({
    enabled: z.boolean().default(false),
    /** An AWS region name (it also names the CA bundle the clients verify RDS with). */
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region name such as us-east-1").default("us-east-1"),
    instanceClass: z.enum(rdsInstanceClasses as [RdsInstanceClass, ...RdsInstanceClass[]]).default("db.t4g.small"),
    allocatedStorageGb: z.number().int().min(20).default(20),
    /** Major version, the same as the CNPG cluster so the comparison is like for like. */
    engineVersion: z.string().default("17"),
    /** The address the cluster's pgbench Job reaches RDS from (your public egress IP as a /32). */
    allowedCidr: z.string().regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/).optional(),
  })
  .refine((c) => !c.enabled || c.allowedCidr, {
    message: "the CIDR the cluster reaches RDS from, e.g. 203.0.113.7/32 (required when rds.enabled is true; there is no open default)",
    path: ["allowedCidr"],
  });
export type RdsConfig = z.infer<typeof rdsConfigSchema>;

export interface RdsPostgresArgs {
  readonly phase: string;
  readonly config: RdsConfig;
  /** Namespace where the pgbench Job's credentials Secret goes. */
  readonly namespace: pulumi.Input<string>;
}

/**
 * An AWS RDS PostgreSQL instance for the self-managed vs managed comparison (off by default: it
 * costs money and needs AWS credentials). Benchmarked with the same pgbench definition as CNPG.
 */
export class RdsPostgres extends pulumi.ComponentResource {
  public readonly host: pulumi.Output<string>;
  public readonly port = 5432;
  public readonly database = "app";
  public readonly credentialsSecretName: pulumi.Output<string>;
  /** A ConfigMap (key `ca.pem`) with the region's RDS CA bundle: clients verify the server (verify-full). */
  public readonly caConfigMapName: pulumi.Output<string>;
  /** RDS is priced per instance-hour plus storage, not by Kubernetes requests. */
  public readonly monthlyUsd: number;
  public readonly hourlyUsd: number;
  public readonly priceSource: string;

  constructor(name: string, args: RdsPostgresArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:data:RdsPostgres", name, {}, opts);
    const provider = new aws.Provider(`${name}-aws`, { region: args.config.region as aws.Region }, { parent: this });
    const child = { parent: this, provider };
    const password = new random.RandomPassword(`${name}-password`, { length: 32, special: false }, { parent: this });
    // Public only because a laptop's Kind cluster reaches RDS over the internet: the one way in is
    // PostgreSQL from the CIDR the user names (required, no open default), and no way out at all
    // (a database answers connections; it opens none). An SG without egress rules allows none.
    const securityGroup = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        description: "platform-lab pgbench access to RDS PostgreSQL",
        ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: [args.config.allowedCidr ?? "127.0.0.1/32"] }],
        egress: [],
        tags: { "platform-lab/phase": args.phase },
      },
      child,
    );
    // The server refuses every connection that is not TLS (PostgreSQL 15+ defaults to it on RDS;
    // stated so a default change cannot quietly open plain text).
    const parameters = new aws.rds.ParameterGroup(
      `${name}-params`,
      {
        family: `postgres${args.config.engineVersion}`,
        description: "platform-lab: TLS required",
        parameters: [{ name: "rds.force_ssl", value: "1" }],
        tags: { "platform-lab/phase": args.phase },
      },
      child,
    );
    // A destroyed instance leaves a final snapshot (named apart per instance so a re-create never
    // collides): billed as snapshot storage until the user deletes it.
    const snapshotSuffix = new random.RandomId(`${name}-final-snapshot`, { byteLength: 4 }, { parent: this });
    const instance = new aws.rds.Instance(
      `${name}-instance`,
      {
        engine: "postgres",
        engineVersion: args.config.engineVersion,
        instanceClass: args.config.instanceClass,
        allocatedStorage: args.config.allocatedStorageGb,
        storageType: "gp3",
        storageEncrypted: true,
        dbName: this.database,
        username: "lab",
        password: password.result,
        publiclyAccessible: true,
        vpcSecurityGroupIds: [securityGroup.id],
        parameterGroupName: parameters.name,
        multiAz: false,
        backupRetentionPeriod: 1,
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: pulumi.interpolate`platform-lab-${name}-final-${snapshotSuffix.hex}`,
        deletionProtection: false,
        applyImmediately: true,
        tags: { "platform-lab/phase": args.phase },
      },
      child,
    );
    // The region's CA bundle, as AWS publishes it, for PGSSLMODE=verify-full. Read on the machine
    // running `pulumi up` (it reaches AWS anyway); a response that is not PEM fails the step.
    const caBundle = new command.local.Command(
      `${name}-ca-bundle`,
      {
        create: [
          "set -euo pipefail",
          `bundle=$(curl -fsS --max-time 60 "https://truststore.pki.rds.amazonaws.com/${args.config.region}/${args.config.region}-bundle.pem")`,
          'case "$bundle" in "-----BEGIN CERTIFICATE-----"*) printf "%s\\n" "$bundle" ;; *) echo "RDS CA bundle for ' + args.config.region + ': not a PEM certificate bundle" >&2; exit 1 ;; esac',
        ].join("\n"),
        interpreter: ["/bin/bash", "-c"],
        triggers: [args.config.region],
      },
      { parent: this },
    );
    const caConfigMap = new k8s.core.v1.ConfigMap(
      `${name}-ca`,
      { metadata: { name: "rds-ca", namespace: args.namespace, labels: labLabels(args.phase, "rds") }, data: { "ca.pem": caBundle.stdout } },
      { parent: this },
    );
    const secret = new k8s.core.v1.Secret(
      `${name}-credentials`,
      {
        metadata: { name: "rds-credentials", namespace: args.namespace, labels: labLabels(args.phase, "rds") },
        type: "kubernetes.io/basic-auth",
        stringData: { username: "lab", password: password.result },
      },
      { parent: this },
    );
    const hourly = fallbackRdsInstancePrice(args.config.instanceClass);
    this.hourlyUsd = hourly.amount;
    this.monthlyUsd = hourly.amount * HOURS_PER_MONTH + fallbackRdsStoragePerGbMonth().amount * args.config.allocatedStorageGb;
    this.priceSource = "finops/awsFallbackPrices.ts RDS for PostgreSQL Single-AZ us-east-1, taken 2026-11-23";
    this.host = instance.address;
    this.credentialsSecretName = secret.metadata.name;
    this.caConfigMapName = caConfigMap.metadata.name;
    this.registerOutputs({ host: this.host });
  }
}
