import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execBounded, stopChild } from "./exec";
import { freeLoopbackPort } from "./localPostgres";
import { findTool } from "./tools";

/**
 * Reverse proxies started for one local comparison: each in its own throwaway dir, listening only
 * on 127.0.0.1 at a free port, forwarding to one loopback backend with keep-alive connections, in
 * the foreground as our child so it is stopped (and its dir removed) at the end whatever happens.
 * One worker each (nginx worker_processes 1, HAProxy nbthread 1), so on a 2-core machine the
 * proxies compete on equal terms and leave a core to k6 and the backend.
 *
 * Traefik and Envoy are not among them: Traefik v3 does not build from the Go module proxy
 * (`go install` refuses its replace directives, and one replaced module, a containous fork of
 * go-http-auth, is not served by the proxy), and no Envoy binary or package exists here.
 */
export const localProxyNames = ["nginx", "haproxy"] as const;
export type LocalProxyName = (typeof localProxyNames)[number];

export interface LoopbackProxy {
  name: LocalProxyName;
  url: string;
  version: string;
  /** CPU seconds (user + system) used so far by the proxy's processes, and their resident memory. */
  usage(): { cpuSeconds: number; rssMiB: number };
  stop(): Promise<void>;
}

/** Where Debian puts the daemons (/usr/sbin, often missing from a non-root PATH). */
export function findDaemon(name: string): string | null {
  return findTool(name) ?? (existsSync(`/usr/sbin/${name}`) ? `/usr/sbin/${name}` : null);
}

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux (getconf CLK_TCK)

function processTree(rootPid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      /* gone meanwhile */
    }
  }
  const tree = [rootPid];
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of parentOf) if (ppid === tree[i]) tree.push(pid);
  return tree;
}

/** CPU seconds and RSS of a process and its descendants, from /proc (what the kernel accounted). */
export function processTreeUsage(rootPid: number): { cpuSeconds: number; rssMiB: number } {
  let ticks = 0;
  let rssKiB = 0;
  for (const pid of processTree(rootPid)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // fields[11], [12]: utime, stime (fields 14 and 15 of proc(5), counted from the state field).
      ticks += Number(fields[11]) + Number(fields[12]);
      const rss = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (rss) rssKiB += Number(rss[1]);
    } catch {
      /* exited meanwhile */
    }
  }
  return { cpuSeconds: ticks / CLOCK_TICKS_PER_SECOND, rssMiB: rssKiB / 1024 };
}

async function waitForPort(port: number, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode} before listening:\n${output().slice(-2000)}`);
    const open = await new Promise<boolean>((resolve) => {
      const s = connect({ host: "127.0.0.1", port }, () => (s.end(), resolve(true)));
      s.on("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`not listening on 127.0.0.1:${port} after ${timeoutMs} ms:\n${output().slice(-2000)}`);
}

function nginxConfig(dir: string, port: number, backendPort: number | null): string {
  const temp = (n: string) => join(dir, n);
  return `# Generated for one local comparison run; removed with its directory.
worker_processes 1;
daemon off;
pid ${temp("nginx.pid")};
error_log ${temp("error.log")} warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${temp("client_body")};
  proxy_temp_path ${temp("proxy")};
  fastcgi_temp_path ${temp("fastcgi")};
  uwsgi_temp_path ${temp("uwsgi")};
  scgi_temp_path ${temp("scgi")};
${
    backendPort === null
      ? `  server {
    listen 127.0.0.1:${port};
    keepalive_requests 1000000;
    default_type application/json;
    location / { return 200 '{"ok":true}'; }
  }`
      : `  upstream backend {
    server 127.0.0.1:${backendPort};
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${port};
    keepalive_requests 1000000;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }`
  }
}
`;
}

function haproxyConfig(port: number, backendPort: number): string {
  return `# Generated for one local comparison run; removed with its directory.
global
  nbthread 1
  maxconn 4096
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
frontend lab
  bind 127.0.0.1:${port}
  default_backend backend
backend backend
  http-reuse always
  server backend1 127.0.0.1:${backendPort}
`;
}

async function versionOf(argv: string[], pattern: RegExp): Promise<string> {
  const out = await execBounded(argv, { timeoutMs: 10_000, allowFailure: true });
  const m = pattern.exec(out.stdout + out.stderr);
  return m ? m[1] : "unknown";
}

/**
 * The one backend every target routes to: nginx answering a fixed small JSON body itself (one
 * worker, no logging), the loopback counterpart of the phase's static echo service, so the
 * proxies in front of it are the only variable.
 */
export async function startLoopbackBackend(options: { timeoutMs?: number } = {}): Promise<LoopbackProxy> {
  return startProcess("nginx", null, options);
}

/** Start one proxy in front of `backendUrl` (a loopback URL). */
export async function startLoopbackProxy(name: LocalProxyName, backendUrl: string, options: { timeoutMs?: number } = {}): Promise<LoopbackProxy> {
  const backend = new URL(backendUrl);
  if (backend.hostname !== "127.0.0.1") throw new Error(`${name}: the backend must be on 127.0.0.1, got ${backendUrl}`);
  return startProcess(name, Number(backend.port), options);
}

async function startProcess(name: LocalProxyName, backendPort: number | null, options: { timeoutMs?: number }): Promise<LoopbackProxy> {
  const binary = findDaemon(name);
  if (!binary) throw new Error(`${name} not found on PATH or in /usr/sbin (run scripts/install-bench-tools.sh)`);
  const dir = mkdtempSync(join(tmpdir(), `lab-${name}-`));
  const port = await freeLoopbackPort();
  let argv: string[];
  let version: string;
  if (name === "nginx") {
    for (const d of ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(join(dir, d));
    writeFileSync(join(dir, "nginx.conf"), nginxConfig(dir, port, backendPort));
    // -e: the startup error log goes to our dir too, not /var/log/nginx.
    argv = [binary, "-e", join(dir, "error.log"), "-p", dir, "-c", join(dir, "nginx.conf")];
    version = await versionOf([binary, "-v"], /nginx version: (nginx\/\S+)/);
  } else {
    if (backendPort === null) throw new Error("haproxy: only nginx serves as the backend");
    writeFileSync(join(dir, "haproxy.cfg"), haproxyConfig(port, backendPort));
    argv = [binary, "-db", "-f", join(dir, "haproxy.cfg")];
    version = await versionOf([binary, "-v"], /^(HAProxy version \S+)/m);
  }
  const child = spawn(argv[0], argv.slice(1), { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (output += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (output += d));
  const stop = async () => {
    await stopChild(child, 5000);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, child, () => output, options.timeoutMs ?? 10_000);
  } catch (e) {
    await stop();
    throw new Error(`${name}: ${(e as Error).message}`);
  }
  return { name, url: `http://127.0.0.1:${port}/`, version, usage: () => processTreeUsage(child.pid!), stop };
}
