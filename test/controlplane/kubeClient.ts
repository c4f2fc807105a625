import * as fs from "fs";
import * as https from "https";
import { parse } from "yaml";

/**
 * A minimal Kubernetes API client for the control-plane test: the kubeconfig's first cluster and
 * user (client certificate files, as scripts/with-control-plane.sh writes them), server-side apply,
 * reads, and the API server's own warnings and error messages kept verbatim.
 */
export interface ApiResponse {
  readonly status: number;
  readonly body: any;
  /** `Warning` headers (RFC 7234), text only: Pod Security admission reports through them. */
  readonly warnings: readonly string[];
}

export interface KubeClient {
  request(method: string, path: string, body?: unknown, contentType?: string): Promise<ApiResponse>;
}

export function clientFromKubeconfig(file: string): KubeClient {
  const config = parse(fs.readFileSync(file, "utf8"));
  const cluster = config.clusters[0].cluster;
  const user = config.users[0].user;
  const server = new URL(cluster.server);
  const agent = new https.Agent({
    ca: fs.readFileSync(cluster["certificate-authority"]),
    cert: fs.readFileSync(user["client-certificate"]),
    key: fs.readFileSync(user["client-key"]),
    keepAlive: true,
  });
  return {
    request(method, path, body, contentType = "application/json") {
      return new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const req = https.request(
          {
            host: server.hostname,
            port: server.port,
            path,
            method,
            agent,
            headers: { Accept: "application/json", ...(payload ? { "Content-Type": contentType, "Content-Length": Buffer.byteLength(payload) } : {}) },
            timeout: 30_000,
          },
          (res) => {
            let text = "";
            res.setEncoding("utf8").on("data", (d: string) => (text += d));
            res.on("end", () => {
              const warnings: string[] = [];
              for (let i = 0; i < res.rawHeaders.length; i += 2) {
                if (res.rawHeaders[i].toLowerCase() === "warning") warnings.push(warningText(res.rawHeaders[i + 1]));
              }
              let parsed: unknown = text;
              try {
                parsed = text ? JSON.parse(text) : undefined;
              } catch {
                /* not JSON: keep the text */
              }
              resolve({ status: res.statusCode ?? 0, body: parsed, warnings });
            });
          },
        );
        req.on("timeout", () => req.destroy(new Error(`${method} ${path}: no answer within 30 s`)));
        req.on("error", reject);
        req.end(payload);
      });
    },
  };
}

/** `299 - "text"` to `text`. */
export function warningText(header: string): string {
  const match = /^\d{3} \S+ "((?:[^"\\]|\\.)*)"/.exec(header);
  return match ? match[1].replace(/\\(.)/g, "$1") : header;
}

export interface ResourceType {
  readonly plural: string;
  readonly namespaced: boolean;
}

/**
 * Finds the REST resource of an apiVersion/kind through discovery. Undefined when the API server
 * does not serve that group version or kind (a custom resource whose CRD is not installed).
 */
export async function resolveResource(client: KubeClient, apiVersion: string, kind: string, cache: Map<string, any>): Promise<ResourceType | undefined> {
  const base = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  if (!cache.has(base)) {
    const response = await client.request("GET", base);
    cache.set(base, response.status === 200 ? response.body : null);
  }
  const list = cache.get(base);
  const resource = list?.resources?.find((r: any) => r.kind === kind && !String(r.name).includes("/"));
  return resource ? { plural: resource.name, namespaced: resource.namespaced } : undefined;
}

export function objectPath(apiVersion: string, type: ResourceType, name: string, namespace?: string): string {
  const base = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const ns = type.namespaced ? `/namespaces/${encodeURIComponent(namespace ?? "default")}` : "";
  return `${base}${ns}/${type.plural}/${encodeURIComponent(name)}`;
}

/** Server-side apply of one object, as the lab's provider does it (conflicts are errors: no force). */
export function serverSideApply(client: KubeClient, path: string, manifest: unknown, fieldManager: string): Promise<ApiResponse> {
  return client.request("PATCH", `${path}?fieldManager=${encodeURIComponent(fieldManager)}&fieldValidation=Strict`, manifest, "application/apply-patch+yaml");
}
