import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const projectDir = path.resolve(__dirname, "..", "..");
export const harness = path.join(projectDir, "scripts", "with-control-plane.sh");
const binDir = process.env.PLATFORM_LAB_TOOLS ?? path.join(os.homedir(), ".cache", "platform-lab", "bin");

/** Why scripts/with-control-plane.sh cannot start a plane here, or null. */
export function controlPlaneMissing(): string | null {
  for (const tool of ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubectl", "kwok", "kwok-stages"]) {
    if (!fs.existsSync(path.join(binDir, tool))) return `${path.join(binDir, tool)} is missing (scripts/install-go-tools.sh builds it)`;
  }
  const netns = spawnSync("unshare", process.getuid?.() === 0 ? ["--net", "true"] : ["--net", "--map-root-user", "true"], { encoding: "utf8" });
  if (netns.status !== 0) return `cannot create a network namespace (unshare: ${(netns.stderr || netns.error?.message || "").trim()})`;
  return null;
}
