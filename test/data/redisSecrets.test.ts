import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import type { RecordedResource } from "../../cli/plan/recordingMocks";
import { findTool } from "../../benchmarks/local/tools";
import { redisAuthConfig, redisConfigPaths, redisProbeScript, redisServerConfig } from "../../components/data/redisConfig";
import { containerArgv, containerEnvironment, expandKubernetesVariables, probeArgv, type ObjectData } from "../helpers/kubernetesExpansion";
import { execBounded } from "../../benchmarks/local/exec";
import { realToolTest } from "../helpers/realTool";
import { deployedLikeState, ofType, only, runStack } from "../helpers/stackRun";

const planted = "planted-redis-pw-4b9e2d";

describe("expandKubernetesVariables follows the kubelet's rules (cases from its expansion tests, by hand)", () => {
  const vars: Record<string, string> = { VAR_A: "A", VAR_B: "B", EMPTY: "" };
  const expand = (s: string) => expandKubernetesVariables(s, (n) => vars[n]);
  test.each([
    ["$(VAR_A)", "A"],
    ["___$(VAR_A)___$(VAR_B)", "___A___B"],
    ["$(VAR_A)$(VAR_B)", "AB"],
    ["$(EMPTY)x", "x"],
    ["$(UNDEFINED)", "$(UNDEFINED)"],
    ["$$(VAR_A)", "$(VAR_A)"],
    ["$$$(VAR_A)", "$A"],
    ["$$$$(VAR_A)", "$$(VAR_A)"],
    ["$(VAR_A", "$(VAR_A"],
    ["$VAR_A", "$VAR_A"],
    ["tail$", "tail$"],
    ['--requirepass "$(VAR_A)"', '--requirepass "A"'],
  ])("%s -> %s", (input, expected) => expect(expand(input)).toBe(expected));
});

/** Secrets by name with their data, as the cluster would hold them. */
function secretData(resources: readonly RecordedResource[]): ObjectData {
  return Object.fromEntries(
    ofType(resources, "kubernetes:core/v1:Secret").map((s) => {
      const inputs = s.inputs as { metadata: { name: string }; stringData?: Record<string, string> };
      return [inputs.metadata.name, inputs.stringData ?? {}];
    }),
  );
}

