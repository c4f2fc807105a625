import type * as pulumi from "@pulumi/pulumi";
import type { SizingProfile } from "../../lib/profileNames";
import type { ScrapeConfig } from "./scrapeConfigs";

/** The Prometheus-compatible metrics backends phase-03 deploys and compares on identical input. */
export const metricsBackendNames = ["prometheus", "victoria-metrics"] as const;
export type MetricsBackendName = (typeof metricsBackendNames)[number];

/** Where and how a backend runs: both get the same of each, so they are compared on identical input. */
export interface MetricsBackendPlacement {
  readonly phase: string;
  readonly profile: SizingProfile;
  readonly namespace: pulumi.Input<string>;
  /** The namespace name (a string: in-cluster URLs are built from it). */
  readonly namespaceName: string;
  readonly storageClass: string;
  /** The scrape jobs both backends run (scrapeConfigs.ts). */
  readonly scrapeConfigs: readonly ScrapeConfig[];
  readonly scrapeInterval: string;
  readonly retentionDays: number;
}

/** Where a backend is reached in-cluster: its Prometheus HTTP API and its remote-write endpoint. */
export interface MetricsBackendEndpoints {
  readonly name: MetricsBackendName;
  /** Base URL of the Prometheus-compatible query API (`<url>/api/v1/query`). */
  readonly queryUrl: string;
  /** Prometheus remote-write receiver (what the OTel Collector sends to). */
  readonly remoteWriteUrl: string;
  /** The backend's own metrics (`/metrics`), read by the ingestion benchmark. */
  readonly selfMetricsUrl: string;
}
