import * as aws from "@pulumi/aws";
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
    region: z.string().default("us-east-1"),
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
  /** RDS is priced per instance-hour plus storage, not by Kubernetes requests. */
  public readonly monthlyUsd: number;
  public readonly hourlyUsd: number;
  public readonly priceSource: string;

  constructor(name: string, args: RdsPostgresArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:data:RdsPostgres", name, {}, opts);
    const provider = new aws.Provider(`${name}-aws`, { region: args.config.region as aws.Region }, { parent: this });
    const child = { parent: this, provider };
    const password = new random.RandomPassword(`${name}-password`, { length: 32, special: false }, { parent: this });
    const securityGroup = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        description: "platform-lab pgbench access to RDS PostgreSQL",
        ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: [args.config.allowedCidr ?? "127.0.0.1/32"] }],
        egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
        tags: { "platform-lab/phase": args.phase },
      },
      child,
    );
    const instance = new aws.rds.Instance(
      `${name}-instance`,
      {
        engine: "postgres",
        engineVersion: args.config.engineVersion,
        instanceClass: args.config.instanceClass,
        allocatedStorage: args.config.allocatedStorageGb,
        storageType: "gp3",
        dbName: this.database,
        username: "lab",
        password: password.result,
        publiclyAccessible: true,
        vpcSecurityGroupIds: [securityGroup.id],
        multiAz: false,
        backupRetentionPeriod: 1,
        skipFinalSnapshot: true,
        deletionProtection: false,
        applyImmediately: true,
        tags: { "platform-lab/phase": args.phase },
      },
      child,
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
    this.registerOutputs({ host: this.host });
  }
}
