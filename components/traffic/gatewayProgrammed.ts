/** The environment the Programmed check's script reads (names travel as variables, never spliced into the script). */
export interface GatewayProgrammedEnvironment {
  readonly GATEWAY_NAMESPACE: string;
  readonly GATEWAY_NAME: string;
  readonly ROUTE_NAMESPACE: string;
  readonly ROUTE_NAME: string;
}

const conditionLines = '{range .conditions[*]}    {.type}={.status} reason={.reason} message={.message}{"\\n"}{end}';

/**
 * The kubectl script of a Gateway's Programmed check. On success it prints the Gateway's addresses
 * (space separated); when the Gateway is not Programmed (or its HTTPRoute not Accepted) within
 * `timeoutSeconds`, it prints their status conditions to stderr and exits 1, so `pulumi up` fails
 * with the controller's own explanation in its error.
 */
export function gatewayProgrammedScript(timeoutSeconds: number): string {
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1) throw new Error(`timeoutSeconds: expected a positive integer, got ${timeoutSeconds}`);
  const gatewayStatus = `{"  gateway:\\n"}{range .status.conditions[*]}    {.type}={.status} reason={.reason} message={.message}{"\\n"}{end}{range .status.listeners[*]}{"  listener "}{.name}{":\\n"}${conditionLines}{end}`;
  const routeStatus = `{range .status.parents[*]}{"  route parent "}{.parentRef.name}{":\\n"}${conditionLines}{end}`;
  return [
    "explain() {",
    `  echo "gateway $GATEWAY_NAMESPACE/$GATEWAY_NAME: $1 within ${timeoutSeconds}s; status conditions:" >&2`,
    `  kubectl get gateway -n "$GATEWAY_NAMESPACE" "$GATEWAY_NAME" -o jsonpath='${gatewayStatus}' >&2 || echo "  (the Gateway cannot be read)" >&2`,
    `  kubectl get httproute -n "$ROUTE_NAMESPACE" "$ROUTE_NAME" -o jsonpath='${routeStatus}' >&2 || echo "  (the HTTPRoute cannot be read)" >&2`,
    "  exit 1",
    "}",
    // One deadline for both waits: time the first used is not granted to the second again.
    `deadline=$((SECONDS + ${timeoutSeconds}))`,
    'left() { r=$((deadline - SECONDS)); if [ "$r" -gt 0 ]; then echo "$r"; else echo 1; fi; }',
    'kubectl wait gateway -n "$GATEWAY_NAMESPACE" "$GATEWAY_NAME" --for=condition=Programmed --timeout="$(left)s" > /dev/null || explain "not Programmed"',
    `kubectl wait httproute -n "$ROUTE_NAMESPACE" "$ROUTE_NAME" --for=jsonpath='{.status.parents[0].conditions[?(@.type=="Accepted")].status}'=True --timeout="$(left)s" > /dev/null || explain "HTTPRoute not Accepted"`,
    `kubectl get gateway -n "$GATEWAY_NAMESPACE" "$GATEWAY_NAME" -o jsonpath='{.status.addresses[*].value}'`,
  ].join("\n");
}
