import type * as k8s from "@pulumi/kubernetes";
import type { PinnedImage } from "../../components/charts";
import type { BrokerEndpoint } from "../../components/messaging/brokerNames";
import type { MessagingBroker, MessagingStepResult, RecoveryResult } from "../../lib/messagingResult";
import type { MessagingStep } from "./definitions";

/** The pod deletion of a recovery run, as the lab's deleter recorded it. */
export interface PodDeletion {
  readonly pod: string;
  /** RFC 3339, the deleter's clock. */
  readonly at: string;
}

/**
 * One broker's own load tools as phase-08 runs them: the pinned image, the Job's scripts for a
 * step, and the parser of what they print. The same scripts and parser run locally in
 * `lab bench --local messaging` (benchmarks/local/local*Bench.ts).
 */
export interface BrokerTool {
  readonly broker: MessagingBroker;
  readonly image: PinnedImage;
  /** The uid the image's tools run as (the Job runs non-root with this uid). */
  readonly runAsUser: number;
  /** The ConfigMap's files; `tool.sh` is what the Job's wrapper runs. `runId` names the step's own topic or queue. */
  jobFiles(step: MessagingStep, endpoint: BrokerEndpoint, runId: string): Record<string, string>;
  /** Environment of the tool container; credentials only by secretKeyRef. */
  env(endpoint: BrokerEndpoint): k8s.types.input.core.v1.EnvVar[];
  /** Requests of the tool container for a step (JVM tools need more memory than nats bench). */
  readonly resources: { readonly cpuMillicores: number; readonly memoryMiB: number };
  /** One step's log (the tool's output between the wrapper's markers) to its result. */
  parseStep(log: string, step: MessagingStep, target: string): MessagingStepResult;
  /** The recovery run's log and the deletion to the time to recover and the loss. */
  parseRecovery(log: string, step: MessagingStep, target: string, deletion: PodDeletion): RecoveryResult;
}
