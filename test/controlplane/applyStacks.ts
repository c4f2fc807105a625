/**
 * Runs inside scripts/with-control-plane.sh (KUBECONFIG set): applies each stack's own objects in
 * deploy order with server-side apply, waits for what the real controllers make of the lab's Jobs,
 * StatefulSets and Deployments under KWOK, and writes a report for the jest test to judge.
 *   tsx test/controlplane/applyStacks.ts <input.json> <report.json>
 * input.json: { fieldManager, stacks: [{ stack, manifests: LabManifest[] }] }
 */
import * as fs from "fs";
import type { LabManifest } from "../../cli/plan/stackManifests";
import { clientFromKubeconfig, objectPath, resolveResource, serverSideApply, type KubeClient } from "./kubeClient";

export interface ApplyInput {
  readonly fieldManager: string;
  /** Seconds to wait for each stack's workloads to be Ready / Complete. */
  readonly workloadTimeoutSeconds: number;
  readonly stacks: readonly { stack: string; manifests: readonly LabManifest[]; workloadTimeoutSeconds?: number }[];
}

export type ObjectOutcome =
  | { readonly status: "admitted"; readonly warnings: readonly string[] }
  | { readonly status: "rejected"; readonly httpStatus: number; readonly message: string; readonly warnings: readonly string[] }
  | { readonly status: "crd-not-available" };

export interface WorkloadOutcome {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly resourceName: string;
  /** Complete (Jobs), Ready (StatefulSets, Deployments), or what it still lacked at the deadline. */
  readonly state: "complete" | "ready" | "failed" | "timed-out";
  readonly detail: string;
  /** Pods the controllers created for it, with phase and readiness. */
  readonly pods: readonly { name: string; phase: string; ready: boolean }[];
  readonly seconds: number;
}

