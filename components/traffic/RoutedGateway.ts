import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { labLabels } from "../core/labels";
import { kubectlCommand } from "../kubectl/KubectlCommand";
import { gatewayProgrammedScript } from "./gatewayProgrammed";
import { namespaceNameLabel } from "./gatewayNames";

export interface RoutedGatewayArgs {
  readonly phase: string;
  readonly component: string;
  /** The GatewayClass the Gateway asks for. */
  readonly gatewayClassName: pulumi.Input<string>;
  readonly gatewayName: string;
  /** Where the Gateway lives (its implementation's namespace). */
  readonly gatewayNamespace: string;
  /** The namespace resource, so the Gateway waits for it. */
  readonly namespaceResource: pulumi.Resource;
  /** The listener's port; for Traefik it must be an entry point's container port. */
  readonly listenerPort: number;
  /** The backend Service and where it lives; the HTTPRoute lives beside it. */
  readonly backend: { readonly namespace: pulumi.Input<string>; readonly serviceName: pulumi.Input<string>; readonly port: number };
  readonly kubeconfig: pulumi.Input<string>;
  /** Seconds the Gateway may take to become Programmed before `pulumi up` fails. */
  readonly programmedTimeoutSeconds: number;
  /** The controller (and anything else) that must exist before the Gateway is judged. */
  readonly after: pulumi.Input<pulumi.Resource>[];
}

/**
 * One Gateway (a plain HTTP listener admitting routes from the backend's namespace only), one
 * HTTPRoute sending every path to the backend, and a bounded wait until the Gateway is Programmed
 * and the route Accepted; the wait's failure carries their status conditions into `pulumi up`.
 */
export class RoutedGateway extends pulumi.ComponentResource {
  public readonly gatewayName: string;
  /** The Gateway's namespace as given (a plain name, known at preview). */
  public readonly gatewayNamespace: string;
  public readonly gateway: k8s.apiextensions.CustomResource;
  public readonly route: k8s.apiextensions.CustomResource;
  /** Done once the Gateway is Programmed and the route Accepted: benchmarks wait for this. */
  public readonly programmed: pulumi.Resource;
  /** `Programmed` once the check passed (a failed check fails `up` instead); unknown at preview. */
  public readonly status: pulumi.Output<"Programmed">;
  /** The addresses the controller put in the Gateway's status (known after `up`). */
  public readonly statusAddresses: pulumi.Output<string[]>;

  constructor(name: string, args: RoutedGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:traffic:RoutedGateway", name, {}, opts);
    const labels = labLabels(args.phase, args.component);
    this.gatewayName = args.gatewayName;
    this.gatewayNamespace = args.gatewayNamespace;
    this.gateway = new k8s.apiextensions.CustomResource(
      `${name}-gateway`,
      {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "Gateway",
        metadata: { name: args.gatewayName, namespace: args.gatewayNamespace, labels },
        spec: {
          gatewayClassName: args.gatewayClassName,
          listeners: [
            {
              name: "http",
              protocol: "HTTP",
              port: args.listenerPort,
              allowedRoutes: {
                kinds: [{ kind: "HTTPRoute" }],
                namespaces: { from: "Selector", selector: { matchLabels: { [namespaceNameLabel]: args.backend.namespace } } },
              },
            },
          ],
        },
      },
      { parent: this, dependsOn: pulumi.output(args.after).apply((after) => [...after, args.namespaceResource]) },
    );
    this.route = new k8s.apiextensions.CustomResource(
      `${name}-route`,
      {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "HTTPRoute",
        metadata: { name: args.gatewayName, namespace: args.backend.namespace, labels },
        spec: {
          parentRefs: [{ name: this.gateway.metadata.name, namespace: this.gateway.metadata.namespace, sectionName: "http" }],
          rules: [
            {
              matches: [{ path: { type: "PathPrefix", value: "/" } }],
              backendRefs: [{ name: args.backend.serviceName, port: args.backend.port }],
            },
          ],
        },
      },
      { parent: this },
    );
    const check = kubectlCommand(
      `${name}-programmed`,
      {
        kubeconfig: args.kubeconfig,
        script: gatewayProgrammedScript(args.programmedTimeoutSeconds),
        environment: {
          GATEWAY_NAMESPACE: this.gateway.metadata.namespace,
          GATEWAY_NAME: this.gateway.metadata.name,
          ROUTE_NAMESPACE: this.route.metadata.namespace,
          ROUTE_NAME: this.route.metadata.name,
        },
        // Judged again whenever the Gateway or its route is replaced.
        triggers: [this.gateway.metadata.uid, this.route.metadata.uid],
      },
      { parent: this, dependsOn: [this.gateway, this.route], customTimeouts: { create: `${Math.ceil(args.programmedTimeoutSeconds / 60) + 2}m` } },
    );
    this.programmed = check;
    this.status = check.stdout.apply(() => "Programmed" as const);
    this.statusAddresses = check.stdout.apply((text) => text.trim().split(/\s+/).filter((a) => a.length > 0));
    this.registerOutputs({ statusAddresses: this.statusAddresses });
  }
}
