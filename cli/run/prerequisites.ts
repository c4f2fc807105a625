import { spawnSync } from "child_process";
import { kindCliVersion } from "../../components/charts";

/** A CLI the real-cluster path needs, and how a user gets it. */
export interface Prerequisite {
  readonly command: string;
  readonly versionArgs: readonly string[];
  readonly install: string;
}

export const prerequisites: Record<"pulumi" | "kind" | "docker" | "kubectl", Prerequisite> = {
  pulumi: { command: "pulumi", versionArgs: ["version"], install: "curl -fsSL https://get.pulumi.com | sh   (https://www.pulumi.com/docs/install/)" },
  kind: { command: "kind", versionArgs: ["version"], install: `go install sigs.k8s.io/kind@${kindCliVersion}   (https://kind.sigs.k8s.io/docs/user/quick-start/#installation)` },
  docker: { command: "docker", versionArgs: ["info", "--format", "{{.ServerVersion}}"], install: "Docker Engine or Docker Desktop, running   (https://docs.docker.com/engine/install/)" },
  kubectl: { command: "kubectl", versionArgs: ["version", "--client"], install: "https://kubernetes.io/docs/tasks/tools/#kubectl" },
};

/** Which prerequisites are missing (or, for docker, installed but with no engine answering). */
export function missingPrerequisites(names: readonly (keyof typeof prerequisites)[]): Prerequisite[] {
  return names.map((n) => prerequisites[n]).filter((p) => spawnSync(p.command, [...p.versionArgs], { stdio: "ignore" }).status !== 0);
}

export function describeMissing(missing: readonly Prerequisite[]): string {
  return ["Missing prerequisites:", ...missing.map((p) => `  - ${p.command}: install with ${p.install}`)].join("\n");
}
