import type * as command from "@pulumi/command";
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { kubectlCommand } from "./KubectlCommand";

export interface ServiceEndpointsWaitArgs {
  /** The cluster's kubeconfig (a secret). */
  readonly kubeconfig: pulumi.Input<string>;
  readonly namespace: pulumi.Input<string>;
  /** The Service whose endpoints must be ready (a chart's admission webhook Service). */
  readonly service: string;
  /** Bound on the wait; the step fails with the Service's endpoint state after it. */
  readonly timeoutSeconds?: number;
  /** The Helm release the Service's pods come from: the wait runs again with each new revision. */
  readonly release: k8s.helm.v3.Release;
}

/**
 * The script: polls the Service's EndpointSlices until one endpoint is ready, at most
 * $WAIT_TIMEOUT seconds. Exported for the control-plane test, which runs it for real.
 */
export const serviceEndpointsWaitScript = [
  'deadline=$((SECONDS + WAIT_TIMEOUT))',
  'ready() { kubectl get endpointslices -n "$WAIT_NAMESPACE" -l "kubernetes.io/service-name=$WAIT_SERVICE" -o jsonpath=\'{range .items[*].endpoints[?(@.conditions.ready==true)]}{.addresses[0]}{"\\n"}{end}\' | grep -q .; }',
  "until ready; do",
  '  if [ "$SECONDS" -ge "$deadline" ]; then',
  '    echo "service $WAIT_NAMESPACE/$WAIT_SERVICE has no ready endpoint after ${WAIT_TIMEOUT}s; its EndpointSlices:" >&2',
  '    kubectl get endpointslices -n "$WAIT_NAMESPACE" -l "kubernetes.io/service-name=$WAIT_SERVICE" -o wide >&2 || true',
  "    exit 1",
  "  fi",
  "  sleep 2",
  "done",
  'echo "service $WAIT_NAMESPACE/$WAIT_SERVICE has a ready endpoint"',
].join("\n");

/**
 * Waits until a Service has a ready endpoint. Helm's wait ends when the webhook's pods are Ready;
 * the EndpointSlice that routes to them follows a moment later, and a custom resource created in
 * between is refused by the API server (the webhook call finds no endpoint). Objects a chart's
 * webhook validates depend on this step, not on the release alone.
 */
export function serviceEndpointsWait(name: string, args: ServiceEndpointsWaitArgs, opts?: pulumi.CustomResourceOptions): command.local.Command {
  return kubectlCommand(
    name,
    {
      kubeconfig: args.kubeconfig,
      script: serviceEndpointsWaitScript,
      environment: { WAIT_NAMESPACE: args.namespace, WAIT_SERVICE: args.service, WAIT_TIMEOUT: String(args.timeoutSeconds ?? 180) },
      triggers: [args.release.status.revision],
    },
    { ...opts, dependsOn: [args.release] },
  );
}
