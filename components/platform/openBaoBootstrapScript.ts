/** Who may read which secrets through External Secrets: lab secrets live under `secret/lab/`. */
export interface OpenBaoKubernetesAuth {
  /** Role name ESO logs in with. */
  readonly role: string;
  readonly serviceAccount: string;
  readonly serviceAccountNamespace: string;
  /** KV v2 mount the lab's secrets live in. */
  readonly kvMount: string;
}

/**
 * The idempotent `bao` script the bootstrap Job runs: KV v2 mount, Kubernetes auth against the
 * in-cluster API, a read-only policy on `<mount>/lab/*`, and the role External Secrets uses.
 * BAO_ADDR and BAO_TOKEN come from the Job's environment (the token from a Secret). First it checks
 * that `publicPlaceholder` (the literal the chart puts in the server's env) is not a valid token:
 * if the server ever took it over the Secret's token, anyone reading the StatefulSet would have root.
 */
export function openBaoBootstrapScript(auth: OpenBaoKubernetesAuth, publicPlaceholder: string): string {
  const policy = [
    `path "${auth.kvMount}/data/lab/*" { capabilities = ["read"] }`,
    `path "${auth.kvMount}/metadata/lab/*" { capabilities = ["read", "list"] }`,
  ].join("\n");
  return [
    "set -eu",
    'for i in $(seq 1 60); do bao status >/dev/null 2>&1 && break; echo "waiting for OpenBao ($i)"; sleep 2; done',
    "bao status >/dev/null",
    `if BAO_TOKEN='${publicPlaceholder}' bao token lookup >/dev/null 2>&1; then echo "OpenBao accepts the chart's public placeholder as a token: the root token is not the one from the Secret" >&2; exit 1; fi`,
    "bao token lookup >/dev/null",
    `bao secrets list -format=json | grep -q '"${auth.kvMount}/"' || bao secrets enable -path=${auth.kvMount} kv-v2`,
    "bao auth list -format=json | grep -q '\"kubernetes/\"' || bao auth enable kubernetes",
    'bao write auth/kubernetes/config kubernetes_host="https://kubernetes.default.svc:443"',
    `cat <<'POLICY' | bao policy write ${auth.role} -\n${policy}\nPOLICY`,
    `bao write auth/kubernetes/role/${auth.role} bound_service_account_names=${auth.serviceAccount} bound_service_account_namespaces=${auth.serviceAccountNamespace} policies=${auth.role} ttl=1h`,
    'echo "OpenBao bootstrap complete"',
  ].join("\n");
}
