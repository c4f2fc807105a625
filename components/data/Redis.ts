import { createHash } from "node:crypto";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Footprint } from "../../lib/footprint";
import type { SizingProfile } from "../../lib/profileNames";
import { imageRef, images } from "../charts";
import { labLabels } from "../core/labels";
import { containerResources, footprintOf, type ContainerSize, type SizedByProfile } from "../core/sizing";
import { basicAuthSecret } from "./basicAuthSecret";
import { redisAuthConfig, redisConfigPaths, redisProbeScript, redisServerConfig } from "./redisConfig";

export interface RedisArgs {
  readonly phase: string;
  readonly profile: SizingProfile;
  readonly namespace: pulumi.Input<string>;
  readonly storageClass: string;
}

const sizes: SizedByProfile<{ pod: ContainerSize; storageGiB: number }> = {
  laptop: { pod: { cpuMillicores: 100, memoryMiB: 256 }, storageGiB: 1 },
  hub: { pod: { cpuMillicores: 250, memoryMiB: 512 }, storageGiB: 5 },
};

/**
 * Redis from the official image in a one-replica StatefulSet with AOF persistence and a password
 * (no Bitnami chart: those images left the free registry in 2025). The server reads the password
 * from a config fragment mounted from a Secret and the probes pass it to redis-cli as
 * REDISCLI_AUTH, so it is on no command line.
 */
export class Redis extends pulumi.ComponentResource {
  public readonly host: pulumi.Output<string>;
  public readonly port = 6379;
  public readonly credentialsSecretName: pulumi.Output<string>;
  public readonly footprint: Footprint;

  constructor(name: string, args: RedisArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:data:Redis", name, {}, opts);
    const size = sizes[args.profile];
    const labels = labLabels(args.phase, "redis");
    const selector = { "app.kubernetes.io/name": "redis", "app.kubernetes.io/instance": name };
    const credentials = basicAuthSecret(`${name}-credentials`, { namespace: args.namespace, username: "default", labels, secretName: "redis-credentials" }, { parent: this });
    // Evict before the kernel does: maxmemory below the container's request leaves room for forks.
    const maxMemoryMb = Math.floor(size.pod.memoryMiB * 0.75);
    const authConfig = new k8s.core.v1.Secret(
      `${name}-auth-config`,
      {
        metadata: { name: "redis-auth-config", namespace: args.namespace, labels },
        type: "Opaque",
        stringData: { [redisConfigPaths.authConfigKey]: credentials.password.apply(redisAuthConfig) },
      },
      { parent: this },
    );
    const serverConfigText = redisServerConfig({
      authConfigPath: `${redisConfigPaths.authConfigDir}/${redisConfigPaths.authConfigKey}`,
      dataDir: "/data",
      maxMemoryMb,
    });
    const serverConfig = new k8s.core.v1.ConfigMap(
      `${name}-config`,
      {
        metadata: { name: "redis-config", namespace: args.namespace, labels },
        data: { [redisConfigPaths.serverConfigKey]: serverConfigText },
      },
      { parent: this },
    );
    const probe = { exec: { command: ["sh", "-c", redisProbeScript] } };

    const service = new k8s.core.v1.Service(
      `${name}-service`,
      {
        metadata: { name: "redis", namespace: args.namespace, labels },
        spec: { selector, ports: [{ name: "redis", port: this.port, targetPort: "redis" }] },
      },
      { parent: this },
    );
    new k8s.apps.v1.StatefulSet(
      `${name}-statefulset`,
      {
        metadata: { name: "redis", namespace: args.namespace, labels },
        spec: {
          serviceName: service.metadata.name,
          replicas: 1,
          selector: { matchLabels: selector },
          template: {
            // A changed config file alone would not restart the pod; its hash in the template does.
            metadata: { labels: { ...labels, ...selector }, annotations: { "platform-lab/config-sha256": createHash("sha256").update(serverConfigText).digest("hex") } },
            spec: {
              securityContext: { runAsNonRoot: true, runAsUser: 999, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } },
              containers: [
                {
                  name: "redis",
                  image: imageRef(images.redis),
                  // The image's entrypoint runs `redis-server <file>.conf`.
                  args: [`${redisConfigPaths.serverConfigDir}/${redisConfigPaths.serverConfigKey}`],
                  env: [{ name: "REDISCLI_AUTH", valueFrom: { secretKeyRef: { name: credentials.secret.metadata.name, key: "password" } } }],
                  ports: [{ name: "redis", containerPort: this.port }],
                  resources: containerResources(size.pod),
                  readinessProbe: { ...probe, periodSeconds: 5 },
                  livenessProbe: { ...probe, periodSeconds: 10, failureThreshold: 6 },
                  securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                  volumeMounts: [
                    { name: "data", mountPath: "/data" },
                    { name: "config", mountPath: redisConfigPaths.serverConfigDir, readOnly: true },
                    { name: "auth-config", mountPath: redisConfigPaths.authConfigDir, readOnly: true },
                  ],
                },
              ],
              volumes: [
                { name: "config", configMap: { name: serverConfig.metadata.name } },
                // Owner root, group fsGroup (1000, Redis's group): readable by Redis, by no other uid.
                { name: "auth-config", secret: { secretName: authConfig.metadata.name, defaultMode: 0o440 } },
              ],
            },
          },
          volumeClaimTemplates: [
            {
              metadata: { name: "data" },
              spec: { accessModes: ["ReadWriteOnce"], storageClassName: args.storageClass, resources: { requests: { storage: `${size.storageGiB}Gi` } } },
            },
          ],
        },
      },
      { parent: this },
    );
    this.host = pulumi.interpolate`${service.metadata.name}.${service.metadata.namespace}.svc.cluster.local`;
    this.credentialsSecretName = credentials.secret.metadata.name;
    this.footprint = footprintOf(size.pod, 1, size.storageGiB);
    this.registerOutputs({ host: this.host });
  }
}
