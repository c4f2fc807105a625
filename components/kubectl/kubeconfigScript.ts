/**
 * Wraps a shell script so it runs with the kubeconfig from `$LAB_KUBECONFIG` written to a private
 * temporary file that is removed on every exit. The kubeconfig travels in the command's
 * environment (a Pulumi secret), never on a command line, in a log, or in a file left behind.
 */
export function withKubeconfig(script: string): string {
  return [
    "set -eu",
    "umask 077",
    'LAB_KUBECONFIG_FILE="$(mktemp)"',
    "trap 'rm -f \"$LAB_KUBECONFIG_FILE\"' EXIT",
    'printf \'%s\' "$LAB_KUBECONFIG" > "$LAB_KUBECONFIG_FILE"',
    'export KUBECONFIG="$LAB_KUBECONFIG_FILE"',
    script,
  ].join("\n");
}
