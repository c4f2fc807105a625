import { checkKubernetesObject, isKubernetesObject } from "../../cli/plan/kubernetesSchemas";
import { contractUpstream } from "../../cli/plan/planStack";
import type { RecordedResource, UpstreamLookup } from "../../cli/plan/recordingMocks";
import { readStackConfig } from "../../cli/plan/stackConfigFile";
import { labMigrations, latestVersion, migrationsDigest } from "../../components/data/migrations";
import { phase05ContractSchema } from "../../stacks/phases/phase05/contract";
import { benchmarkJobType, commandType, deployedLikeState, inputAt, jobType, ofType, only, projectDir, runStack, runStackExpectingError, type CollectedRun } from "../helpers/stackRun";

/** phase-05's program under mocks (ladder step 2), with the committed stack config and overrides. */

const clusterType = "kubernetes:postgresql.cnpg.io/v1:Cluster";
const secretType = "kubernetes:core/v1:Secret";
const rdsInstanceType = "aws:rds/instance:Instance";
const securityGroupType = "aws:ec2/securityGroup:SecurityGroup";
/** phase-03's objectStore.endpoint as its contract's plan sample gives it. */
const objectStoreEndpoint = "http://seaweedfs-all-in-one.lab-observability.svc.cluster.local:8333";
const externalSecretType = "kubernetes:external-secrets.io/v1:ExternalSecret";

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

  test("backups go to phase-03's object store with a copy of its S3 keys made by External Secrets; the schedule is the default", () => {
    const cluster = only(resources, clusterType, "postgres-cluster");
    const store = inputAt(cluster, "spec.backup.barmanObjectStore");
    // The copy: an ExternalSecret in lab-data writing lab-s3-credentials from phase-03's Secret, nothing of the value in Pulumi.
    const copy = only(resources, externalSecretType, "s3-credentials-copy");
    expect(inputAt(copy, "metadata.namespace")).toBe("lab-data");
    expect(inputAt(copy, "spec.target.name")).toBe("lab-s3-credentials");
    expect(inputAt(copy, "spec.data")).toEqual([
      { secretKey: "ACCESS_KEY_ID", remoteRef: { key: "lab-s3-credentials", property: "ACCESS_KEY_ID" } },
      { secretKey: "ACCESS_SECRET_KEY", remoteRef: { key: "lab-s3-credentials", property: "ACCESS_SECRET_KEY" } },
    ]);
    const secretStore = only(resources, "kubernetes:external-secrets.io/v1:SecretStore", "s3-credentials-store");
    expect(inputAt(secretStore, "spec.provider.kubernetes.remoteNamespace")).toBe("lab-observability");
    // The store may read exactly that one Secret in phase-03's namespace.
    const role = only(resources, "kubernetes:rbac.authorization.k8s.io/v1:Role", "s3-credentials-read");
    expect(inputAt(role, "metadata.namespace")).toBe("lab-observability");
    expect(inputAt(role, "rules.0")).toEqual({ apiGroups: [""], resources: ["secrets"], resourceNames: ["lab-s3-credentials"], verbs: ["get", "list", "watch"] });
    expect(resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.name === "seaweedfs")).toEqual([]);
    expect(store.s3Credentials).toEqual({ accessKeyId: { name: "lab-s3-credentials", key: "ACCESS_KEY_ID" }, secretAccessKey: { name: "lab-s3-credentials", key: "ACCESS_SECRET_KEY" } });
    expect(store.destinationPath).toBe("s3://lab-backups/");
    expect(store.endpointURL).toBe(objectStoreEndpoint);
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

  test("cost output: a positive run-rate with postgres, redis and the operator in it (the object store is phase-03's)", () => {
    const cost = run.outputs.cost as { monthlyRunRateUsd: number; components: Array<{ name: string; monthly: { total: number } }> };
    expect(cost.monthlyRunRateUsd).toBeGreaterThan(0);
    const names = cost.components.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(["postgres", "redis", "cloudNativePgOperator", "restoreCheck"]));
    expect(names).not.toContain("objectStore");
    for (const c of cost.components) expect(c.monthly.total).toBeGreaterThan(0);
    expect(cost.monthlyRunRateUsd).toBeCloseTo(cost.components.reduce((s, c) => s + c.monthly.total, 0), 12);
  });

  test("contract keys known at preview are exported and valid; the rest are unknown, not wrong", () => {
    const shape = phase05ContractSchema.shape;
    for (const key of ["namespace", "postgres", "redis", "objectStore"] as const) {
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
    expect(run.outputs.objectStore).toEqual({ endpoint: objectStoreEndpoint, backupBucket: "lab-backups" });
    // The benchmarks wait for the Jobs.
    expect(run.outputs).not.toHaveProperty("benchmarks");
  });
});

describe("phase-05 variants", () => {
  test("with the Jobs' results known, the whole contract is; the restore check reads the same object store", async () => {
    const run = await runStack("phase-05", { knownOutputs: deployedLikeState });
    const resources = ok(run);
    expect(inputAt(only(resources, clusterType, "restore-check-cluster"), "spec.externalClusters.0.barmanObjectStore.endpointURL")).toBe(objectStoreEndpoint);
    const contractKeys = Object.keys(phase05ContractSchema.shape);
    const exported = Object.fromEntries(contractKeys.map((k) => [k, run.outputs[k]]));
    expect(phase05ContractSchema.parse(exported)).toEqual(exported);
  });

  test("phase-03 without the backups bucket is refused before anything is registered, naming the key", async () => {
    const withoutBucket: UpstreamLookup = (fullName) => {
      const upstream = contractUpstream(fullName);
      if (!upstream || !fullName.endsWith("/phase-03")) return upstream;
      const objectStore = { ...(upstream.outputs.objectStore as Record<string, unknown>), buckets: ["other"] };
      return { ...upstream, outputs: { ...upstream.outputs, objectStore } };
    };
    const run = await runStackExpectingError("phase-05", readStackConfig(projectDir, "phase-05"), withoutBucket);
    expect(run.error.message).toContain("phase-03's object store has no bucket lab-backups for phase-05's backups (it has other)");
    expect(run.error.message).toContain("lab:objectStore.buckets");
    expect(run.resources.filter((r) => r.type.startsWith("kubernetes:"))).toEqual([]);
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
