import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { PinnedChart } from "../charts";

export interface PinnedReleaseArgs {
  readonly chart: PinnedChart;
  readonly namespace: pulumi.Input<string>;
  readonly values: pulumi.Input<Record<string, unknown>>;
  /** Seconds Helm may take to make the release ready; the default suits a laptop pulling images. */
  readonly timeoutSeconds?: number;
}

/**
 * A Helm release of a chart pinned in components/charts.ts. A Release (not a rendered Chart) so
 * Helm owns hooks, CRDs and rollback, and `atomic` so a failed install leaves nothing half-way.
 */
export function pinnedRelease(name: string, args: PinnedReleaseArgs, opts?: pulumi.CustomResourceOptions): k8s.helm.v3.Release {
  const oci = args.chart.repo.startsWith("oci://");
  return new k8s.helm.v3.Release(
    name,
    {
      name,
      chart: oci ? `${args.chart.repo.replace(/\/$/, "")}/${args.chart.chart}` : args.chart.chart,
      version: args.chart.version,
      repositoryOpts: oci ? undefined : { repo: args.chart.repo },
      namespace: args.namespace,
      values: args.values,
      // A null value deletes a chart default (Helm's rule), e.g. a CPU limit: see chartContainerResources.
      allowNullValues: true,
      atomic: true,
      cleanupOnFail: true,
      timeout: args.timeoutSeconds ?? 600,
    },
    opts,
  );
}
