import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freeLoopbackPort } from "./localPostgres";
import { findTool } from "./tools";

export interface LocalNats {
  /** `127.0.0.1:<port>`, what a client's NATS_URL names. */
  readonly address: string;
  stop(): Promise<void>;
}

/** A throwaway nats-server with JetStream on 127.0.0.1, its store in a temp dir removed on stop. */
export async function startLocalNats(options: { timeoutMs?: number } = {}): Promise<LocalNats> {
  const server = findTool("nats-server");
  if (!server) throw new Error("nats-server not found (Debian package nats-server)");
  const dir = mkdtempSync(join(tmpdir(), "lab-nats-"));
  const port = await freeLoopbackPort();
  const child: ChildProcess = spawn(server, ["-a", "127.0.0.1", "-p", String(port), "-js", "-sd", join(dir, "js"), "-n", `lab-${port}`], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stderr?.setEncoding("utf8").on("data", (d: string) => (output = (output + d).slice(-4000)));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => (child.kill("SIGKILL"), resolve()), 5_000);
        child.once("exit", () => (clearTimeout(timer), resolve()));
      });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`nats-server exited ${child.exitCode}:\n${output}`);
    }
    // nats-server logs "Server is ready" once JetStream is up and the client port listens.
    if (output.includes("Server is ready") && (await listening(port))) return { address: `127.0.0.1:${port}`, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`nats-server was not ready within ${options.timeoutMs ?? 15_000} ms:\n${output}`);
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}
