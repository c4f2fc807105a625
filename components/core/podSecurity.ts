/**
 * What the `restricted` Pod Security Standard asks of a pod, as chart values spell it. Every lab
 * namespace enforces `restricted` (components/core/LabNamespace.ts), so each chart's pods are given
 * these where the chart's defaults fall short. Kept as plain objects: charts merge them into their
 * own defaults (Helm merges maps key by key).
 */

/** Pod-level: a non-root user and the runtime's default seccomp profile. */
export const restrictedPodSecurityContext = {
  runAsNonRoot: true,
  seccompProfile: { type: "RuntimeDefault" },
} as const;

/** Container-level: no privilege escalation, every capability dropped. */
export const restrictedContainerSecurityContext = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ["ALL"] },
} as const;

/** Both, for charts that offer only a container-level securityContext. */
export const restrictedSecurityContext = { ...restrictedPodSecurityContext, ...restrictedContainerSecurityContext } as const;
