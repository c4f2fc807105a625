import type { PlannedResource, StackPlan } from "./planStack";
import { unknownSentinel } from "./recordingMocks";

function shortType(type: string): string {
  return type.replace(/^kubernetes:/, "k8s:");
}

function line(resource: PlannedResource): string {
  const parts = [`${shortType(resource.type)} ${resource.name}`];
  if (resource.namespace && resource.namespace !== unknownSentinel) parts.push(`ns=${resource.namespace}`);
  if (resource.chart) parts.push(`chart=${resource.chart}`);
  if (resource.images.length > 0) parts.push(`images=${resource.images.join(",")}`);
  return parts.join("  ");
}

/** The resource tree of one stack as text: parents before children, indented by depth. */
export function formatPlan(plan: StackPlan): string {
  const children = new Map<string | undefined, PlannedResource[]>();
  for (const r of plan.resources) {
    const key = plan.resources.some((p) => p.urn === r.parent) ? r.parent : undefined;
    children.set(key, [...(children.get(key) ?? []), r]);
  }
  const lines: string[] = [`== ${plan.stack}: ${plan.ok ? "ok" : "FAILED"} (${plan.resources.length} resources, ${plan.durationMs} ms)`];
  const walk = (parent: string | undefined, depth: number) => {
    for (const r of children.get(parent) ?? []) {
      lines.push(`${"  ".repeat(depth + 1)}${line(r)}`);
      walk(r.urn, depth + 1);
    }
  };
  walk(undefined, 0);
  lines.push(
    `  schema: ${plan.schema.checked} Kubernetes objects validated (${plan.schema.viaAlias} via a schema alias), ${plan.schema.violations.length} with violations` +
      (plan.schema.noSchema.length ? `; no schema package for: ${plan.schema.noSchema.join(", ")}` : ""),
  );
  for (const v of plan.schema.violations) lines.push(`  VIOLATION ${v.kind} ${v.urn}\n${v.messages.map((m) => `      ${m}`).join("\n")}`);
  for (const p of plan.pinViolations) lines.push(`  UNPINNED ${p}`);
  if (plan.placeholders.length) lines.push(`  secret config stood in by plan placeholders: ${plan.placeholders.join(", ")}`);
  const cost = plan.outputs.cost as { monthlyRunRateUsd?: number; awsReferenceMonthlyUsd?: number; profile?: string } | undefined;
  if (cost?.monthlyRunRateUsd !== undefined) {
    lines.push(`  run-rate: ${cost.monthlyRunRateUsd.toFixed(2)} USD/month (${cost.profile}); AWS reference ${cost.awsReferenceMonthlyUsd?.toFixed(2)} USD/month`);
  }
  if (plan.error) lines.push(`  ERROR ${plan.error.replace(/\n/g, "\n  ")}`);
  return lines.join("\n");
}
