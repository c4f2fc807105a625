import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { addFootprints, type Footprint } from "../../lib/footprint";
import type { SizingProfile } from "../../lib/profileNames";
import { charts } from "../charts";
import { labLabels } from "../core/labels";
import { labNamespace } from "../core/LabNamespace";
import { containerResources, footprintOf, type ContainerSize, type SizedByProfile } from "../core/sizing";
import { pinnedRelease } from "../helm/pinnedRelease";
import { serviceType, type GatewayContender, type GatewayContenderArgs } from "./gatewayContender";
import { RoutedGateway } from "./RoutedGateway";

const sizes: SizedByProfile<Record<"controller" | "proxy", ContainerSize>> = {
  laptop: { controller: { cpuMillicores: 50, memoryMiB: 128 }, proxy: { cpuMillicores: 250, memoryMiB: 128 } },
  hub: { controller: { cpuMillicores: 100, memoryMiB: 256 }, proxy: { cpuMillicores: 500, memoryMiB: 256 } },
};

const controllerName = "gateway.envoyproxy.io/gatewayclass-controller";
/** Envoy's Service gets a fixed name (EnvoyProxy envoyService.name) instead of a generated, hashed one. */
export const envoyServiceName = "lab-envoy";

/** Values of the gateway-helm release (keys checked by rendering the pinned chart: charts.ts). */
export function envoyGatewayValues(profile: SizingProfile) {
  return { crds: { enabled: false }, deployment: { replicas: 1, envoyGateway: { resources: containerResources(sizes[profile].controller) } } };
}

/** The EnvoyProxy spec the GatewayClass points at: one Envoy of a fixed size behind a named Service. */
export function envoyProxySpec(profile: SizingProfile, loadBalancer: boolean) {
  return {
    provider: {
      type: "Kubernetes",
      kubernetes: {
        envoyDeployment: { replicas: 1, container: { resources: containerResources(sizes[profile].proxy) } },
        envoyService: { name: envoyServiceName, type: serviceType(loadBalancer) },
      },
    },
  };
}

/**
 * Envoy Gateway: its controller from the pinned chart (no CRDs: GatewayApiCrds has them), an
 * EnvoyProxy that sizes the Envoy it provisions per Gateway, the `lab-envoy` GatewayClass, and the
 * routed Gateway. Envoy runs in the controller's namespace.
 */
export class EnvoyGateway extends pulumi.ComponentResource implements GatewayContender {
  public readonly gatewayName = "envoy-gateway" as const;
  public readonly gatewayClassName = "lab-envoy";
  public readonly namespace: pulumi.Output<string>;
  public readonly serviceHost: string;
  public readonly servicePort = 80;
  public readonly serviceType: "ClusterIP" | "LoadBalancer";
  public readonly url: string;
  public readonly routed: RoutedGateway;
  public readonly footprint: Footprint;

  constructor(name: string, args: GatewayContenderArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:traffic:EnvoyGateway", name, {}, opts);
    const labels = labLabels(args.phase, "envoy-gateway");
    const namespaceName = "envoy-gateway-system";
    const namespace = labNamespace(namespaceName, { phase: args.phase, component: "envoy-gateway" }, { parent: this });
    const release = pinnedRelease(
      "envoy-gateway",
      { chart: charts.envoyGateway, namespace: namespace.metadata.name, values: envoyGatewayValues(args.profile) },
      { parent: this, dependsOn: [args.crds] },
    );
    const proxy = new k8s.apiextensions.CustomResource(
      `${name}-envoyproxy`,
      {
        apiVersion: "gateway.envoyproxy.io/v1alpha1",
        kind: "EnvoyProxy",
        metadata: { name: "lab-envoy", namespace: namespace.metadata.name, labels },
        spec: envoyProxySpec(args.profile, args.loadBalancer),
      },
      { parent: this, dependsOn: [args.crds] },
    );
    const gatewayClass = new k8s.apiextensions.CustomResource(
      `${name}-gatewayclass`,
      {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "GatewayClass",
        metadata: { name: this.gatewayClassName, labels },
        spec: {
          controllerName,
          parametersRef: { group: "gateway.envoyproxy.io", kind: "EnvoyProxy", name: proxy.metadata.name, namespace: proxy.metadata.namespace },
        },
      },
      { parent: this, dependsOn: [args.crds] },
    );
    this.routed = new RoutedGateway(
      `${name}-routed`,
      {
        phase: args.phase,
        component: "envoy-gateway",
        gatewayClassName: gatewayClass.metadata.name,
        gatewayName: "envoy",
        gatewayNamespace: namespaceName,
        namespaceResource: namespace,
        listenerPort: this.servicePort,
        backend: args.backend,
        kubeconfig: args.kubeconfig,
        programmedTimeoutSeconds: args.programmedTimeoutSeconds,
        after: [release, proxy, gatewayClass],
      },
      { parent: this },
    );
    this.namespace = namespace.metadata.name;
    this.serviceType = serviceType(args.loadBalancer);
    this.serviceHost = `${envoyServiceName}.${namespaceName}.svc.cluster.local`;
    this.url = `http://${this.serviceHost}:${this.servicePort}/`;
    this.footprint = addFootprints(footprintOf(sizes[args.profile].controller), footprintOf(sizes[args.profile].proxy));
    this.registerOutputs({ namespace: this.namespace, url: this.url });
  }
}
