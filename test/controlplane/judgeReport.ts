import type { LabManifest } from "../../cli/plan/stackManifests";
import type { StackReport } from "./applyStacks";

/** How a failure names an object: the stack, the lab's resource name, then what the server calls it. */
function describeObject(stack: string, o: { resourceName: string; kind: string; namespace?: string; name: string }): string {
  return `${stack}: ${o.resourceName} (${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name})`;
}

/** Every object the API server refused, with its own message. */
export function rejectionMessages(report: StackReport): string[] {
  return report.objects.flatMap((o) =>
    o.status === "rejected" ? [`${describeObject(report.stack, o)} rejected by the API server (HTTP ${o.httpStatus}): ${o.message}`] : [],
  );
}

/**
 * Pod Security warnings on the lab's own workloads, except in a namespace that declares needing
 * more than `restricted` (its enforce label is `baseline` or `privileged`). The lab's namespaces warn
 * at `restricted`, so a warning here means a pod `restricted` would refuse.
 */
export function podSecurityProblems(report: StackReport): string[] {
  return report.objects.flatMap((o) => {
    if (o.status !== "admitted") return [];
    const level = o.namespace ? report.namespaceLevels[o.namespace] : undefined;
    const declaresMore = level === "baseline" || level === "privileged";
    return o.warnings.filter((w) => /PodSecurity/.test(w) && !declaresMore).map((w) => `${describeObject(report.stack, o)} in a namespace enforcing ${level ?? "(not the lab's)"}: ${w}`);
  });
}

/** Pod Security warnings that a namespace's declared level tolerates (printed, not failed). */
export function toleratedPodSecurityWarnings(report: StackReport): string[] {
  return report.objects.flatMap((o) => {
    if (o.status !== "admitted" || !o.namespace) return [];
    const level = report.namespaceLevels[o.namespace];
    return level === "baseline" || level === "privileged" ? o.warnings.filter((w) => /PodSecurity/.test(w)).map((w) => `${describeObject(report.stack, o)} (enforces ${level}): ${w}`) : [];
  });
}

/** Workloads whose pods were not admitted or did not reach Ready / Complete, with the controller's reasons. */
export function unsettledWorkloads(report: StackReport): string[] {
  return report.workloads.flatMap((w) => {
    if ((w.state === "complete" || w.state === "ready") && w.pods.length > 0) return [];
    const pods = w.pods.length === 0 ? "no pod was created" : w.pods.map((p) => `${p.name} ${p.phase}${p.ready ? " ready" : ""}`).join(", ");
    return [`${describeObject(report.stack, w)} is ${w.state} after ${w.seconds} s: ${w.detail}; pods: ${pods}`];
  });
}

/** Objects not applied because no CRD serves their type here, with the plan's schema check of each. */
export function crdsNotServed(report: StackReport, manifests: readonly LabManifest[]) {
  return report.objects.flatMap((o) => {
    if (o.status !== "crd-not-available") return [];
    const m = manifests.find((x) => x.kind === o.kind && x.name === o.name && x.namespace === o.namespace);
    return [{ kind: `${o.apiVersion}/${o.kind}`, name: `${o.namespace ? `${o.namespace}/` : ""}${o.name}`, schema: m?.schema.status ?? "no-schema", violations: m?.schema.violations ?? ["not in the plan"] }];
  });
}
