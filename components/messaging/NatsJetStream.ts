import * as pulumi from "@pulumi/pulumi";
import { addFootprints, type Footprint } from "../../lib/footprint";
import type { SizingProfile } from "../../lib/profileNames";
import { charts, imageRef, images } from "../charts";
import { labLabels } from "../core/labels";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../core/podSecurity";
import { containerResources, footprintOf, type ContainerSize, type SizedByProfile } from "../core/sizing";
import { pinnedRelease } from "../helm/pinnedRelease";
import { serviceConnection } from "../helm/releaseConnection";
import { setupJob } from "../core/setupJob";
import { brokerReplicas, type BrokerEndpoint } from "./brokerNames";

export interface NatsJetStreamArgs {
  readonly phase: string;
  readonly profile: SizingProfile;
  readonly namespace: pulumi.Input<string>;
  readonly namespaceName: string;
  readonly storageClass: string;
  readonly stream: string;
  readonly retentionHours: number;
}

const sizes: SizedByProfile<{ server: ContainerSize; reloader: ContainerSize; setup: ContainerSize; dataGiB: number }> = {
  laptop: { server: { cpuMillicores: 200, memoryMiB: 512 }, reloader: { cpuMillicores: 10, memoryMiB: 32 }, setup: { cpuMillicores: 10, memoryMiB: 32 }, dataGiB: 10 },
  hub: { server: { cpuMillicores: 500, memoryMiB: 1024 }, reloader: { cpuMillicores: 10, memoryMiB: 32 }, setup: { cpuMillicores: 10, memoryMiB: 32 }, dataGiB: 50 },
};

/** The chart names the client Service after the release (fullnameOverride nats). */
export const natsClient = serviceConnection("nats", 4222, "phase-08 NATS publishers and subscribers, the stream setup Job");

/** The subjects the lab's stream captures: the benchmark publishes under this prefix. */
export const streamSubjects = (stream: string) => `${stream}.>`;

/** Values of the nats release (keys checked by `lab charts check`). */
export function natsValues(profile: SizingProfile, storageClass: string) {
  const size = sizes[profile];
  const replicas = brokerReplicas(profile);
  const restrictedContainer = { securityContext: restrictedContainerSecurityContext };
  return {
    fullnameOverride: natsClient.name,
    config: {
      // JetStream clustering needs 3 servers (Raft): the hub runs them, the laptop one unclustered server.
      cluster: { enabled: replicas > 1, replicas },
      jetstream: { enabled: true, fileStore: { pvc: { size: `${size.dataGiB}Gi`, storageClassName: storageClass } } },
    },
    container: { merge: { resources: containerResources(size.server), ...restrictedContainer } },
    reloader: { merge: { resources: containerResources(size.reloader), ...restrictedContainer } },
    // The image's nats user is root by default; the server needs no privilege: a fixed non-root uid.
    podTemplate: { merge: { spec: { securityContext: { ...restrictedPodSecurityContext, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 } } } },
    // The setup Job below is the only client the lab needs inside the cluster.
    natsBox: { enabled: false },
  };
}

/**
 * Creates or updates the lab's stream with the NATS CLI (the NACK controller would offer a Stream
 * resource; one Job keeps the lab to the chart). `stream add` fails on an existing stream, so an
 * existing one is edited to the same definition instead (found on the real CLI: `edit` refuses
 * `--storage` and `--defaults`).
 */
export function streamSetupScript(server: string, stream: string, replicas: number, retentionHours: number): string {
  // What `edit` may change; the storage type is fixed when the stream is created (edit has no --storage).
  const mutable = `--subjects '${streamSubjects(stream)}' --replicas ${replicas} --retention limits --discard old --max-age ${retentionHours}h`;
  return [
    "set -eu",
    `export NATS_URL=nats://${server}`,
    // The servers come up (and elect a meta leader) after the Service exists: retry, bounded by the Job's deadline.
    "until nats server check jetstream >/dev/null 2>&1 || nats account info >/dev/null 2>&1; do echo 'JetStream not ready; retrying'; sleep 5; done",
    `if nats stream info ${stream} >/dev/null 2>&1; then nats stream edit ${stream} ${mutable} --force; else nats stream add ${stream} ${mutable} --storage file --defaults; fi`,
    `nats stream info ${stream} --json | head -c 2000`,
  ].join("\n");
}

/** The servers' pods: the chart's nats.selectorLabels (nats-2.14.2 templates/_helpers.tpl) for the release `nats`. */
const natsReleaseName = "nats";
export const natsServerPodSelector = `app.kubernetes.io/name=nats,app.kubernetes.io/instance=${natsReleaseName},app.kubernetes.io/component=nats`;

/** NATS with JetStream (official chart) and the lab's stream. */
export class NatsJetStream extends pulumi.ComponentResource {
  public readonly endpoint: BrokerEndpoint;
  public readonly footprint: Footprint;
  public readonly brokerFootprint: Footprint;
  public readonly podSelector = natsServerPodSelector;

  constructor(name: string, args: NatsJetStreamArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:messaging:NatsJetStream", name, {}, opts);
    const size = sizes[args.profile];
    const replicas = brokerReplicas(args.profile);
    const labels = labLabels(args.phase, "nats");
    const release = pinnedRelease(natsReleaseName, { chart: charts.nats, namespace: args.namespace, values: natsValues(args.profile, args.storageClass) }, { parent: this });
    const address = `${natsClient.name}.${args.namespaceName}.svc.cluster.local:${natsClient.port}`;
    setupJob(
      `${name}-stream`,
      {
        namespace: args.namespace,
        labels,
        container: "stream",
        image: imageRef(images.natsBox),
        script: streamSetupScript(address, args.stream, replicas, args.retentionHours),
        // The CLI keeps its context under $HOME.
        env: [{ name: "HOME", value: "/tmp" }],
        writableRootFilesystem: true,
        runAsUser: 1000,
        resources: size.setup,
      },
      { parent: this, dependsOn: [release] },
    );
    this.endpoint = { broker: "nats", address, destination: args.stream, replicas };
    this.brokerFootprint = footprintOf(size.server, replicas, size.dataGiB * replicas);
    this.footprint = addFootprints(this.brokerFootprint, footprintOf(size.reloader, replicas));
    this.registerOutputs({ address });
  }
}
