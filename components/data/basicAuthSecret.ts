import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

/**
 * A generated password in a `kubernetes.io/basic-auth` Secret, the shape CloudNativePG and the
 * pgbench Jobs read. The password is a Pulumi secret from generation to the Secret's data.
 */
export function basicAuthSecret(
  name: string,
  args: { namespace: pulumi.Input<string>; username: string; labels: Record<string, string>; secretName: string },
  opts: pulumi.CustomResourceOptions,
): { secret: k8s.core.v1.Secret; password: pulumi.Output<string> } {
  // No special characters: they would need escaping in connection URIs and shell scripts.
  const password = new random.RandomPassword(`${name}-password`, { length: 32, special: false }, opts);
  const secret = new k8s.core.v1.Secret(
    name,
    {
      metadata: { name: args.secretName, namespace: args.namespace, labels: args.labels },
      type: "kubernetes.io/basic-auth",
      stringData: { username: args.username, password: password.result },
    },
    opts,
  );
  return { secret, password: password.result };
}
