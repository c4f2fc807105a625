import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Footprint } from "../../lib/footprint";
import { imageRef, images } from "../charts";
import { labLabels } from "../core/labels";
import { containerResources, footprintOf, type ContainerSize } from "../core/sizing";
import { scrapeLabel } from "./scrapeConfigs";

export interface SeriesGeneratorArgs {
  readonly phase: string;
  readonly namespace: pulumi.Input<string>;
  readonly namespaceName: string;
  /** avalanche's flags for the benchmark's series shape (benchmarks/metrics/avalanche.ts builds them from the definition). */
  readonly args: readonly string[];
  /** The port those flags serve /metrics on. */
  readonly port: number;
}

/** avalanche keeps every series in memory and renders them on each scrape: a small fixed size. */
const size: ContainerSize = { cpuMillicores: 100, memoryMiB: 256 };

/** The Service both backends scrape it through (the `lab-services` job keeps port names `metrics`). */
export const seriesGeneratorServiceName = "series-generator";

/**
 * The ingestion benchmark's input: the pinned avalanche image serving the definition's series
 * (the stack turns the definition into its flags), behind a Service labelled
 * for the lab's shared scrape job, so both backends scrape it at the same interval.
 */
export class SeriesGenerator extends pulumi.ComponentResource {
  /** The generator's /metrics, which the ingestion Job counts independently of the backends. */
  public readonly metricsUrl: string;
  public readonly footprint: Footprint;

  constructor(name: string, args: SeriesGeneratorArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:observability:SeriesGenerator", name, {}, opts);
    const labels = labLabels(args.phase, "series-generator");
    const port = args.port;
    const deployment = new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      {
        metadata: { name: seriesGeneratorServiceName, namespace: args.namespace, labels },
        spec: {
          replicas: 1,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: "RuntimeDefault" } },
              containers: [
                {
                  name: "avalanche",
                  image: imageRef(images.avalanche),
                  args: [...args.args],
                  ports: [{ name: "metrics", containerPort: port }],
                  readinessProbe: { httpGet: { path: "/metrics", port: "metrics" }, periodSeconds: 10 },
                  resources: containerResources(size),
                  securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                },
              ],
            },
          },
        },
      },
      { parent: this },
    );
    new k8s.core.v1.Service(
      `${name}-service`,
      {
        metadata: { name: seriesGeneratorServiceName, namespace: args.namespace, labels: { ...labels, [scrapeLabel.key]: scrapeLabel.value } },
        spec: { selector: labels, ports: [{ name: "metrics", port, targetPort: "metrics" }] },
      },
      { parent: this, dependsOn: [deployment] },
    );
    this.metricsUrl = `http://${seriesGeneratorServiceName}.${args.namespaceName}.svc.cluster.local:${port}/metrics`;
    this.footprint = footprintOf(size);
    this.registerOutputs({ metricsUrl: this.metricsUrl });
  }
}
