/**
 * What the lab's code relies on inside a chart's rendered output: a Service it connects to (by name
 * and port) or a Secret key the chart reads from an object the lab writes. Components build their
 * URLs and waits from these, and `lab charts check` looks for each in `helm template`'s output, so a
 * chart that renders the Service under another name (or not at all in the mode the lab uses) fails
 * the check instead of the deployment.
 */
export type ReleaseConnection =
  | {
      readonly kind: "service";
      readonly name: string;
      /** The Service port the lab dials; absent when the lab only waits for the Service's endpoints. */
      readonly port?: number;
      /** Who connects, for the check's message. */
      readonly usedBy: string;
    }
  | {
      readonly kind: "secretKey";
      readonly secret: string;
      readonly key: string;
      readonly usedBy: string;
    };

export function serviceConnection(name: string, port: number | undefined, usedBy: string): ReleaseConnection & { kind: "service" } {
  return { kind: "service", name, port, usedBy };
}

export function secretKeyConnection(secret: string, key: string, usedBy: string): ReleaseConnection & { kind: "secretKey" } {
  return { kind: "secretKey", secret, key, usedBy };
}
