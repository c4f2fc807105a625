import { z } from "zod";
import { gatewayNames } from "../../../components/traffic/gatewayNames";
import { defineContract } from "../../stackContract";

/** How a later phase (the mesh in phase-07, the capstone in phase-10) reaches a gateway in-cluster. */
export const gatewayEndpointSchema = z.object({
  gatewayClass: z.string(),
  /** The Gateway object: namespace/name. */
  gateway: z.string(),
  /** The Service in front of the gateway's data plane, in-cluster. */
  serviceHost: z.string(),
  servicePort: z.number().int(),
  url: z.string().url(),
  serviceType: z.enum(["ClusterIP", "LoadBalancer"]),
  /** Known once deployed (absent at preview): the Programmed check passed, or `up` failed. */
  status: z.literal("Programmed").optional(),
  /** What the controller reported in the Gateway's status (the hub's active gateway: its MetalLB address). */
  addresses: z.array(z.string()).optional(),
});

/** What later phases read from phase-04. */
export const phase04ContractSchema = z.object({
  namespace: z.string(),
  backend: z.object({ service: z.string(), url: z.string().url() }),
  gateways: z.partialRecord(z.enum(gatewayNames), gatewayEndpointSchema),
  /** The gateway the hub exposes through MetalLB (on kind, the first one, reached in-cluster). */
  activeGateway: z.enum(gatewayNames),
});
export type Phase04Outputs = z.infer<typeof phase04ContractSchema>;

export const phase04Contract = defineContract({
  stack: "phase-04",
  schema: phase04ContractSchema,
  secretKeys: [],
  planSample: {
    namespace: "lab-traffic",
    backend: { service: "echo", url: "http://echo.lab-traffic.svc.cluster.local:80/" },
    gateways: {
      "envoy-gateway": {
        gatewayClass: "lab-envoy",
        gateway: "envoy-gateway-system/envoy",
        serviceHost: "lab-envoy.envoy-gateway-system.svc.cluster.local",
        servicePort: 80,
        url: "http://lab-envoy.envoy-gateway-system.svc.cluster.local:80/",
        serviceType: "ClusterIP",
        status: "Programmed",
        addresses: ["10.96.120.11"],
      },
      traefik: {
        gatewayClass: "lab-traefik",
        gateway: "traefik/traefik",
        serviceHost: "traefik.traefik.svc.cluster.local",
        servicePort: 80,
        url: "http://traefik.traefik.svc.cluster.local:80/",
        serviceType: "ClusterIP",
        status: "Programmed",
        addresses: ["10.96.120.11"],
      },
      "nginx-gateway-fabric": {
        gatewayClass: "lab-nginx",
        gateway: "nginx-gateway/nginx",
        serviceHost: "nginx-lab-nginx.nginx-gateway.svc.cluster.local",
        servicePort: 80,
        url: "http://nginx-lab-nginx.nginx-gateway.svc.cluster.local:80/",
        serviceType: "ClusterIP",
        status: "Programmed",
        addresses: ["10.96.120.11"],
      },
    },
    activeGateway: "envoy-gateway",
  },
});
