import type * as pulumi from "@pulumi/pulumi";
import type { Footprint } from "../../lib/footprint";
import type { SizingProfile } from "../../lib/profileNames";
import type { GatewayName } from "./gatewayNames";
import type { RoutedGateway } from "./RoutedGateway";

/** What every contender's component is given. */
export interface GatewayContenderArgs {
  readonly phase: string;
  readonly profile: SizingProfile;
  /** The backend every gateway routes to; the HTTPRoute lives in its namespace. */
  readonly backend: { readonly namespace: pulumi.Input<string>; readonly serviceName: pulumi.Input<string>; readonly port: number };
  /** The hub's active gateway gets a MetalLB LoadBalancer address; every other gateway stays ClusterIP. */
  readonly loadBalancer: boolean;
  readonly kubeconfig: pulumi.Input<string>;
  /** The Gateway API CRDs (GatewayApiCrds.ready). */
  readonly crds: pulumi.Resource;
  readonly programmedTimeoutSeconds: number;
}

/** What phase-04 needs from each contender, whichever implementation it is. */
export interface GatewayContender {
  readonly gatewayName: GatewayName;
  readonly gatewayClassName: string;
  /** The namespace holding the implementation's pods (controller and data plane): what is sampled under load. */
  readonly namespace: pulumi.Output<string>;
  /** In-cluster DNS name and port of the Service in front of the data plane (fixed names: known at preview). */
  readonly serviceHost: string;
  readonly servicePort: number;
  readonly serviceType: "ClusterIP" | "LoadBalancer";
  /** `http://<serviceHost>:<servicePort>/`: what the rate sweep loads. */
  readonly url: string;
  readonly routed: RoutedGateway;
  /** Controller and data plane requests. */
  readonly footprint: Footprint;
}

export const serviceType = (loadBalancer: boolean) => (loadBalancer ? "LoadBalancer" : "ClusterIP") as "ClusterIP" | "LoadBalancer";
