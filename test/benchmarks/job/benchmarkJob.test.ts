import * as fs from "fs";
import * as path from "path";
import type * as pulumi from "@pulumi/pulumi";
import type { RecordedResource } from "../../../cli/plan/recordingMocks";
import { images } from "../../../components/charts";
import { clusterContracts } from "../../../stacks/clusterContract";
import { phase05ConfigSchema } from "../../../stacks/phases/phase05/config";
import { benchmarkJobType, commandType, configMapType, deployedLikeState, inputAt, jobType, ofType, only, runStack } from "../../helpers/stackRun";

/**
 * BenchmarkJob as phase-05 registers it (ladder step 2): the Job a pgbench run becomes, its script
 * ConfigMap and the log reader, all read from the recorded mock registrations.
 */

const workloads = ["write-heavy", "read-heavy"] as const;
const defaults = phase05ConfigSchema.parse({}).benchmark;
const definitionOf = { "write-heavy": defaults.writeHeavy, "read-heavy": defaults.readHeavy };
const knownPassword = "KNOWN-PASSWORD-7f3c9a";
const secretEnvNames = new Set(["PGPASSWORD", "BAO_TOKEN", "REDISCLI_AUTH"]);

/** Generated passwords get a value the test can search for; Jobs get a uid. */
function answer(args: pulumi.runtime.MockResourceArgs) {
  if (args.type === "random:index/randomPassword:RandomPassword") return { ...args.inputs, result: `${knownPassword}-${args.name}` };
  return deployedLikeState(args);
}

/** Every `{name, value}` env entry anywhere in a resource's inputs. */
function envEntries(value: unknown, found: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
  if (Array.isArray(value)) value.forEach((v) => envEntries(v, found));
  else if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (typeof o.name === "string" && ("value" in o || "valueFrom" in o)) found.push(o);
    Object.values(o).forEach((v) => envEntries(v, found));
  }
  return found;
}

