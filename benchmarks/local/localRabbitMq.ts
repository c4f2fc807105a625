import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freeLoopbackPort } from "./localPostgres";

/** Debian's rabbitmq-server package: the real server script (its /usr/sbin wrapper insists on the rabbitmq user). */
export const rabbitMqServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";

export interface LocalRabbitMq {
  readonly amqpPort: number;
  readonly managementPort: number;
  /** The default guest user, which RabbitMQ admits from loopback only. */
  readonly user: string;
  readonly password: string;
  stop(): Promise<void>;
}

/**
 * A throwaway RabbitMQ node on 127.0.0.1 with the management plugin: its own ports (AMQP,
 * management, distribution, epmd) so it never meets another node, data and logs in a temp dir
 * removed on stop. Ready when the management API answers.
 */
export async function startLocalRabbitMq(options: { timeoutMs?: number } = {}): Promise<LocalRabbitMq> {
  if (!existsSync(rabbitMqServerScript)) throw new Error(`${rabbitMqServerScript} not found (Debian package rabbitmq-server)`);
  const dir = mkdtempSync(join(tmpdir(), "lab-rabbitmq-"));
  const [amqpPort, managementPort, distPort, epmdPort] = [await freeLoopbackPort(), await freeLoopbackPort(), await freeLoopbackPort(), await freeLoopbackPort()];
  writeFileSync(join(dir, "rabbitmq.conf"), [`listeners.tcp.default = 127.0.0.1:${amqpPort}`, `management.tcp.ip = 127.0.0.1`, `management.tcp.port = ${managementPort}`, ""].join("\n"));
  writeFileSync(join(dir, "enabled_plugins"), "[rabbitmq_management].\n");
  const node = `lab${amqpPort}@localhost`;
  const env = {
    ...process.env,
    HOME: dir,
    RABBITMQ_NODENAME: node,
    RABBITMQ_CONFIG_FILE: join(dir, "rabbitmq.conf"),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, "enabled_plugins"),
    RABBITMQ_MNESIA_BASE: join(dir, "mnesia"),
    RABBITMQ_LOG_BASE: join(dir, "log"),
    RABBITMQ_PID_FILE: join(dir, "rabbitmq.pid"),
    RABBITMQ_DIST_PORT: String(distPort),
    ERL_EPMD_PORT: String(epmdPort),
    ERL_EPMD_ADDRESS: "127.0.0.1",
  };
  const child: ChildProcess = spawn(rabbitMqServerScript, [], { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  child.stdout?.setEncoding("utf8").on("data", (d: string) => (output = (output + d).slice(-4000)));
  child.stderr?.setEncoding("utf8").on("data", (d: string) => (output = (output + d).slice(-4000)));
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      // The whole group: the script, beam and the node's own epmd.
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        /* already gone */
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          try {
            process.kill(-child.pid!, "SIGKILL");
          } catch {
            /* already gone */
          }
          resolve();
        }, 10_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    spawnEpmdKill(epmdPort);
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const auth = `Basic ${Buffer.from("guest:guest").toString("base64")}`;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`rabbitmq-server exited ${child.exitCode} before it was ready:\n${output}`);
    }
    try {
      const res = await fetch(`http://127.0.0.1:${managementPort}/api/overview`, { headers: { authorization: auth } });
      if (res.ok) return { amqpPort, managementPort, user: "guest", password: "guest", stop };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error(`rabbitmq-server was not ready within ${options.timeoutMs ?? 60_000} ms:\n${output}`);
}

/** epmd daemonizes out of the node's process group; it is stopped by its own port. */
function spawnEpmdKill(port: number): void {
  spawn("epmd", ["-kill"], { env: { ...process.env, ERL_EPMD_PORT: String(port) }, stdio: "ignore" }).on("error", () => undefined);
}