export interface StackReport {
  readonly stack: string;
  readonly objects: readonly (Pick<LabManifest, "resourceName" | "apiVersion" | "kind" | "namespace" | "name"> & ObjectOutcome)[];
  /** Namespace name to its `pod-security.kubernetes.io/enforce` level, as the server stored it. */
  readonly namespaceLevels: Record<string, string>;
  readonly workloads: readonly WorkloadOutcome[];
  readonly applyMs: number;
  readonly workloadsMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function applyObject(client: KubeClient, m: LabManifest, fieldManager: string, discovery: Map<string, any>): Promise<ObjectOutcome> {
  const type = await resolveResource(client, m.apiVersion, m.kind, discovery);
  if (!type) return { status: "crd-not-available" };
  const response = await serverSideApply(client, objectPath(m.apiVersion, type, m.name, m.namespace), m.manifest, fieldManager);
  if (response.status >= 200 && response.status < 300) return { status: "admitted", warnings: response.warnings };
  const message = typeof response.body === "object" && response.body?.message ? String(response.body.message) : String(response.body);
  return { status: "rejected", httpStatus: response.status, message, warnings: response.warnings };
}

function podSummary(pod: any) {
  const ready = (pod.status?.conditions ?? []).some((c: any) => c.type === "Ready" && c.status === "True");
  return { name: String(pod.metadata.name), phase: String(pod.status?.phase ?? "Unknown"), ready };
}

/** Why a controller made no pod (Pod Security rejections land here as FailedCreate events). */
async function eventsOf(client: KubeClient, namespace: string, kind: string, name: string): Promise<string> {
  const selector = encodeURIComponent(`involvedObject.kind=${kind},involvedObject.name=${name}`);
  const response = await client.request("GET", `/api/v1/namespaces/${namespace}/events?fieldSelector=${selector}`);
  const items: any[] = response.body?.items ?? [];
  return items
    .filter((e) => e.type === "Warning")
    .map((e) => `${e.reason}: ${e.message}`)
    .join("; ");
}

async function workloadState(client: KubeClient, m: LabManifest): Promise<Omit<WorkloadOutcome, "seconds" | "resourceName">> {
  const ns = m.namespace ?? "default";
  const base = { kind: m.kind, namespace: ns, name: m.name };
  const pods: any[] = (await client.request("GET", `/api/v1/namespaces/${ns}/pods`)).body?.items ?? [];
  const owned = pods.filter((p) =>
    m.kind === "Job"
      ? p.metadata.labels?.["batch.kubernetes.io/job-name"] === m.name
      : m.kind === "StatefulSet"
        ? (p.metadata.ownerReferences ?? []).some((o: any) => o.kind === "StatefulSet" && o.name === m.name)
        : String(p.metadata.name).startsWith(`${m.name}-`),
  );
  const summary = owned.map(podSummary);
  const path = `/apis/${m.apiVersion}/namespaces/${ns}/${m.kind.toLowerCase()}s/${m.name}`;
  const object = (await client.request("GET", path)).body;
  const conditions: any[] = object?.status?.conditions ?? [];
  const condition = (type: string) => conditions.find((c) => c.type === type && c.status === "True");
  if (m.kind === "Job") {
    if (condition("Complete")) return { ...base, state: "complete", detail: `succeeded: ${object.status.succeeded}`, pods: summary };
    const failed = condition("Failed");
    if (failed) return { ...base, state: "failed", detail: `${failed.reason}: ${failed.message}`, pods: summary };
    return { ...base, state: "timed-out", detail: `active ${object?.status?.active ?? 0}, succeeded ${object?.status?.succeeded ?? 0}`, pods: summary };
  }
  const wanted = object?.spec?.replicas ?? 1;
  const ready = object?.status?.readyReplicas ?? 0;
  const available = m.kind === "Deployment" ? Boolean(condition("Available")) : true;
  if (ready >= wanted && available && summary.length >= wanted) return { ...base, state: "ready", detail: `${ready}/${wanted} ready`, pods: summary };
  return { ...base, state: "timed-out", detail: `${ready}/${wanted} ready`, pods: summary };
}

const workloadKinds = new Set(["batch/v1/Job", "apps/v1/StatefulSet", "apps/v1/Deployment"]);

export async function applyStacks(input: ApplyInput, kubeconfig: string): Promise<StackReport[]> {
  const client = clientFromKubeconfig(kubeconfig);
  const discovery = new Map<string, any>();
  const reports: StackReport[] = [];
  for (const { stack, manifests, workloadTimeoutSeconds } of input.stacks) {
    const applyStart = performance.now();
    const objects: StackReport["objects"][number][] = [];
    for (const m of manifests) {
      const outcome = await applyObject(client, m, input.fieldManager, discovery);
      objects.push({ resourceName: m.resourceName, apiVersion: m.apiVersion, kind: m.kind, namespace: m.namespace, name: m.name, ...outcome });
    }
    const applyMs = Math.round(performance.now() - applyStart);

    const namespaceLevels: Record<string, string> = {};
    for (const m of manifests.filter((x) => x.kind === "Namespace")) {
      const ns = (await client.request("GET", `/api/v1/namespaces/${m.name}`)).body;
      namespaceLevels[m.name] = ns?.metadata?.labels?.["pod-security.kubernetes.io/enforce"] ?? "privileged (unlabelled)";
    }

    const workloadsStart = performance.now();
    const admitted = new Set(objects.filter((o) => o.status === "admitted").map((o) => `${o.kind}/${o.namespace}/${o.name}`));
    const pending = manifests.filter((m) => workloadKinds.has(`${m.apiVersion}/${m.kind}`) && admitted.has(`${m.kind}/${m.namespace}/${m.name}`));
    const deadline = Date.now() + (workloadTimeoutSeconds ?? input.workloadTimeoutSeconds) * 1000;
    const workloads: WorkloadOutcome[] = [];
    while (pending.length > 0) {
      for (const m of [...pending]) {
        const state = await workloadState(client, m);
        let final = state.state !== "timed-out";
        let events = "";
        if (!final && state.pods.length === 0) {
          // A controller that cannot create a pod (Pod Security, a missing ServiceAccount) says so at once.
          events = await eventsOf(client, state.namespace, m.kind, m.name);
          final = events.includes("FailedCreate");
        }
        if (!final && Date.now() < deadline) continue;
        if (state.state === "timed-out" && !events) events = await eventsOf(client, state.namespace, m.kind, m.name);
        const detail = state.state === "timed-out" ? `${state.detail}; ${events || "no warning events"}` : state.detail;
        workloads.push({ ...state, state: state.state === "timed-out" && events.includes("FailedCreate") ? "failed" : state.state, detail, resourceName: m.resourceName, seconds: Math.round(performance.now() - workloadsStart) / 1000 });
        pending.splice(pending.indexOf(m), 1);
      }
      if (pending.length > 0) await sleep(250);
    }
    const workloadsMs = Math.round(performance.now() - workloadsStart);
    console.error(`control-plane apply: ${stack}: ${objects.length} objects applied in ${applyMs} ms; ${workloads.length} workloads settled in ${workloadsMs} ms`);
    reports.push({ stack, objects, namespaceLevels, workloads, applyMs, workloadsMs });
  }
  return reports;
}

if (require.main === module) {
  const [inputFile, reportFile] = process.argv.slice(2);
  if (!inputFile || !reportFile || !process.env.KUBECONFIG) {
    console.error("usage (inside scripts/with-control-plane.sh): tsx test/controlplane/applyStacks.ts <input.json> <report.json>");
    process.exit(2);
  }
  applyStacks(JSON.parse(fs.readFileSync(inputFile, "utf8")), process.env.KUBECONFIG).then(
    (reports) => {
      fs.writeFileSync(reportFile, JSON.stringify(reports, null, 2));
      process.exit(0);
    },
    (err: Error) => {
      console.error(`applyStacks: ${err.stack ?? err.message}`);
      process.exit(1);
    },
  );
}