describe("BenchmarkJob in phase-05 (committed stack config)", () => {
  let resources: readonly RecordedResource[];
  beforeAll(async () => {
    const run = await runStack("phase-05", { knownOutputs: answer });
    if (run.error) throw run.error;
    resources = run.resources;
  });

  test.each(workloads)("pgbench %s: one attempt, bounded, cleaned up, indexed, non-root, read-only, sized, pinned image", (workload) => {
    const name = `pgbench-cnpg-${workload}`;
    const job = only(resources, jobType, name);
    const spec = inputAt(job, "spec");
    expect(spec.backoffLimit).toBe(0);
    // Worked by hand: init 5 s + 2 s per scale unit (10) = 25, warm-up 10, 3 trials of (60 + 10), margin 120.
    expect(spec.activeDeadlineSeconds).toBe(25 + 10 + 3 * 70 + 120);
    // 60 s x 3 trials + warm-up + init + margin: the deadline must cover the run itself.
    expect(spec.activeDeadlineSeconds).toBeGreaterThan(definitionOf[workload].warmupSeconds + 60 * 3);
    expect(spec.ttlSecondsAfterFinished).toEqual(expect.any(Number));
    expect(spec.ttlSecondsAfterFinished).toBeGreaterThan(0);
    expect(spec.completionMode).toBe("Indexed");
    expect(spec.completions).toBe(1);
    expect(spec.parallelism).toBe(1);
    const pod = spec.template.spec;
    expect(pod.restartPolicy).toBe("Never");
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 999 });
    expect(pod.containers).toHaveLength(1);
    const [container] = pod.containers;
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(container.resources.requests).toEqual({ cpu: expect.stringMatching(/^\d+m$/), memory: expect.stringMatching(/^\d+Mi$/) });
    expect(images.postgres.tag).toMatch(/^\d+\.\d+$/);
    expect(container.image).toBe(`postgres:${images.postgres.tag}`);
    expect(container.env).toContainEqual({ name: "PGPASSWORD", valueFrom: { secretKeyRef: { name: "lab-pg-app-credentials", key: "password" } } });
    expect(container.env).toContainEqual({ name: "PGUSER", valueFrom: { secretKeyRef: { name: "lab-pg-app-credentials", key: "username" } } });
    // The run script comes from the ConfigMap, mounted read-only; the tool writes only to the emptyDir.
    expect(container.command).toEqual(["/bin/sh", "/lab/scripts/run.sh"]);
    expect(container.volumeMounts).toContainEqual({ name: "scripts", mountPath: "/lab/scripts", readOnly: true });
    expect(pod.volumes).toContainEqual({ name: "work", emptyDir: {} });
    expect(job.custom).toBe(true);
  });

  test.each(workloads)("pgbench %s: the ConfigMap holds only run.sh, running that workload's builtin; the Job's name carries the run id", (workload) => {
    const name = `pgbench-cnpg-${workload}`;
    const configMap = only(resources, configMapType, `${name}-scripts`);
    const data = inputAt(configMap, "data") as Record<string, string>;
    expect(Object.keys(data)).toEqual(["run.sh"]);
    expect(data["run.sh"]).toMatch(new RegExp(`step trial-1 pgbench .*-b ${workload === "write-heavy" ? "tpcb-like" : "select-only"}\\b`));
    const job = only(resources, jobType, name);
    expect(defaults.runId).toBe("1");
    expect(inputAt(job, "metadata.name")).toBe(`${name}-1`);
    expect(inputAt(job, "metadata.labels")["platform-lab/run-id"]).toBe("1");
  });

  test("no password in any Job, ConfigMap or Command input; secret env vars only by secretKeyRef", () => {
    const carriers = resources.filter((r) => [jobType, configMapType, commandType, "kubernetes:apps/v1:StatefulSet"].includes(r.type));
    expect(carriers.length).toBeGreaterThanOrEqual(8);
    for (const r of carriers) {
      expect(JSON.stringify(r.inputs)).not.toContain(knownPassword);
      for (const env of envEntries(r.inputs)) {
        if (secretEnvNames.has(String(env.name))) {
          expect({ resource: r.name, env }).toEqual({ resource: r.name, env: { name: env.name, valueFrom: { secretKeyRef: expect.any(Object) } } });
        }
      }
      const environment = inputAt(r, "environment") as Record<string, unknown> | undefined;
      if (environment) for (const key of secretEnvNames) expect(Object.keys(environment)).not.toContain(key);
    }
    // The known passwords did reach the Secrets, so the search above was looking for something real.
    const secrets = ofType(resources, "kubernetes:core/v1:Secret").map((s) => JSON.stringify(s.inputs));
    expect(secrets.some((s) => s.includes(`${knownPassword}-postgres-app-credentials-password`))).toBe(true);
  });

  test.each(workloads)("pgbench %s: the log reader gets the kubeconfig only as LAB_KUBECONFIG, never in its script", (workload) => {
    const name = `pgbench-cnpg-${workload}`;
    const reader = only(resources, commandType, `${name}-result`);
    const kubeconfig = clusterContracts.kind.planSample.kubeconfig;
    const environment = inputAt(reader, "environment") as Record<string, string>;
    expect(environment.LAB_KUBECONFIG).toBe(kubeconfig);
    for (const [key, value] of Object.entries(environment)) if (key !== "LAB_KUBECONFIG") expect(value).not.toContain("kind: Config");
    const create = inputAt(reader, "create") as string;
    expect(create).not.toContain(kubeconfig);
    expect(create).not.toMatch(/kind: Config|clusters:|client-key|token:/);
    expect(create).toContain('"$LAB_KUBECONFIG"');
    expect(create).toContain("cli/lab.ts parse job-log --tool pgbench");
    expect(environment).toMatchObject({ JOB_NAME: `${name}-1`, JOB_NAMESPACE: "lab-data", SCENARIO: definitionOf[workload].mode });
    // Re-read when the Job is a new one (its uid), and only after it.
    expect(inputAt(reader, "triggers")).toEqual([`uid-of-${name}-1`]);
    expect(reader.dependencies).toContain(only(resources, jobType, name).urn);
  });

  test("every kubectl step runs in the project root, wherever pulumi was started, and a new checkout path does not re-run it", () => {
    const steps = resources.filter((r) => r.type === commandType);
    expect(steps.length).toBeGreaterThan(2);
    for (const step of steps) {
      const dir = inputAt(step, "dir") as string;
      expect(path.isAbsolute(dir)).toBe(true);
      // The relative path every reader script uses must exist from there.
      expect(fs.existsSync(path.join(dir, "cli", "lab.ts"))).toBe(true);
    }
  });

  test("runs in sequence: write-heavy after the restore check's verification Job, read-heavy after write-heavy", () => {
    const verify = only(resources, jobType, "restore-check-verify-1");
    const read = only(resources, benchmarkJobType, "pgbench-cnpg-read-heavy");
    // The order is on the Jobs themselves, so no engine may start one before the other ended.
    expect(only(resources, jobType, "pgbench-cnpg-write-heavy").dependencies).toContain(verify.urn);
    expect(only(resources, jobType, "pgbench-cnpg-read-heavy").dependencies).toContain(only(resources, jobType, "pgbench-cnpg-write-heavy").urn);
    // The Jobs and their readers are the components' children.
    expect(only(resources, jobType, "pgbench-cnpg-read-heavy").parent).toBe(read.urn);
    expect(only(resources, commandType, "pgbench-cnpg-read-heavy-result").parent).toBe(read.urn);
  });
});

