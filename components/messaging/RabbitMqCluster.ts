import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { addFootprints, type Footprint } from "../../lib/footprint";
import type { SizingProfile } from "../../lib/profileNames";
import { imageRef, images, manifests } from "../charts";
import { labLabels } from "../core/labels";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../core/podSecurity";
import { containerResources, footprintOf, type ContainerSize, type SizedByProfile } from "../core/sizing";
import { setupJob } from "../core/setupJob";
import { awaitCondition } from "./awaitCondition";
import { brokerReplicas, type BrokerEndpoint } from "./brokerNames";

export interface RabbitMqClusterArgs {
  readonly phase: string;
  readonly profile: SizingProfile;
  readonly namespace: pulumi.Input<string>;
  readonly namespaceName: string;
  readonly storageClass: string;
  readonly queue: string;
  readonly retentionHours: number;
}

const sizes: SizedByProfile<{ node: ContainerSize; setup: ContainerSize; dataGiB: number }> = {
  laptop: { node: { cpuMillicores: 250, memoryMiB: 1024 }, setup: { cpuMillicores: 10, memoryMiB: 32 }, dataGiB: 10 },
  hub: { node: { cpuMillicores: 500, memoryMiB: 2048 }, setup: { cpuMillicores: 10, memoryMiB: 32 }, dataGiB: 50 },
};

export const rabbitmqClusterName = "lab-rabbitmq";
/** The cluster's pods, by the labels the operator v2.22.3 sets (internal/metadata/label.go: name = the cluster, component rabbitmq). */
export const rabbitmqPodSelector = `app.kubernetes.io/name=${rabbitmqClusterName},app.kubernetes.io/component=rabbitmq`;
/** The operator names the client Service after the cluster and its credentials Secret `<name>-default-user`. */
export const rabbitmqDefaultUserSecret = `${rabbitmqClusterName}-default-user`;

/** The quorum queue's definition as the management API takes it; messages older than the retention expire. */
export function quorumQueueDefinition(retentionHours: number) {
  return { durable: true, auto_delete: false, arguments: { "x-queue-type": "quorum", "x-message-ttl": retentionHours * 3_600_000 } };
}

/**
 * Declares the quorum queue the benchmark uses through the management API (the Messaging Topology
 * Operator, which would offer a Queue resource, needs cert-manager, which the lab does not run).
 * Idempotent: a PUT of the same definition answers 201 (created) or 204 (unchanged). The
 * credentials and the definition come from the environment, never the script.
 */
export function declareQuorumQueueScript(host: string, queue: string, managementPort = 15672): string {
  return [
    "set -eu",
    `url="http://${host}:${managementPort}/api/queues/%2F/${encodeURIComponent(queue)}"`,
    // The management API comes up after the AMQP port: retry, bounded by the Job's deadline.
    'until code=$(curl -s -o /dev/null -w "%{http_code}" -u "$RABBITMQ_USER:$RABBITMQ_PASSWORD" -H "content-type: application/json" -X PUT --data-binary "$QUEUE" "$url") && { [ "$code" = 201 ] || [ "$code" = 204 ]; }; do echo "management API answered ${code:-nothing}; retrying"; sleep 5; done',
    `echo "quorum queue ${queue} declared"`,
  ].join("\n");
}

/** RabbitMQ through its Cluster Operator (release manifest), a RabbitmqCluster and the lab's quorum queue. */
export class RabbitMqCluster extends pulumi.ComponentResource {
  public readonly endpoint: BrokerEndpoint;
  public readonly footprint: Footprint;
  public readonly brokerFootprint: Footprint;
  public readonly podSelector = rabbitmqPodSelector;

  constructor(name: string, args: RabbitMqClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:messaging:RabbitMqCluster", name, {}, opts);
    const size = sizes[args.profile];
    const replicas = brokerReplicas(args.profile);
    const labels = labLabels(args.phase, "rabbitmq");
    // The operator sets `AllReplicasReady` once every node's pod is ready (its status.conditions).
    const clusterReady = awaitCondition("AllReplicasReady", 15);
    const operator = new k8s.yaml.v2.ConfigFile(`${name}-operator`, { file: manifests.rabbitmqClusterOperator.url }, { parent: this });
    const cluster = new k8s.apiextensions.CustomResource(
      `${name}-cluster`,
      {
        apiVersion: "rabbitmq.com/v1beta1",
        kind: "RabbitmqCluster",
        metadata: { name: rabbitmqClusterName, namespace: args.namespace, labels, annotations: clusterReady.annotations },
        spec: {
          replicas,
          image: imageRef(images.rabbitmq),
          resources: containerResources(size.node),
          persistence: { storageClassName: args.storageClass, storage: `${size.dataGiB}Gi` },
          // The image's rabbitmq user (999); restricted admits the pod with these.
          override: {
            statefulSet: {
              spec: {
                template: {
                  spec: {
                    securityContext: { ...restrictedPodSecurityContext, runAsUser: 999, runAsGroup: 999, fsGroup: 999 },
                    containers: [{ name: "rabbitmq", securityContext: restrictedContainerSecurityContext }],
                    initContainers: [{ name: "setup-container", securityContext: restrictedContainerSecurityContext }],
                  },
                },
              },
            },
          },
        },
      },
      { parent: this, dependsOn: [operator], customTimeouts: clusterReady.customTimeouts },
    );
    const host = `${rabbitmqClusterName}.${args.namespaceName}.svc.cluster.local`;
    const queueBody = JSON.stringify(quorumQueueDefinition(args.retentionHours));
    const secretEnv = (envName: string, key: string) => ({ name: envName, valueFrom: { secretKeyRef: { name: rabbitmqDefaultUserSecret, key } } });
    setupJob(
      `${name}-queue`,
      {
        namespace: args.namespace,
        labels,
        container: "declare-queue",
        // The RabbitMQ image has curl; no second image to pin.
        image: imageRef(images.rabbitmq),
        script: declareQuorumQueueScript(host, args.queue),
        env: [secretEnv("RABBITMQ_USER", "username"), secretEnv("RABBITMQ_PASSWORD", "password"), { name: "QUEUE", value: queueBody }],
        runAsUser: 999,
        resources: size.setup,
      },
      { parent: this, dependsOn: [cluster] },
    );
    this.endpoint = { broker: "rabbitmq", address: `${host}:5672`, destination: args.queue, replicas, credentialsSecret: rabbitmqDefaultUserSecret };
    this.brokerFootprint = footprintOf(size.node, replicas, size.dataGiB * replicas);
    this.footprint = addFootprints(this.brokerFootprint);
    this.registerOutputs({ address: this.endpoint.address });
  }
}
