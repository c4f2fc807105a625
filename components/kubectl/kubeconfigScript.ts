/**
 * Wraps a shell script so it runs with the kubeconfig from `$LAB_KUBECONFIG` written into a private
 * scratch directory (`$LAB_TMP`, also free for the script's own files) that is removed on every
 * exit. The kubeconfig travels in the command's environment (a Pulumi secret), never on a command
 * line, in a log, or in a file left behind.
 */
export function withKubeconfig(script: string): string {
  return [
    "set -eu",
    "umask 077",
    'LAB_TMP="$(mktemp -d)"',
    "trap 'rm -rf \"$LAB_TMP\"' EXIT",
    'printf \'%s\' "$LAB_KUBECONFIG" > "$LAB_TMP/kubeconfig"',
    'export KUBECONFIG="$LAB_TMP/kubeconfig"',
    script,
  ].join("\n");
}
