import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { labLabels } from "../core/labels";
import { kubectlCommand } from "../kubectl/KubectlCommand";
import { argoCdSyncSchema, type ArgoCdSync } from "./argoCdSync";

export const argoCdSyncProbeConfigSchema = z.object({
  /** A Git repository Argo CD can reach (your lab's GitOps repository). */
  repoURL: z.string().url(),
  /** Directory of plain manifests, Kustomize or a Helm chart in it. */
  path: z.string().min(1),
  /** A commit SHA or tag, so every run syncs the same content. */
  targetRevision: z.string().min(1),
  /** A new run id syncs a new Application and measures again. */
  runId: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,18}[a-z0-9])?$/).default("1"),
});
export type ArgoCdSyncProbeConfig = z.infer<typeof argoCdSyncProbeConfigSchema>;

export interface ArgoCdSyncProbeArgs {
  readonly phase: string;
  readonly kubeconfig: pulumi.Input<string>;
  readonly argoCdNamespace: pulumi.Input<string>;
  readonly config: ArgoCdSyncProbeConfig;
  /** Argo CD itself (its CRDs and controller). */
  readonly argoCd: pulumi.Resource;
}

/**
 * Argo CD sync time: an Application with automated sync of a pinned revision into its own
 * namespace, and a measurement of its first sync operation (startedAt to finishedAt).
 */
export class ArgoCdSyncProbe extends pulumi.ComponentResource {
  public readonly sync: pulumi.Output<ArgoCdSync>;

  constructor(name: string, args: ArgoCdSyncProbeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:platform:ArgoCdSyncProbe", name, {}, opts);
    const appName = `lab-sync-probe-${args.config.runId}`;
    const application = new k8s.apiextensions.CustomResource(
      `${name}-application`,
      {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "Application",
        metadata: { name: appName, namespace: args.argoCdNamespace, labels: labLabels(args.phase, "argocd-sync-probe") },
        spec: {
          project: "default",
          source: { repoURL: args.config.repoURL, path: args.config.path, targetRevision: args.config.targetRevision },
          destination: { server: "https://kubernetes.default.svc", namespace: `lab-sync-probe-${args.config.runId}` },
          syncPolicy: { automated: { prune: true, selfHeal: false }, syncOptions: ["CreateNamespace=true"] },
        },
      },
      { parent: this, dependsOn: [args.argoCd] },
    );
    const measurement = kubectlCommand(
      `${name}-measurement`,
      {
        kubeconfig: args.kubeconfig,
        environment: { APP_NAMESPACE: args.argoCdNamespace, APP_NAME: application.metadata.name },
        script: [
          'kubectl wait -n "$APP_NAMESPACE" "applications.argoproj.io/$APP_NAME" --for=jsonpath=\'{.status.operationState.finishedAt}\' --timeout=10m',
          'kubectl get -n "$APP_NAMESPACE" "applications.argoproj.io/$APP_NAME" -o json > "$LAB_TMP/application.json"',
          'node_modules/.bin/tsx cli/lab.ts parse argocd-sync "$LAB_TMP/application.json"',
        ].join("\n"),
        triggers: [application.metadata.uid],
      },
      { parent: this, dependsOn: [application] },
    );
    this.sync = measurement.stdout.apply((text) => argoCdSyncSchema.parse(JSON.parse(text)));
    this.registerOutputs({ sync: this.sync });
  }
}
