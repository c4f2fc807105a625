import { checkKubernetesObject, isKubernetesObject } from "../../cli/plan/kubernetesSchemas";
import { unknownSentinel, type RecordedResource } from "../../cli/plan/recordingMocks";
import { labMigrations, latestVersion, migrationsDigest } from "../../components/data/migrations";
import { phase05ContractSchema } from "../../stacks/phases/phase05/contract";
import { benchmarkJobType, commandType, deployedLikeState, inputAt, jobType, ofType, only, runStack, type CollectedRun } from "../helpers/stackRun";

/** phase-05's program under mocks (ladder step 2), with the committed stack config and overrides. */

const clusterType = "kubernetes:postgresql.cnpg.io/v1:Cluster";
const secretType = "kubernetes:core/v1:Secret";
const rdsInstanceType = "aws:rds/instance:Instance";
const securityGroupType = "aws:ec2/securityGroup:SecurityGroup";
const objectStoreEndpoint = "http://seaweedfs-all-in-one.lab-data.svc.cluster.local:8333";

function ok(run: CollectedRun): readonly RecordedResource[] {
  if (run.error) throw run.error;
  return run.resources;
}

function expectSchemasValid(resources: readonly RecordedResource[]) {
  const objects = resources.filter(isKubernetesObject);
  const checks = objects.map(checkKubernetesObject);
  expect(checks.filter((c) => c.violations.length > 0)).toEqual([]);
  // The CloudNativePG kinds are checked against their CRD schema, not waved through.
  for (const kind of ["Cluster", "ScheduledBackup"]) {
    expect(checks.filter((c) => c.kind === kind).map((c) => c.status)).toContainEqual("validated");
  }
  expect(checks.filter((c) => c.status === "no-schema")).toEqual([]);
  return checks.length;
}

