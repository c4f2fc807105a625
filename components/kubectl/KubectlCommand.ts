import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { projectDir } from "../../lib/projectDir";
import { withKubeconfig } from "./kubeconfigScript";

export interface KubectlCommandArgs {
  /** The cluster's kubeconfig (a secret). */
  readonly kubeconfig: pulumi.Input<string>;
  /** Shell script run with KUBECONFIG set; `kubectl` must be on PATH. */
  readonly script: pulumi.Input<string>;
  /** The command runs again when any trigger changes, never on an unrelated `pulumi up`. */
  readonly triggers?: pulumi.Input<unknown>[];
  /** Set when stdout carries something secret (a kubeconfig), so state and logs keep it hidden. */
  readonly secretStdout?: boolean;
  /** Extra environment for the script (never secrets other than the kubeconfig). */
  readonly environment?: Record<string, pulumi.Input<string>>;
}

/** A local kubectl step against the stack's cluster (reading a Job's log, node facts). */
export function kubectlCommand(name: string, args: KubectlCommandArgs, opts?: pulumi.CustomResourceOptions): command.local.Command {
  return new command.local.Command(
    name,
    {
      create: pulumi.output(args.script).apply(withKubeconfig),
      interpreter: ["/bin/bash", "-c"],
      // Scripts call the lab's CLI by relative path (node_modules/.bin/tsx cli/lab.ts).
      dir: projectDir,
      environment: { ...args.environment, LAB_KUBECONFIG: pulumi.secret(args.kubeconfig) },
      triggers: args.triggers,
      logging: args.secretStdout ? "none" : "stderr",
    },
    // The checkout's path is where the step runs, not what it is: another clone of the same stack
    // (a CI runner) must not re-run every measurement because its path differs.
    { ...opts, additionalSecretOutputs: args.secretStdout ? ["stdout"] : [], ignoreChanges: [...(opts?.ignoreChanges ?? []), "dir"] },
  );
}
