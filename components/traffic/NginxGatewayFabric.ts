import * as pulumi from "@pulumi/pulumi";
import { addFootprints, type Footprint } from "../../lib/footprint";
import type { SizingProfile } from "../../lib/profileNames";
import { charts } from "../charts";
import { labNamespace } from "../core/LabNamespace";
import { containerResources, footprintOf, type ContainerSize, type SizedByProfile } from "../core/sizing";
import { pinnedRelease } from "../helm/pinnedRelease";
import { serviceType, type GatewayContender, type GatewayContenderArgs } from "./gatewayContender";
import { RoutedGateway } from "./RoutedGateway";

const sizes: SizedByProfile<Record<"controller" | "nginx", ContainerSize>> = {
  laptop: { controller: { cpuMillicores: 50, memoryMiB: 128 }, nginx: { cpuMillicores: 250, memoryMiB: 128 } },
  hub: { controller: { cpuMillicores: 100, memoryMiB: 256 }, nginx: { cpuMillicores: 500, memoryMiB: 256 } },
};

const gatewayClassName = "lab-nginx";
const gatewayName = "nginx";
/** NGINX Gateway Fabric names what it provisions for a Gateway `<gateway>-<gatewayclass>` (CreateNginxResourceName, ≤ 63 chars here). */
export const nginxServiceName = `${gatewayName}-${gatewayClassName}`;

/** Values of the nginx-gateway-fabric release (keys checked by rendering the pinned chart: charts.ts). */
export function nginxGatewayFabricValues(profile: SizingProfile, loadBalancer: boolean) {
  return {
    nginxGateway: {
      gatewayClassName,
      replicas: 1,
      resources: containerResources(sizes[profile].controller),
      productTelemetry: { enable: false },
    },
    nginx: { replicas: 1, container: { resources: containerResources(sizes[profile].nginx) }, service: { type: serviceType(loadBalancer) } },
  };
}

/**
 * NGINX Gateway Fabric: the chart renders its GatewayClass `lab-nginx` bound to the NginxProxy built
 * from the `nginx.*` values (size, Service type); the controller provisions one NGINX Deployment and
 * Service per Gateway in the Gateway's namespace.
 */
export class NginxGatewayFabric extends pulumi.ComponentResource implements GatewayContender {
  public readonly gatewayName = "nginx-gateway-fabric" as const;
  public readonly gatewayClassName = gatewayClassName;
  public readonly namespace: pulumi.Output<string>;
  public readonly serviceHost: string;
  public readonly servicePort = 80;
  public readonly serviceType: "ClusterIP" | "LoadBalancer";
  public readonly url: string;
  public readonly routed: RoutedGateway;
  public readonly footprint: Footprint;

  constructor(name: string, args: GatewayContenderArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:traffic:NginxGatewayFabric", name, {}, opts);
    const namespaceName = "nginx-gateway";
    const namespace = labNamespace(namespaceName, { phase: args.phase, component: "nginx-gateway-fabric" }, { parent: this });
    const release = pinnedRelease(
      "nginx-gateway",
      { chart: charts.nginxGatewayFabric, namespace: namespace.metadata.name, values: nginxGatewayFabricValues(args.profile, args.loadBalancer) },
      { parent: this, dependsOn: [args.crds] },
    );
    this.routed = new RoutedGateway(
      `${name}-routed`,
      {
        phase: args.phase,
        component: "nginx-gateway-fabric",
        gatewayClassName,
        gatewayName,
        gatewayNamespace: namespaceName,
        namespaceResource: namespace,
        listenerPort: this.servicePort,
        backend: args.backend,
        kubeconfig: args.kubeconfig,
        programmedTimeoutSeconds: args.programmedTimeoutSeconds,
        after: [release],
      },
      { parent: this },
    );
    this.namespace = namespace.metadata.name;
    this.serviceType = serviceType(args.loadBalancer);
    this.serviceHost = `${nginxServiceName}.${namespaceName}.svc.cluster.local`;
    this.url = `http://${this.serviceHost}:${this.servicePort}/`;
    this.footprint = addFootprints(footprintOf(sizes[args.profile].controller), footprintOf(sizes[args.profile].nginx));
    this.registerOutputs({ namespace: this.namespace, url: this.url });
  }
}
