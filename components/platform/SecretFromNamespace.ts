import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { labLabels } from "../core/labels";

export interface SecretFromNamespaceArgs {
  readonly phase: string;
  readonly component: string;
  /** Where the Secret lives (another phase's namespace). */
  readonly sourceNamespace: pulumi.Input<string>;
  readonly sourceSecret: pulumi.Input<string>;
  /** The keys to copy; the copy has the same keys. */
  readonly keys: readonly string[];
  /** Where the copy is needed, under which name. */
  readonly namespace: pulumi.Input<string>;
  readonly secretName: string;
  /** The namespace's own resources the copy must follow (the namespace itself). */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/**
 * A Secret of another namespace made available here by External Secrets' Kubernetes provider: a
 * SecretStore in this namespace that may read exactly that one Secret (a Role in the source
 * namespace, bound to this store's ServiceAccount), and an ExternalSecret that writes the copy and
 * keeps it in step. Nothing of the value passes through Pulumi: state and outputs hold only names.
 */
export class SecretFromNamespace extends pulumi.ComponentResource {
  /** The copy's name in `namespace` (known before it exists, so consumers can reference it). */
  public readonly secretName: string;
  public readonly externalSecret: k8s.apiextensions.CustomResource;

  constructor(name: string, args: SecretFromNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:platform:SecretFromNamespace", name, {}, opts);
    const labels = labLabels(args.phase, args.component);
    const after = { parent: this, dependsOn: args.dependsOn };
    const serviceAccount = new k8s.core.v1.ServiceAccount(`${name}-reader`, { metadata: { name: `${args.secretName}-reader`, namespace: args.namespace, labels } }, after);
    const role = new k8s.rbac.v1.Role(
      `${name}-read`,
      {
        metadata: { name: `read-${args.secretName}`, namespace: args.sourceNamespace, labels },
        rules: [
          { apiGroups: [""], resources: ["secrets"], resourceNames: [args.sourceSecret], verbs: ["get", "list", "watch"] },
          // The provider checks what it may do before it reads (its store turns Ready on this).
          { apiGroups: ["authorization.k8s.io"], resources: ["selfsubjectrulesreviews"], verbs: ["create"] },
        ],
      },
      { parent: this },
    );
    const binding = new k8s.rbac.v1.RoleBinding(
      `${name}-read`,
      {
        metadata: { name: `read-${args.secretName}`, namespace: args.sourceNamespace, labels },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name },
        subjects: [{ kind: "ServiceAccount", name: serviceAccount.metadata.name, namespace: args.namespace }],
      },
      { parent: this },
    );
    const store = new k8s.apiextensions.CustomResource(
      `${name}-store`,
      {
        apiVersion: "external-secrets.io/v1",
        kind: "SecretStore",
        metadata: { name: `${args.secretName}-source`, namespace: args.namespace, labels },
        spec: {
          provider: {
            kubernetes: {
              remoteNamespace: args.sourceNamespace,
              // The cluster's own CA, as every namespace carries it.
              server: { caProvider: { type: "ConfigMap", name: "kube-root-ca.crt", key: "ca.crt" } },
              auth: { serviceAccount: { name: serviceAccount.metadata.name } },
            },
          },
        },
      },
      { parent: this, dependsOn: [binding] },
    );
    this.externalSecret = new k8s.apiextensions.CustomResource(
      `${name}-copy`,
      {
        apiVersion: "external-secrets.io/v1",
        kind: "ExternalSecret",
        metadata: { name: args.secretName, namespace: args.namespace, labels },
        spec: {
          refreshInterval: "1h",
          secretStoreRef: { kind: "SecretStore", name: store.metadata.name },
          target: { name: args.secretName, creationPolicy: "Owner" },
          data: args.keys.map((key) => ({ secretKey: key, remoteRef: { key: args.sourceSecret, property: key } })),
        },
      },
      { parent: this },
    );
    this.secretName = args.secretName;
    this.registerOutputs({ secretName: this.secretName });
  }
}
