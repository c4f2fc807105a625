import { execFileSync } from "node:child_process";
import { findTool } from "../../benchmarks/local/tools";

/** The Kubernetes version charts are rendered for: the minor the kind stack's node image runs. */
export const renderKubeVersion = "1.34.0";

/** How long one helm call may take (a pull over a slow link included) before the check gives up on it. */
const helmTimeoutMs = 180_000;

export function helmPath(): string {
  const found = findTool("helm");
  if (!found) throw new Error("helm not found on PATH or in ~/.cache/platform-lab/bin (scripts/install-go-tools.sh helm)");
  return found;
}

/**
 * Runs helm and returns its stdout; a failure throws with helm's own message. Offline rendering must
 * never reach a cluster, so no kubeconfig is handed down.
 */
export function helm(args: readonly string[]): string {
  try {
    return execFileSync(helmPath(), args, {
      encoding: "utf8",
      timeout: helmTimeoutMs,
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, KUBECONFIG: "/dev/null" },
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    const said = `${e.stdout ?? ""}${e.stderr ?? ""}`.trim() || e.message;
    throw new Error(`helm ${args[0]} failed: ${said}`);
  }
}