describe("Redis in phase-05: the password is on no command line", () => {
  let resources: readonly RecordedResource[];
  let container: any;
  let secrets: ObjectData;
  beforeAll(async () => {
    const answer = (args: pulumi.runtime.MockResourceArgs) =>
      args.type === "random:index/randomPassword:RandomPassword" ? { ...args.inputs, result: planted } : deployedLikeState(args);
    const run = await runStack("phase-05", { knownOutputs: answer });
    if (run.error) throw run.error;
    resources = run.resources;
    container = only(resources, "kubernetes:apps/v1:StatefulSet", "redis-statefulset").inputs as any;
    container = container.spec.template.spec.containers[0];
    secrets = secretData(resources);
  });

  test("the password reached the Secrets, so the searches below look for something real", () => {
    expect(secrets["redis-credentials"].password).toBe(planted);
    expect(secrets["redis-auth-config"][redisConfigPaths.authConfigKey]).toBe(`requirepass "${planted}"\n`);
  });

  test("the server's argv after Kubernetes' $(VAR) expansion with the container's env holds no password", () => {
    const argv = containerArgv(container, { secrets });
    expect(argv).toEqual([`${redisConfigPaths.serverConfigDir}/${redisConfigPaths.serverConfigKey}`]);
    expect(argv.join(" ")).not.toContain(planted);
  });

  test("the probes' argv after the kubelet's expansion holds no password", () => {
    for (const probe of [container.readinessProbe, container.livenessProbe]) {
      const argv = probeArgv(container, probe);
      expect(argv).toEqual(["sh", "-c", redisProbeScript]);
      expect(argv.join(" ")).not.toContain(planted);
    }
  });

  test("run by a real shell with the container's env, the probe hands redis-cli the password only through REDISCLI_AUTH", async () => {
    // A stand-in redis-cli that records its argv and the REDISCLI_AUTH it was given.
    const dir = mkdtempSync(join(tmpdir(), "lab-redis-probe-"));
    try {
      const record = join(dir, "calls");
      writeFileSync(join(dir, "redis-cli"), `#!/bin/sh\nprintf 'argv:%s\\n' "$*" >> "${record}"\nprintf 'auth:%s\\n' "$REDISCLI_AUTH" >> "${record}"\necho PONG\n`);
      chmodSync(join(dir, "redis-cli"), 0o755);
      const env = containerEnvironment(container, { secrets });
      const [shell, flag, script] = probeArgv(container, container.readinessProbe);
      const result = await execBounded([shell, flag, script], { timeoutMs: 10_000, env: { ...env, PATH: `${dir}:${process.env.PATH}` }, allowFailure: true });
      expect(result.code).toBe(0);
      const calls = readFileSync(record, "utf8").split("\n").filter(Boolean);
      expect(calls).toEqual(["argv:ping", `auth:${planted}`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("no ConfigMap and no Helm value of phase-05 holds the password", () => {
    const configMaps = ofType(resources, "kubernetes:core/v1:ConfigMap");
    expect(configMaps.map((c) => c.name)).toContain("redis-config");
    for (const c of configMaps) expect({ name: c.name, data: JSON.stringify(c.inputs) }).not.toEqual({ name: c.name, data: expect.stringContaining(planted) });
    for (const r of ofType(resources, "kubernetes:helm.sh/v3:Release")) expect(JSON.stringify(r.inputs.values ?? {})).not.toContain(planted);
    // Only the two Secrets hold it; every other object the phase writes is free of it.
    const holders = resources.filter((r) => JSON.stringify(r.inputs).includes(planted)).map((r) => `${r.type} ${r.name}`);
    expect(holders.filter((h) => h.includes("redis"))).toEqual(
      expect.arrayContaining(["kubernetes:core/v1:Secret redis-credentials", "kubernetes:core/v1:Secret redis-auth-config"]),
    );
    expect(holders.filter((h) => !/^(kubernetes:core\/v1:Secret|random:index\/randomPassword:RandomPassword) /.test(h))).toEqual([]);
  });
});

/** A free loopback port (released just before redis-server takes it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

const redisServer = findTool("redis-server");
const redisCli = findTool("redis-cli");

describe("the generated config files on a real redis-server (Debian's)", () => {
  realToolTest(
    "refuses unauthenticated commands, answers the probe only with the right REDISCLI_AUTH, and logs no password",
    redisServer && redisCli ? null : "redis-server/redis-cli not installed",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "lab-redis-"));
      const port = await freePort();
      const authPath = join(dir, redisConfigPaths.authConfigKey);
      writeFileSync(authPath, redisAuthConfig(planted), { mode: 0o400 });
      writeFileSync(join(dir, "redis.conf"), redisServerConfig({ authConfigPath: authPath, dataDir: dir, maxMemoryMb: 32 }));
      const logFile = join(dir, "redis.log");
      const server = spawn(redisServer!, [join(dir, "redis.conf"), "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--logfile", logFile], {
        stdio: "ignore",
      });
      // The probe as the pod runs it, with redis-cli pointed at this server's port.
      writeFileSync(join(dir, "redis-cli"), `#!/bin/sh\nexec "${redisCli}" -p ${port} "$@"\n`);
      chmodSync(join(dir, "redis-cli"), 0o755);
      const probe = (auth: string | undefined) =>
        execBounded(["sh", "-c", redisProbeScript], { timeoutMs: 5_000, env: { PATH: `${dir}:${process.env.PATH}`, ...(auth === undefined ? {} : { REDISCLI_AUTH: auth }) }, allowFailure: true });
      const cli = (args: string[], auth?: string) =>
        execBounded([redisCli!, "-p", String(port), ...args], { timeoutMs: 5_000, env: { ...process.env, REDISCLI_AUTH: auth ?? "" }, allowFailure: true });
      try {
        let ready = false;
        for (let i = 0; i < 50 && !ready; i++) {
          ready = (await probe(planted)).code === 0;
          if (!ready) await new Promise((r) => setTimeout(r, 100));
        }
        expect(ready).toBe(true);
        expect((await cli(["ping"])).stdout).toContain("NOAUTH");
        expect((await cli(["set", "k", "v"])).stdout).toContain("NOAUTH");
        expect((await probe(undefined)).code).not.toBe(0);
        expect((await probe("wrong-password")).code).not.toBe(0);
        expect((await cli(["set", "k", "v"], planted)).stdout.trim()).toBe("OK");
        expect((await cli(["config", "get", "appendonly"], planted)).stdout.split("\n")).toContain("yes");
        expect(readFileSync(logFile, "utf8")).not.toContain(planted);
      } finally {
        if (server.exitCode === null) {
          const exited = new Promise((r) => server.once("exit", r));
          server.kill("SIGTERM");
          await exited;
        }
        rmSync(dir, { recursive: true, force: true });
      }
    },
    30_000,
  );
});
