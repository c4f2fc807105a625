import * as pulumi from "@pulumi/pulumi";
import { charts } from "../charts";
import { pinnedRelease } from "../helm/pinnedRelease";

export interface GatewayApiCrdsArgs {
  /** Where Helm keeps the release record (the CRDs themselves are cluster-scoped). */
  readonly namespace: pulumi.Input<string>;
  /** Also install Envoy Gateway's own CRDs (EnvoyProxy, policies): only when Envoy Gateway is deployed. */
  readonly envoyGatewayCrds: boolean;
}

/** Values of the gateway-crds-helm release: Gateway API standard channel, nothing experimental. */
export function gatewayApiCrdsValues(envoyGatewayCrds: boolean) {
  return { crds: { gatewayAPI: { enabled: true, channel: "standard" }, envoyGateway: { enabled: envoyGatewayCrds } } };
}

/**
 * The Gateway API CRDs (standard channel, the bundle pinned by charts.gatewayCrds), installed once
 * by the lab so that no gateway chart owns them: deselecting a gateway never deletes the CRDs the
 * others use, and every contender sees the same API version.
 */
export class GatewayApiCrds extends pulumi.ComponentResource {
  /** Everything that creates Gateway API objects depends on this. */
  public readonly ready: pulumi.Resource;

  constructor(name: string, args: GatewayApiCrdsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lab:traffic:GatewayApiCrds", name, {}, opts);
    this.ready = pinnedRelease("gateway-api-crds", { chart: charts.gatewayCrds, namespace: args.namespace, values: gatewayApiCrdsValues(args.envoyGatewayCrds) }, { parent: this });
    this.registerOutputs({});
  }
}