describe("phase-05 on kind (committed stack config)", () => {
  let run: CollectedRun;
  let resources: readonly RecordedResource[];
  beforeAll(async () => {
    run = await runStack("phase-05");
    resources = ok(run);
  });

  test("one CNPG instance; its bootstrap secret is the app credentials Secret", () => {
    const cluster = only(resources, clusterType, "postgres-cluster");
    expect(inputAt(cluster, "spec.instances")).toBe(1);
    const credentials = only(resources, secretType, "postgres-app-credentials");
    expect(inputAt(credentials, "type")).toBe("kubernetes.io/basic-auth");
    expect(inputAt(credentials, "metadata.name")).toBe("lab-pg-app-credentials");
    expect(inputAt(cluster, "spec.bootstrap.initdb")).toEqual({ database: "app", owner: "app", secret: { name: inputAt(credentials, "metadata.name") } });
    expect(cluster.dependencies).toContain(credentials.urn);
  });

  test("backups go to the object store with the S3 credentials Secret; the schedule is the default", () => {
    const cluster = only(resources, clusterType, "postgres-cluster");
    const s3 = only(resources, secretType, "object-store-s3-credentials");
    const s3Name = inputAt(s3, "metadata.name");
    const store = inputAt(cluster, "spec.backup.barmanObjectStore");
    expect(store.s3Credentials).toEqual({ accessKeyId: { name: s3Name, key: "ACCESS_KEY_ID" }, secretAccessKey: { name: s3Name, key: "ACCESS_SECRET_KEY" } });
    expect(store.destinationPath).toBe("s3://lab-backups/");
    // The endpoint comes from the SeaweedFS release's status: unknown until it is installed.
    expect(store.endpointURL).toBe(unknownSentinel);
    expect(cluster.dependencies).toContain(only(resources, "kubernetes:helm.sh/v3:Release", "seaweedfs").urn);
    expect(inputAt(cluster, "spec.backup.retentionPolicy")).toBe("7d");
    const scheduled = only(resources, "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup", "postgres-scheduled-backup");
    expect(inputAt(scheduled, "spec")).toMatchObject({ schedule: "0 0 3 * * *", cluster: { name: "lab-pg" }, method: "barmanObjectStore" });
  });

  test("the migration Job is named by the migrations' digest; the restore check follows it", () => {
    const digest = migrationsDigest(labMigrations);
    expect(digest).toMatch(/^[0-9a-f]{8}$/);
    const migration = only(resources, jobType, `schema-migration-${digest}`);
    expect(inputAt(migration, "metadata.labels")["platform-lab/migrations-digest"]).toBe(digest);
    expect(inputAt(migration, "spec.template.spec.containers.0.command.2")).toContain("psql -v ON_ERROR_STOP=1");
    expect(only(resources, "kubernetes:postgresql.cnpg.io/v1:Backup", "restore-check-backup").dependencies).toContain(migration.urn);
    const verify = only(resources, jobType, "restore-check-verify-1");
    expect(inputAt(verify, "spec.template.spec.containers.0.command.2")).toContain(`!= "${latestVersion(labMigrations)}"`);
  });

  test("every Kubernetes object passes its schema and uses the cluster provider", () => {
    expect(expectSchemasValid(resources)).toBeGreaterThanOrEqual(15);
    for (const r of resources.filter((x) => x.custom && x.type.startsWith("kubernetes:"))) {
      expect({ name: r.name, provider: r.provider }).toEqual({ name: r.name, provider: expect.stringContaining("pulumi:providers:kubernetes::cluster::") });
    }
  });

  test("cost output: a positive run-rate with postgres, redis and the object store in it", () => {
    const cost = run.outputs.cost as { monthlyRunRateUsd: number; components: Array<{ name: string; monthly: { total: number } }> };
    expect(cost.monthlyRunRateUsd).toBeGreaterThan(0);
    const names = cost.components.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(["postgres", "redis", "objectStore", "cloudNativePgOperator", "restoreCheck"]));
    for (const c of cost.components) expect(c.monthly.total).toBeGreaterThan(0);
    expect(cost.monthlyRunRateUsd).toBeCloseTo(cost.components.reduce((s, c) => s + c.monthly.total, 0), 12);
  });

  test("contract keys known at preview are exported and valid; the rest are unknown, not wrong", () => {
    const shape = phase05ContractSchema.shape;
    for (const key of ["namespace", "postgres", "redis"] as const) {
      expect(run.outputs).toHaveProperty(key);
      expect(shape[key].parse(run.outputs[key])).toEqual(run.outputs[key]);
    }
    expect(run.outputs.postgres).toEqual({
      clusterName: "lab-pg",
      readWriteHost: "lab-pg-rw.lab-data.svc.cluster.local",
      readOnlyHost: "lab-pg-rw.lab-data.svc.cluster.local",
      port: 5432,
      database: "app",
      credentialsSecret: "lab-pg-app-credentials",
    });
    // objectStore.endpoint waits for the Helm release; benchmarks for the Jobs.
    expect(run.outputs).not.toHaveProperty("objectStore");
    expect(run.outputs).not.toHaveProperty("benchmarks");
  });
});

