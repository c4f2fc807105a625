import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { labLabels } from "./labels";

export interface LabNamespaceArgs {
  readonly phase: string;
  readonly component: string;
  /**
   * Pod Security Standard enforced on the namespace. `baseline` suits most charts; components that
   * need host access (MetalLB's speaker) ask for `privileged` and say why.
   */
  readonly podSecurity?: "privileged" | "baseline" | "restricted";
}

/** A namespace with the lab's labels and a Pod Security Standard. */
export function labNamespace(name: string, args: LabNamespaceArgs, opts?: pulumi.CustomResourceOptions): k8s.core.v1.Namespace {
  const level = args.podSecurity ?? "baseline";
  return new k8s.core.v1.Namespace(
    `${name}-ns`,
    {
      metadata: {
        name,
        labels: {
          ...labLabels(args.phase, args.component),
          "pod-security.kubernetes.io/enforce": level,
          "pod-security.kubernetes.io/warn": "restricted",
        },
      },
    },
    opts,
  );
}
