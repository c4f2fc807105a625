import * as pulumi from "@pulumi/pulumi";
import { kubectlCommand } from "../kubectl/KubectlCommand";
import { platformReadinessSchema, type PlatformReadiness as Readiness } from "./readiness";

export interface PlatformReadinessArgs {
  readonly phase: string;
  readonly kubeconfig: pulumi.Input<string>;
  /** Everything whose readiness counts; the measurement runs after all of it. */
  readonly after: pulumi.Input<pulumi.Resource>[];
}

/**
 * Measures, once after the platform is deployed, how long it took to become ready (namespace
 * creation to the last pod Ready), with the lab's own parser (`lab parse readiness`).
 * `pulumi up --replace` on this resource measures again.
 */
export class PlatformReadiness extends pulumi.ComponentResource {
  public readonly readiness: pulumi.Output<Readiness>;

  constructor(name: string, args: PlatformReadinessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:platform:PlatformReadiness", name, {}, opts);
    const measurement = kubectlCommand(
      `${name}-measurement`,
      {
        kubeconfig: args.kubeconfig,
        environment: { PHASE: args.phase },
        script: [
          'kubectl get namespaces -l "platform-lab/phase=$PHASE" -o json > "$LAB_TMP/namespaces.json"',
          'kubectl get pods --all-namespaces -o json > "$LAB_TMP/pods.json"',
          'node_modules/.bin/tsx cli/lab.ts parse readiness "$LAB_TMP/namespaces.json" "$LAB_TMP/pods.json"',
        ].join("\n"),
      },
      { parent: this, dependsOn: args.after },
    );
    this.readiness = measurement.stdout.apply((text) => platformReadinessSchema.parse(JSON.parse(text)));
    this.registerOutputs({ readiness: this.readiness });
  }
}
