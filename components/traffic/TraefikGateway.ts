import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Footprint } from "../../lib/footprint";
import type { SizingProfile } from "../../lib/profileNames";
import { charts } from "../charts";
import { labLabels } from "../core/labels";
import { labNamespace } from "../core/LabNamespace";
import { containerResources, footprintOf, type ContainerSize, type SizedByProfile } from "../core/sizing";
import { pinnedRelease } from "../helm/pinnedRelease";
import { serviceConnection } from "../helm/releaseConnection";
import { serviceType, type GatewayContender, type GatewayContenderArgs } from "./gatewayContender";
import { RoutedGateway } from "./RoutedGateway";

/** Traefik is controller and data plane in one pod. */
const sizes: SizedByProfile<ContainerSize> = {
  laptop: { cpuMillicores: 250, memoryMiB: 128 },
  hub: { cpuMillicores: 500, memoryMiB: 256 },
};

/** The `web` entry point: Gateway listeners must name its container port; the Service exposes it on 80. */
export const traefikWebPort = 8000;
/** The chart names its Service after the release (`traefik` contains the chart name); k6 dials its port 80. */
export const traefikService = serviceConnection("traefik", 80, "phase-04 k6 Jobs through the Traefik gateway");

/** Values of the traefik release (keys checked by rendering the pinned chart: charts.ts). */
export function traefikValues(profile: SizingProfile, loadBalancer: boolean) {
  return {
    providers: { kubernetesGateway: { enabled: true }, kubernetesCRD: { enabled: false }, kubernetesIngress: { enabled: false } },
    // The lab writes its own GatewayClass and Gateway, like for every contender.
    gateway: { enabled: false },
    gatewayClass: { enabled: false },
    ingressClass: { enabled: false },
    ingressRoute: { dashboard: { enabled: false } },
    api: { dashboard: false },
    global: { checkNewVersion: false, sendAnonymousUsage: false },
    deployment: { replicas: 1 },
    resources: containerResources(sizes[profile]),
    // The chart's Service type lives under service.spec (a plain `service.type` is silently ignored).
    service: { spec: { type: serviceType(loadBalancer) } },
    ports: { web: { port: traefikWebPort, exposedPort: traefikService.port } },
  };
}

/** Traefik with its Kubernetes Gateway provider, the `lab-traefik` GatewayClass and the routed Gateway. */
export class TraefikGateway extends pulumi.ComponentResource implements GatewayContender {
  public readonly gatewayName = "traefik" as const;
  public readonly gatewayClassName = "lab-traefik";
  public readonly namespace: pulumi.Output<string>;
  public readonly serviceHost: string;
  public readonly servicePort = 80;
  public readonly serviceType: "ClusterIP" | "LoadBalancer";
  public readonly url: string;
  public readonly routed: RoutedGateway;
  public readonly footprint: Footprint;

  constructor(name: string, args: GatewayContenderArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:traffic:TraefikGateway", name, {}, opts);
    const labels = labLabels(args.phase, "traefik");
    const namespaceName = "traefik";
    const namespace = labNamespace(namespaceName, { phase: args.phase, component: "traefik" }, { parent: this });
    const release = pinnedRelease(
      "traefik",
      { chart: charts.traefik, namespace: namespace.metadata.name, values: traefikValues(args.profile, args.loadBalancer) },
      { parent: this, dependsOn: [args.crds] },
    );
    const gatewayClass = new k8s.apiextensions.CustomResource(
      `${name}-gatewayclass`,
      {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "GatewayClass",
        metadata: { name: this.gatewayClassName, labels },
        spec: { controllerName: "traefik.io/gateway-controller" },
      },
      { parent: this, dependsOn: [args.crds] },
    );
    this.routed = new RoutedGateway(
      `${name}-routed`,
      {
        phase: args.phase,
        component: "traefik",
        gatewayClassName: gatewayClass.metadata.name,
        gatewayName: "traefik",
        gatewayNamespace: namespaceName,
        namespaceResource: namespace,
        listenerPort: traefikWebPort,
        backend: args.backend,
        kubeconfig: args.kubeconfig,
        programmedTimeoutSeconds: args.programmedTimeoutSeconds,
        after: [release, gatewayClass],
      },
      { parent: this },
    );
    this.namespace = namespace.metadata.name;
    this.serviceType = serviceType(args.loadBalancer);
    this.serviceHost = `${traefikService.name}.${namespaceName}.svc.cluster.local`;
    this.url = `http://${this.serviceHost}:${this.servicePort}/`;
    this.footprint = footprintOf(sizes[args.profile]);
    this.registerOutputs({ namespace: this.namespace, url: this.url });
  }
}