describe("phase-05 variants", () => {
  test("with the object store's release status known, the backup endpoint and the whole contract are", async () => {
    const run = await runStack("phase-05", { knownOutputs: deployedLikeState });
    const resources = ok(run);
    expect(inputAt(only(resources, clusterType, "postgres-cluster"), "spec.backup.barmanObjectStore.endpointURL")).toBe(objectStoreEndpoint);
    expect(inputAt(only(resources, clusterType, "restore-check-cluster"), "spec.externalClusters.0.barmanObjectStore.endpointURL")).toBe(objectStoreEndpoint);
    const contractKeys = Object.keys(phase05ContractSchema.shape);
    const exported = Object.fromEntries(contractKeys.map((k) => [k, run.outputs[k]]));
    expect(phase05ContractSchema.parse(exported)).toEqual(exported);
    expect(run.outputs.objectStore).toEqual({ endpoint: objectStoreEndpoint, backupBucket: "lab-backups" });
  });

  test("SeaweedFS runs all-in-one: buckets under allInOne.s3 (the key its bucket hook reads in that mode), no CPU limit, restricted pods", async () => {
    const run = await runStack("phase-05", { knownOutputs: deployedLikeState });
    const values = inputAt(only(ok(run), "kubernetes:helm.sh/v3:Release", "seaweedfs"), "values");
    expect(values.allInOne.s3).toMatchObject({ enabled: true, enableAuth: true, existingConfigSecret: "seaweedfs-s3-config", createBuckets: [{ name: "lab-backups" }] });
    expect(values.s3).toBeUndefined();
    // The chart's default allInOne CPU limit (2 cores) is deleted: null is Helm's way to drop a default.
    expect(values.allInOne.resources.limits).toEqual({ cpu: null, memory: "512Mi" });
    for (const part of [values.allInOne, values.filer]) {
      expect(part.podSecurityContext).toMatchObject({ enabled: true, runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } });
      expect(part.containerSecurityContext).toMatchObject({ enabled: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
    }
  });

  test("on hub (lab:cluster hub): two CNPG instances and a read-only service of its own", async () => {
    const run = await runStack("phase-05", { overrides: { "lab:cluster": "hub" } });
    const resources = ok(run);
    expect(inputAt(only(resources, clusterType, "postgres-cluster"), "spec.instances")).toBe(2);
    expect((run.outputs.postgres as { readOnlyHost: string }).readOnlyHost).toBe("lab-pg-ro.lab-data.svc.cluster.local");
    expectSchemasValid(resources);
  });

  test("lab:backup schedule and retention reach the ScheduledBackup and the Cluster", async () => {
    const resources = ok(await runStack("phase-05", { overrides: { "lab:backup": JSON.stringify({ schedule: "0 30 1 * * 0", retention: "4w" }) } }));
    expect(inputAt(only(resources, "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup", "postgres-scheduled-backup"), "spec.schedule")).toBe("0 30 1 * * 0");
    expect(inputAt(only(resources, clusterType, "postgres-cluster"), "spec.backup.retentionPolicy")).toBe("4w");
  });

  test("restoreCheck.enabled false: no restore check, and write-heavy then waits for the migration Job", async () => {
    const run = await runStack("phase-05", { overrides: { "lab:restoreCheck": JSON.stringify({ enabled: false }) } });
    const resources = ok(run);
    expect(ofType(resources, "lab:data:RestoreCheck")).toEqual([]);
    expect(resources.filter((r) => r.name.startsWith("restore-check"))).toEqual([]);
    const migration = only(resources, jobType, `schema-migration-${migrationsDigest(labMigrations)}`);
    expect(only(resources, jobType, "pgbench-cnpg-write-heavy").dependencies).toContain(migration.urn);
    const names = (run.outputs.cost as { components: Array<{ name: string }> }).components.map((c) => c.name);
    expect(names).not.toContain("restoreCheck");
  });

  test("RDS enabled with allowedCidr: a postgres instance reachable only from that CIDR, and two more BenchmarkJobs", async () => {
    const run = await runStack("phase-05", { overrides: { "lab:rds": JSON.stringify({ enabled: true, allowedCidr: "203.0.113.7/32" }) } });
    const resources = ok(run);
    const instance = only(resources, rdsInstanceType, "rds-instance");
    expect(inputAt(instance, "engine")).toBe("postgres");
    expect(inputAt(instance, "engineVersion")).toBe("17");
    expect(inputAt(instance, "instanceClass")).toBe("db.t4g.small");
    const sg = only(resources, securityGroupType, "rds-sg");
    expect(inputAt(sg, "ingress")).toEqual([expect.objectContaining({ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["203.0.113.7/32"] })]);
    expect(JSON.stringify(inputAt(sg, "ingress"))).not.toContain("0.0.0.0/0");
    expect(instance.dependencies).toContain(sg.urn);
    const benchmarkJobs = ofType(resources, benchmarkJobType).map((r) => r.name).sort();
    expect(benchmarkJobs).toEqual(["pgbench-cnpg-read-heavy", "pgbench-cnpg-write-heavy", "pgbench-rds-read-heavy", "pgbench-rds-write-heavy"]);
    // RDS runs after CNPG (one benchmark at a time), with its own credentials Secret.
    expect(only(resources, jobType, "pgbench-rds-write-heavy").dependencies).toContain(only(resources, jobType, "pgbench-cnpg-read-heavy").urn);
    const rdsJob = only(resources, jobType, "pgbench-rds-write-heavy");
    expect(inputAt(rdsJob, "spec.template.spec.containers.0.env")).toContainEqual({
      name: "PGPASSWORD",
      valueFrom: { secretKeyRef: { name: "rds-credentials", key: "password" } },
    });
    expect(inputAt(only(resources, "pulumi:providers:aws", "rds-aws"), "region")).toBe("us-east-1");
    expectSchemasValid(resources);
  });

  test("RDS is hardened: encrypted storage, TLS forced by the server and verified by pgbench, no egress, a final snapshot", async () => {
    const run = await runStack("phase-05", { overrides: { "lab:rds": JSON.stringify({ enabled: true, allowedCidr: "203.0.113.7/32" }) } });
    const resources = ok(run);
    const instance = only(resources, rdsInstanceType, "rds-instance");
    expect(inputAt(instance, "storageEncrypted")).toBe(true);
    expect(inputAt(instance, "skipFinalSnapshot")).toBe(false);
    // Named from a RandomId (unknown until applied): present, so AWS takes the snapshot.
    expect(inputAt(instance, "finalSnapshotIdentifier")).toEqual(expect.any(String));
    expect(ofType(resources, "random:index/randomId:RandomId").map((r) => r.name)).toContain("rds-final-snapshot");
    const params = only(resources, "aws:rds/parameterGroup:ParameterGroup", "rds-params");
    expect(inputAt(params, "family")).toBe("postgres17");
    expect(inputAt(params, "parameters")).toContainEqual({ name: "rds.force_ssl", value: "1" });
    expect(instance.dependencies).toContain(params.urn);
    expect(inputAt(only(resources, securityGroupType, "rds-sg"), "egress")).toEqual([]);
    // Public only behind the required CIDR (the test above), and the client verifies the server.
    expect(inputAt(instance, "publiclyAccessible")).toBe(true);
    const rdsJob = only(resources, jobType, "pgbench-rds-write-heavy");
    const env = inputAt(rdsJob, "spec.template.spec.containers.0.env") as Array<{ name: string; value?: string }>;
    expect(env).toContainEqual({ name: "PGSSLMODE", value: "verify-full" });
    const rootCert = env.find((e) => e.name === "PGSSLROOTCERT")?.value ?? "";
    const mounts = inputAt(rdsJob, "spec.template.spec.containers.0.volumeMounts") as Array<{ name: string; mountPath: string }>;
    const caMount = mounts.find((m) => rootCert.startsWith(`${m.mountPath}/`));
    expect(caMount).toBeDefined();
    const volumes = inputAt(rdsJob, "spec.template.spec.volumes") as Array<{ name: string; configMap?: { name: string } }>;
    expect(volumes.find((v) => v.name === caMount?.name)?.configMap?.name).toBe("rds-ca");
    const bundle = only(resources, commandType, "rds-ca-bundle");
    expect(inputAt(bundle, "create")).toContain("https://truststore.pki.rds.amazonaws.com/us-east-1/us-east-1-bundle.pem");
    // CNPG's pgbench keeps libpq's default: the lab does not claim verification it does not do there.
    const cnpgEnv = inputAt(only(resources, jobType, "pgbench-cnpg-write-heavy"), "spec.template.spec.containers.0.env") as Array<{ name: string }>;
    expect(cnpgEnv.map((e) => e.name)).not.toContain("PGSSLMODE");
  });

  test.each([
    ["rds enabled without allowedCidr", { "lab:rds": JSON.stringify({ enabled: true }) }, "lab:rds.allowedCidr"],
    ["rds region that is not a region name", { "lab:rds": JSON.stringify({ enabled: true, allowedCidr: "203.0.113.7/32", region: "us-east-1; rm -rf /" }) }, "lab:rds.region"],
    ["threads > clients", { "lab:benchmark": JSON.stringify({ writeHeavy: { clients: 2, threads: 4 } }) }, "lab:benchmark.writeHeavy.threads: got 4"],
  ])("config error (%s) names the key and registers nothing but the stack", async (_what, overrides, key) => {
    const run = await runStack("phase-05", { overrides });
    expect(run.error?.message).toContain(key);
    expect(run.resources.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack"]);
  });
});
