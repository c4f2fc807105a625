import { planStack } from "../../cli/plan/planStack";
import { formatPlan } from "../../cli/plan/printPlan";
import { readStackConfig } from "../../cli/plan/stackConfigFile";
import { charts } from "../../components/charts";
import { projectDir } from "../helpers/stackRun";

/** `lab plan phase-04`: the offline plan of the committed stack config. */
describe("lab plan phase-04", () => {
  test("plans cleanly: every chart pinned, every object validated, outputs known at preview shown, results left unknown", async () => {
    const plan = await planStack("phase-04", readStackConfig(projectDir, "phase-04"));
    expect({ error: plan.error, violations: plan.schema.violations, pins: plan.pinViolations }).toEqual({ error: undefined, violations: [], pins: [] });
    expect(plan.schema.noSchema).toEqual([]);
    const releases = plan.resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release").map((r) => r.chart);
    expect(releases.sort()).toEqual(
      [charts.gatewayCrds, charts.envoyGateway, charts.traefik, charts.nginxGatewayFabric].map((c) => `${c.repo.startsWith("oci://") ? `${c.repo}/` : ""}${c.chart}@${c.version}`).sort(),
    );
    expect(Object.keys(plan.outputs).sort()).toEqual(["activeGateway", "backend", "cost", "gateways", "namespace"]);
    const text = formatPlan(plan);
    expect(text).toContain("k8s:gateway.networking.k8s.io/v1:Gateway traefik-routed-gateway  ns=traefik");
    expect(text).toContain("images=hashicorp/http-echo:1.0.0");
  });
});
