/** The Gateway API implementations phase-04 compares, by the name used in config and outputs. */
export const gatewayNames = ["envoy-gateway", "traefik", "nginx-gateway-fabric"] as const;
export type GatewayName = (typeof gatewayNames)[number];

/** The namespace label every Kubernetes namespace carries; routes are admitted from the backend's namespace by it. */
export const namespaceNameLabel = "kubernetes.io/metadata.name";
