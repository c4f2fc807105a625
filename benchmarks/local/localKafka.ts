import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { kafkaToolsVersion } from "../messaging/kafkaJobScript";
import { execBounded } from "./exec";
import { freeLoopbackPort } from "./localPostgres";

/** scripts/install-kafka.sh's cache: the Maven Central classpath in libs/, the image's launcher names in bin/. */
export function kafkaInstallDir(): string {
  return join(process.env.LAB_TOOLS_CACHE ?? join(homedir(), ".cache", "platform-lab"), `kafka-${kafkaToolsVersion}`);
}

/** Why the local Kafka cannot run, or null. */
export function localKafkaMissing(): string | null {
  const bin = join(kafkaInstallDir(), "bin");
  for (const launcher of ["kafka-server-start.sh", "kafka-storage.sh", "kafka-producer-perf-test.sh", "kafka-consumer-perf-test.sh", "kafka-e2e-latency.sh", "kafka-topics.sh"]) {
    if (!existsSync(join(bin, launcher))) return `${join(bin, launcher)} not found (scripts/install-kafka.sh installs Kafka ${kafkaToolsVersion})`;
  }
  return null;
}

export interface LocalKafka {
  /** 127.0.0.1:port of the PLAINTEXT listener. */
  readonly bootstrap: string;
  /** The launchers, for the Job script's KAFKA_BIN. */
  readonly bin: string;
  readonly version: string;
  /** The broker's process id (changes on restart). */
  pid(): number;
  /** SIGKILL the broker (no controlled shutdown), as a deleted pod's container is lost. */
  kill(): Promise<void>;
  /** Start it again on the same data directory and ports; resolves once it serves again. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * One Kafka node on 127.0.0.1 in KRaft mode, broker and controller in one process (what a
 * Strimzi `combined` node pool node runs), formatted as a single-voter quorum in a throwaway
 * directory, removed on stop. Internal topics at one replica; no group join delay (the consumers
 * of a step start together); no topic auto-creation, so a topic the script did not create fails
 * loudly instead of appearing with defaults.
 */
export async function startLocalKafka(options: { heapMiB?: number; timeoutMs?: number } = {}): Promise<LocalKafka> {
  const missing = localKafkaMissing();
  if (missing) throw new Error(missing);
  const bin = join(kafkaInstallDir(), "bin");
  const dir = mkdtempSync(join(tmpdir(), "lab-kafka-"));
  const [port, controllerPort] = [await freeLoopbackPort(), await freeLoopbackPort()];
  const config = join(dir, "server.properties");
  writeFileSync(
    config,
    [
      "process.roles=broker,controller",
      "node.id=1",
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      "controller.listener.names=CONTROLLER",
      "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
      `controller.quorum.bootstrap.servers=127.0.0.1:${controllerPort}`,
      `log.dirs=${join(dir, "data")}`,
      "offsets.topic.replication.factor=1",
      "transaction.state.log.replication.factor=1",
      "transaction.state.log.min.isr=1",
      "share.coordinator.state.topic.replication.factor=1",
      "share.coordinator.state.topic.min.isr=1",
      "group.initial.rebalance.delay.ms=0",
      "auto.create.topics.enable=false",
      "",
    ].join("\n"),
  );
  const env = { ...process.env, KAFKA_HEAP_OPTS: `-Xmx${options.heapMiB ?? 512}m -Xms${options.heapMiB ?? 512}m` };
  const timeoutMs = options.timeoutMs ?? 60_000;
  try {
    const clusterId = (await execBounded([join(bin, "kafka-storage.sh"), "random-uuid"], { timeoutMs: 30_000, env })).stdout.trim().split("\n").pop()!.trim();
    await execBounded([join(bin, "kafka-storage.sh"), "format", "--config", config, "--cluster-id", clusterId, "--standalone"], { timeoutMs: 30_000, env });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }

  let child: ChildProcess | undefined;
  let output = "";
  const exited = (c: ChildProcess) => c.exitCode !== null || c.signalCode !== null;
  const launch = async () => {
    output = "";
    const c = spawn(join(bin, "kafka-server-start.sh"), [config], { env, stdio: ["ignore", "pipe", "pipe"] });
    child = c;
    let ready = false;
    const onData = (d: string) => {
      output = (output + d).slice(-8000);
      if (output.includes("Kafka Server started")) ready = true;
    };
    c.stdout!.setEncoding("utf8").on("data", onData);
    c.stderr!.setEncoding("utf8").on("data", onData);
    const deadline = Date.now() + timeoutMs;
    while (!ready) {
      if (exited(c)) throw new Error(`kafka.Kafka exited ${c.exitCode ?? c.signalCode} before it was ready:\n${output}`);
      if (Date.now() > deadline) throw new Error(`kafka.Kafka was not ready within ${timeoutMs} ms:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const kill = async (signal: NodeJS.Signals, graceMs: number) => {
    const c = child;
    if (!c || exited(c)) return;
    const gone = new Promise<void>((resolve) => c.once("exit", () => resolve()));
    c.kill(signal);
    const timer = setTimeout(() => c.kill("SIGKILL"), graceMs);
    await gone;
    clearTimeout(timer);
  };
  const stop = async () => {
    await kill("SIGTERM", 15_000);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await launch();
    // The classpath is what the broker says it runs, not only what the cache dir is named.
    const said = /Kafka version: (\S+)/.exec(output)?.[1];
    if (said !== kafkaToolsVersion) throw new Error(`kafka.Kafka says version ${said ?? "(none logged)"}, expected ${kafkaToolsVersion}`);
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    bootstrap: `127.0.0.1:${port}`,
    bin,
    version: kafkaToolsVersion,
    pid: () => child?.pid ?? -1,
    kill: () => kill("SIGKILL", 5_000),
    restart: launch,
    stop,
  };
}
