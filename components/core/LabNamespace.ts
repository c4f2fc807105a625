import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { labLabels } from "./labels";

export interface LabNamespaceArgs {
  readonly phase: string;
  readonly component: string;
  /**
   * Pod Security Standard enforced on the namespace: `restricted` unless a component truly needs
   * more, and then its caller says why (MetalLB's speaker: host network and NET_RAW).
   */
  readonly podSecurity?: "privileged" | "baseline" | "restricted";
}

/** A namespace with the lab's labels and a Pod Security Standard. */
export function labNamespace(name: string, args: LabNamespaceArgs, opts?: pulumi.CustomResourceOptions): k8s.core.v1.Namespace {
  const level = args.podSecurity ?? "restricted";
  return new k8s.core.v1.Namespace(
    `${name}-ns`,
    {
      metadata: {
        name,
        labels: {
          ...labLabels(args.phase, args.component),
          "pod-security.kubernetes.io/enforce": level,
          // Where a lower level is enforced, every pod that would not pass `restricted` still shows.
          "pod-security.kubernetes.io/warn": "restricted",
        },
      },
    },
    opts,
  );
}
