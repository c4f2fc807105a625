import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";

/**
 * Debian's chromium, headless and kept off the network, driven over the DevTools protocol on
 * --remote-debugging-pipe (fds 3 and 4, NUL-separated JSON: no port opened, no npm package).
 * Off the network: every host resolves to nothing (--host-resolver-rules), any request that
 * would still go out goes to a proxy on 127.0.0.1:9 where nothing listens, and the background
 * services that phone home (component updates, sync, safe browsing, metrics) are off.
 */
/** $CHROMIUM, else Debian's chromium, else Google's build (what GitHub's Ubuntu runners ship). */
export const chromiumBinary = process.env.CHROMIUM || (["/usr/bin/chromium", "/usr/bin/google-chrome"].find((b) => existsSync(b)) ?? "/usr/bin/chromium");

export const offlineFlags = [
  "--headless=new",
  "--no-sandbox", // CI and this machine run as root, where chromium's sandbox refuses to start
  "--disable-gpu",
  "--no-first-run",
  "--no-default-browser-check",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-default-apps",
  "--disable-extensions",
  "--disable-domain-reliability",
  "--disable-client-side-phishing-detection",
  "--disable-features=OptimizationHints,MediaRouter,Translate,DialMediaRouteProvider",
  "--metrics-recording-only",
  "--proxy-server=127.0.0.1:9",
  "--host-resolver-rules=MAP * ~NOTFOUND",
];

/** null when chromium runs here; else why not (for realToolTest). */
export function chromiumMissing(): string | null {
  const run = spawnSync(chromiumBinary, ["--version"], { encoding: "utf8" });
  return run.status === 0 ? null : `${chromiumBinary} not runnable (Debian package chromium)`;
}

export function chromiumVersion(): string {
  return spawnSync(chromiumBinary, ["--version"], { encoding: "utf8" }).stdout.trim();
}

type Message = { id?: number; method?: string; params?: any; result?: any; error?: { message: string }; sessionId?: string };

export class HeadlessChromium {
  private readonly child: ChildProcess;
  private readonly profile: string;
  private nextId = 1;
  private buffer = "";
  private readonly pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  private readonly listeners: ((m: Message) => void)[] = [];
  readonly stderr: string[] = [];

  constructor() {
    this.profile = mkdtempSync(join(tmpdir(), "lab-chromium-"));
    this.child = spawn(chromiumBinary, [...offlineFlags, `--user-data-dir=${this.profile}`, "--remote-debugging-pipe", "about:blank"], { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
    this.child.stderr!.on("data", (d: Buffer) => this.stderr.push(d.toString()));
    (this.child.stdio[4] as Readable).on("data", (chunk: Buffer) => {
      this.buffer += chunk.toString("utf8");
      let end: number;
      while ((end = this.buffer.indexOf("\0")) >= 0) {
        const message = JSON.parse(this.buffer.slice(0, end)) as Message;
        this.buffer = this.buffer.slice(end + 1);
        if (message.id !== undefined && this.pending.has(message.id)) {
          const p = this.pending.get(message.id)!;
          this.pending.delete(message.id);
          if (message.error) p.reject(new Error(message.error.message));
          else p.resolve(message.result);
        } else this.listeners.forEach((l) => l(message));
      }
    });
  }

  send(method: string, params: object = {}, sessionId?: string): Promise<any> {
    const id = this.nextId++;
    const done = new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
    (this.child.stdio[3] as Writable).write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    return done;
  }

  on(listener: (m: Message) => void): void {
    this.listeners.push(listener);
  }

  /** The first event named `method` (of this session) from now on. */
  once(method: string, sessionId: string, timeoutMs = 30_000): Promise<any> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} within ${timeoutMs} ms`)), timeoutMs);
      this.on((m) => {
        if (m.method === method && m.sessionId === sessionId) {
          clearTimeout(timer);
          resolve(m.params);
        }
      });
    });
  }

  /** Attach to the page chromium opened: a session id for Page/Runtime/Network commands. */
  async page(): Promise<string> {
    const { targetInfos } = await this.send("Target.getTargets");
    const page = (targetInfos as { type: string; targetId: string }[]).find((t) => t.type === "page");
    if (!page) throw new Error("chromium opened no page");
    const { sessionId } = await this.send("Target.attachToTarget", { targetId: page.targetId, flatten: true });
    return sessionId as string;
  }

  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    await this.send("Browser.close").catch(() => undefined);
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
    rmSync(this.profile, { recursive: true, force: true });
  }
}
