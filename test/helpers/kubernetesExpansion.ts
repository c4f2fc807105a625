/**
 * What a container would really run: Kubernetes' `$(VAR)` expansion of command, args and env,
 * written from the kubelet's rules (k8s.io/kubernetes third_party/forked/golang/expansion):
 * `$(NAME)` becomes NAME's value when NAME is defined and stays as written when it is not, `$$`
 * is one literal `$` (so `$$(NAME)` is the literal `$(NAME)`), a `$` before anything else stays.
 * Env entries expand against the ones defined before them; command and args against all of them.
 * Probe exec commands expand only against env entries with a literal `value` (the kubelet's
 * ExpandContainerCommandOnlyStatic), never against Secret references.
 */

export function expandKubernetesVariables(input: string, lookup: (name: string) => string | undefined): string {
  let out = "";
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c !== "$" || i + 1 >= input.length) {
      out += c;
      i += 1;
      continue;
    }
    const next = input[i + 1];
    if (next === "$") {
      out += "$";
      i += 2;
    } else if (next === "(") {
      const close = input.indexOf(")", i + 2);
      if (close === -1) {
        // An unclosed reference is copied as it stands.
        out += "$(";
        i += 2;
        continue;
      }
      const name = input.slice(i + 2, close);
      out += lookup(name) ?? `$(${name})`;
      i = close + 1;
    } else {
      out += `$${next}`;
      i += 2;
    }
  }
  return out;
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: { name: string; key: string } };
}

interface Container {
  command?: string[];
  args?: string[];
  env?: EnvVar[];
}

/** Secrets and ConfigMaps by name, their data by key: what the cluster would hand the kubelet. */
export type ObjectData = Record<string, Record<string, string>>;

/** The container's environment as the process sees it, Secret and ConfigMap references resolved. */
export function containerEnvironment(container: Container, data: { secrets?: ObjectData; configMaps?: ObjectData } = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of container.env ?? []) {
    const secretRef = entry.valueFrom?.secretKeyRef;
    const configMapRef = entry.valueFrom?.configMapKeyRef;
    let value: string | undefined;
    if (secretRef) value = data.secrets?.[secretRef.name]?.[secretRef.key];
    else if (configMapRef) value = data.configMaps?.[configMapRef.name]?.[configMapRef.key];
    else value = expandKubernetesVariables(entry.value ?? "", (n) => env[n]);
    if (value === undefined) throw new Error(`env ${entry.name}: its reference ${JSON.stringify(entry.valueFrom)} is not among the objects given`);
    env[entry.name] = value;
  }
  return env;
}

/** command + args after expansion (the image's entrypoint is not known here and not included). */
export function containerArgv(container: Container, data: { secrets?: ObjectData; configMaps?: ObjectData } = {}): string[] {
  const env = containerEnvironment(container, data);
  return [...(container.command ?? []), ...(container.args ?? [])].map((a) => expandKubernetesVariables(a, (n) => env[n]));
}

/** A probe's exec command after the kubelet's static-only expansion. */
export function probeArgv(container: Container, probe: { exec?: { command?: string[] } }): string[] {
  const staticEnv: Record<string, string> = {};
  for (const entry of container.env ?? []) {
    if (entry.valueFrom === undefined) staticEnv[entry.name] = expandKubernetesVariables(entry.value ?? "", (n) => staticEnv[n]);
  }
  return (probe.exec?.command ?? []).map((a) => expandKubernetesVariables(a, (n) => staticEnv[n]));
}
