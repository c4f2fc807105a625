import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Footprint } from "../../lib/footprint";
import type { SizingProfile } from "../../lib/profileNames";
import { imageRef, images } from "../charts";
import { labLabels } from "../core/labels";
import { containerResources, footprintOf, type ContainerSize, type SizedByProfile } from "../core/sizing";

export interface EchoBackendArgs {
  readonly phase: string;
  readonly profile: SizingProfile;
  /** The namespace's name as a plain string (the URL is built from it). */
  readonly namespace: string;
  /** The namespace resource, so the backend waits for it. */
  readonly namespaceResource?: pulumi.Resource;
}

/** Fixed replicas and requests: the backend must never be what limits a gateway. */
const sizes: SizedByProfile<{ replicas: number; pod: ContainerSize }> = {
  laptop: { replicas: 2, pod: { cpuMillicores: 100, memoryMiB: 32 } },
  hub: { replicas: 2, pod: { cpuMillicores: 250, memoryMiB: 32 } },
};

const containerPort = 5678;
/** The body every request gets: small and constant, so response size never varies between gateways. */
export const echoBody = "platform-lab";

/**
 * The one HTTP backend every gateway routes to, and the baseline's target: hashicorp/http-echo
 * answering every path with a fixed text. Pod Security `restricted`: non-root, no privilege
 * escalation, no capabilities, read-only root filesystem, RuntimeDefault seccomp.
 */
export class EchoBackend extends pulumi.ComponentResource {
  /** The Service name (HTTPRoutes' backendRef). */
  public readonly serviceName: pulumi.Output<string>;
  public readonly port = 80;
  /** In-cluster URL of the Service (fixed names: known at preview): what the baseline loads directly. */
  public readonly url: string;
  public readonly deployment: k8s.apps.v1.Deployment;
  public readonly footprint: Footprint;

  constructor(name: string, args: EchoBackendArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:traffic:EchoBackend", name, {}, opts);
    const size = sizes[args.profile];
    const labels = labLabels(args.phase, "echo-backend");
    const after = { parent: this, dependsOn: args.namespaceResource ? [args.namespaceResource] : [] };
    const selector = { "app.kubernetes.io/name": "http-echo", "app.kubernetes.io/instance": name };
    this.deployment = new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      {
        metadata: { name: "echo", namespace: args.namespace, labels },
        spec: {
          replicas: size.replicas,
          selector: { matchLabels: selector },
          template: {
            metadata: { labels: { ...labels, ...selector } },
            spec: {
              automountServiceAccountToken: false,
              securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: "RuntimeDefault" } },
              containers: [
                {
                  name: "http-echo",
                  image: imageRef(images.httpEcho),
                  args: [`-listen=:${containerPort}`, `-text=${echoBody}`],
                  ports: [{ name: "http", containerPort }],
                  resources: containerResources(size.pod),
                  readinessProbe: { httpGet: { path: "/", port: "http" }, periodSeconds: 2, failureThreshold: 2 },
                  livenessProbe: { httpGet: { path: "/", port: "http" }, periodSeconds: 10, failureThreshold: 3 },
                  securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                },
              ],
            },
          },
        },
      },
      after,
    );
    const service = new k8s.core.v1.Service(
      `${name}-service`,
      {
        metadata: { name: "echo", namespace: args.namespace, labels },
        spec: { selector, ports: [{ name: "http", port: this.port, targetPort: "http" }] },
      },
      after,
    );
    this.serviceName = service.metadata.name;
    this.url = `http://echo.${args.namespace}.svc.cluster.local:${this.port}/`;
    this.footprint = footprintOf(size.pod, size.replicas);
    this.registerOutputs({ serviceName: this.serviceName, url: this.url });
  }
}