describe("BenchmarkJob re-runs only when asked", () => {
  const benchmarkParts = (resources: readonly RecordedResource[]) =>
    resources
      .filter((r) => [jobType, configMapType, commandType].includes(r.type) && r.name.startsWith("pgbench-"))
      .map((r) => ({ type: r.type, name: r.name, inputs: r.inputs }));

  test("the same config gives identical inputs; a new lab:benchmark runId renames every Job and re-triggers its reader", async () => {
    const first = await runStack("phase-05", { knownOutputs: deployedLikeState });
    const again = await runStack("phase-05", { knownOutputs: deployedLikeState });
    const rerun = await runStack("phase-05", { overrides: { "lab:benchmark": JSON.stringify({ runId: "2026-11-23" }) }, knownOutputs: deployedLikeState });
    for (const run of [first, again, rerun]) expect(run.error).toBeUndefined();
    expect(benchmarkParts(first.resources)).toHaveLength(6);
    expect(benchmarkParts(again.resources)).toEqual(benchmarkParts(first.resources));

    for (const workload of workloads) {
      const name = `pgbench-cnpg-${workload}`;
      const before = only(first.resources, jobType, name);
      const after = only(rerun.resources, jobType, name);
      expect(inputAt(before, "metadata.name")).toBe(`${name}-1`);
      expect(inputAt(after, "metadata.name")).toBe(`${name}-2026-11-23`);
      // The Job is otherwise the same benchmark.
      expect(inputAt(after, "spec")).toEqual(inputAt(before, "spec"));
      const readerBefore = only(first.resources, commandType, `${name}-result`);
      const readerAfter = only(rerun.resources, commandType, `${name}-result`);
      expect(inputAt(readerAfter, "triggers")).not.toEqual(inputAt(readerBefore, "triggers"));
      expect(inputAt(readerAfter, "triggers")).toEqual([`uid-of-${name}-2026-11-23`]);
      expect(inputAt(readerAfter, "environment.JOB_NAME")).toBe(`${name}-2026-11-23`);
    }
    // The restore check is not a benchmark: its own run id did not change, so neither did it.
    expect(only(rerun.resources, jobType, "restore-check-verify-1").inputs).toEqual(only(first.resources, jobType, "restore-check-verify-1").inputs);
  });

  test("a benchmark definition in lab:benchmark reaches the ConfigMap's run.sh", async () => {
    const writeHeavy = { mode: "tpcb-like", scale: 2, clients: 4, threads: 2, durationSeconds: 15, warmupSeconds: 3, trials: 1, rate: 300 };
    const run = await runStack("phase-05", { overrides: { "lab:benchmark": JSON.stringify({ writeHeavy }) } });
    expect(run.error).toBeUndefined();
    const configMap = only(run.resources, configMapType, "pgbench-cnpg-write-heavy-scripts");
    const script = inputAt(configMap, "data")["run.sh"] as string;
    // The definition's own flags, written out by hand: init at scale 2, a 3 s warm-up, the 15 s trial at 300 tx/s.
    expect(script).toMatch(/step init .*pgbench -i -s 2\b/);
    expect(script).toMatch(/step warmup .*-T 3\b/);
    expect(script).toMatch(/step trial-1 pgbench -c 4 -j 2 -R 300 -T 15 -b tpcb-like\b/);
    expect(script).not.toContain("trial-2");
    const job = only(run.resources, jobType, "pgbench-cnpg-write-heavy");
    // init 5 + 2 x 2, warm-up 3, one trial of 15 + 10, margin 120.
    expect(inputAt(job, "spec.activeDeadlineSeconds")).toBe(9 + 3 + 25 + 120);
    // -R adds the schedule-lag column to the transaction logs: the reader must say so to the parser.
    expect(inputAt(only(run.resources, commandType, "pgbench-cnpg-write-heavy-result"), "create")).toContain("--tool pgbench --schedule-lag");
  });
});
