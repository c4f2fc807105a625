import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A tiny HTTP target on 127.0.0.1 with a fixed small amount of work per request (a few hash
 * rounds), so latency is real but stable and the load tool, not the target, is what is proven.
 */
export interface LocalHttpTarget {
  url: string;
  port: number;
  /** Requests served so far (a cross-check for the load tool's count). */
  served(): number;
  /** The distinct values of the recorded header the target received (options.recordHeader). */
  receivedHeaderValues(): ReadonlySet<string>;
  stop(): Promise<void>;
}

export interface LocalHttpTargetOptions {
  /** sha256 rounds per request (the fixed work). */
  workRounds?: number;
  /** Answer after this many ms (a slow target, to make a load generator run out of VUs). */
  delayMs?: number;
  /** Every Nth request gets a 503 (a target with a known error count). */
  failEvery?: number;
  /** A request header whose values are kept (proves what a load tool really sent). */
  recordHeader?: string;
}

export async function startLocalHttpTarget(options: LocalHttpTargetOptions = {}): Promise<LocalHttpTarget> {
  const rounds = options.workRounds ?? 200;
  let served = 0;
  const headerValues = new Set<string>();
  const server: Server = createServer((req, res) => {
    let digest: Uint8Array = Buffer.from(req.url ?? "/");
    for (let i = 0; i < rounds; i++) digest = createHash("sha256").update(digest).digest();
    served++;
    if (options.recordHeader) headerValues.add(String(req.headers[options.recordHeader.toLowerCase()] ?? ""));
    const failed = options.failEvery !== undefined && served % options.failEvery === 0;
    const body = JSON.stringify({ ok: !failed, digest: Buffer.from(digest).toString("hex").slice(0, 16) });
    const answer = () => {
      res.writeHead(failed ? 503 : 200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    };
    if (options.delayMs) setTimeout(answer, options.delayMs);
    else answer();
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    served: () => served,
    receivedHeaderValues: () => headerValues,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
