import type { LabManifest, StackManifests } from "../../cli/plan/stackManifests";

/**
 * Deliberately bad objects built from a real one of the lab (phase-01's OpenBao bootstrap Job), in
 * a namespace of their own that enforces `restricted`: one the API server must reject (an invalid
 * container name), one it admits with a Pod Security warning whose pods the Job controller cannot
 * create (a privileged container).
 */
export function badInputStack(plans: readonly StackManifests[]): { stack: string; manifests: LabManifest[]; workloadTimeoutSeconds: number } {
  const phase01 = plans.find((p) => p.stack === "phase-01");
  const job = phase01?.manifests.find((m) => m.resourceName === "openbao-bootstrap");
  const labNamespace = phase01?.manifests.find((m) => m.kind === "Namespace");
  if (!job || !labNamespace) throw new Error("phase-01's plan has no openbao-bootstrap Job or namespace to build the bad input from");
  const namespace = "lab-bad-input";
  const nsManifest = structuredClone(labNamespace.manifest) as any;
  nsManifest.metadata.name = namespace;
  nsManifest.metadata.labels["pod-security.kubernetes.io/enforce"] = "restricted";

  const withJob = (resourceName: string, name: string, edit: (spec: any) => void): LabManifest => {
    const manifest = structuredClone(job.manifest) as any;
    manifest.metadata.name = name;
    manifest.metadata.namespace = namespace;
    delete manifest.metadata.annotations;
    edit(manifest.spec.template.spec);
    return { ...job, resourceName, name, namespace, autonamed: false, manifest };
  };
  return {
    stack: "bad-input",
    workloadTimeoutSeconds: 10,
    manifests: [
      { ...labNamespace, resourceName: `${namespace}-ns`, name: namespace, manifest: nsManifest },
      withJob("openbao-bootstrap (container name broken on purpose)", "bad-input-invalid", (spec) => (spec.containers[0].name = "Bad_Name")),
      withJob("bad-input-privileged", "bad-input-privileged", (spec) => {
        spec.containers[0].securityContext = { ...spec.containers[0].securityContext, privileged: true, allowPrivilegeEscalation: true };
      }),
    ],
  };
}
