/** Labels every object of the lab carries, so cost and cleanup can select by phase and component. */
export function labLabels(phase: string, component: string): Record<string, string> {
  return {
    "app.kubernetes.io/part-of": "platform-lab",
    "app.kubernetes.io/managed-by": "pulumi",
    "platform-lab/phase": phase,
    "platform-lab/component": component,
  };
}
