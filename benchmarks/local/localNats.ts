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
  /**
   * kill -9 the server, wait `downSeconds`, start it again on the same port and store (the local
   * stand-in for a deleted broker pod); resolves once it is ready again, with the kill's time.
   */
  crashAndRestart(downSeconds: number): Promise<{ killedAt: string }>;
  stop(): Promise<void>;
}

/** A throwaway nats-server with JetStream on 127.0.0.1, its store in a temp dir removed on stop. */
export async function startLocalNats(options: { timeoutMs?: number } = {}): Promise<LocalNats> {
  const server = findTool("nats-server");
  if (!server) throw new Error("nats-server not found (Debian package nats-server)");
  const dir = mkdtempSync(join(tmpdir(), "lab-nats-"));
  const port = await freeLoopbackPort();
  const timeoutMs = options.timeoutMs ?? 15_000;
  let child: ChildProcess;
  let output = "";
  const exited = (c: ChildProcess) => c.exitCode !== null || c.signalCode !== null;
  const launch = async () => {
    output = "";
    child = spawn(server, ["-a", "127.0.0.1", "-p", String(port), "-js", "-sd", join(dir, "js"), "-n", `lab-${port}`], { stdio: ["ignore", "pipe", "pipe"] });
    child.stderr?.setEncoding("utf8").on("data", (d: string) => (output = (output + d).slice(-4000)));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (exited(child)) throw new Error(`nats-server exited ${child.exitCode ?? child.signalCode}:\n${output}`);
      // nats-server logs "Server is ready" once JetStream is up and the client port listens.
      if (output.includes("Server is ready") && (await listening(port))) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`nats-server was not ready within ${timeoutMs} ms:\n${output}`);
  };
  const halt = async (signal: NodeJS.Signals) => {
    const c = child;
    if (exited(c)) return;
    const gone = new Promise<void>((resolve) => c.once("exit", () => resolve()));
    c.kill(signal);
    const timer = setTimeout(() => c.kill("SIGKILL"), 5_000);
    await gone;
    clearTimeout(timer);
  };
  const stop = async () => {
    await halt("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await launch();
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    address: `127.0.0.1:${port}`,
    stop,
    async crashAndRestart(downSeconds: number) {
      const killedAt = new Date().toISOString();
      await halt("SIGKILL");
      await new Promise((r) => setTimeout(r, downSeconds * 1000));
      await launch();
      return { killedAt };
    },
  };
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}
