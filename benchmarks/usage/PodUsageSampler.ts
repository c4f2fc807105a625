import * as pulumi from "@pulumi/pulumi";
import { kubectlCommand } from "../../components/kubectl/KubectlCommand";
import { podUsageSchema, type PodUsage } from "./podUsage";
import { usageSamplerScript, type UsageSamplerTiming } from "./samplerScript";

export interface PodUsageSamplerArgs {
  readonly kubeconfig: pulumi.Input<string>;
  /** The benchmark Job whose run is the window. Its name as a plain string: depending on the Job resource would wait for it to finish. */
  readonly jobNamespace: pulumi.Input<string>;
  readonly jobName: string;
  /** The namespace whose pods are measured (a gateway implementation's). */
  readonly targetNamespace: pulumi.Input<string>;
  /** A label selector narrowing the namespace to one workload's pods (e.g. one broker of several). */
  readonly targetSelector?: string;
  readonly timing: UsageSamplerTiming;
  /** What the Job itself waits for: the sampler starts beside the Job, not after it. */
  readonly after?: pulumi.Input<pulumi.Resource>[];
}

/**
 * Samples a namespace's pods' CPU and memory while a benchmark Job loads them (see
 * usageSamplerScript), so cost can use what the pods really used. Runs again with the Job (its
 * name carries the run id).
 */
export class PodUsageSampler extends pulumi.ComponentResource {
  public readonly usage: pulumi.Output<PodUsage>;

  constructor(name: string, args: PodUsageSamplerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:benchmarks:PodUsageSampler", name, {}, opts);
    const sampler = kubectlCommand(
      `${name}-sampler`,
      {
        kubeconfig: args.kubeconfig,
        script: usageSamplerScript(args.timing),
        environment: { JOB_NAMESPACE: args.jobNamespace, JOB_NAME: args.jobName, TARGET_NAMESPACE: args.targetNamespace, ...(args.targetSelector ? { TARGET_SELECTOR: args.targetSelector } : {}) },
        triggers: [args.jobName],
      },
      { parent: this, dependsOn: args.after, customTimeouts: { create: `${Math.ceil(args.timing.deadlineSeconds / 60) + 2}m` } },
    );
    this.usage = sampler.stdout.apply((text) => podUsageSchema.parse(JSON.parse(text)));
    this.registerOutputs({ usage: this.usage });
  }
}
