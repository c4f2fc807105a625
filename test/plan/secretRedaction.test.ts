import * as pulumi from "@pulumi/pulumi";
import { contractUpstream, planStack, redactedSecret } from "../../cli/plan/planStack";
import { planDocument } from "../../cli/plan/planDocument";
import { formatPlan } from "../../cli/plan/printPlan";
import type { UpstreamLookup } from "../../cli/plan/recordingMocks";
import { readStackConfig } from "../../cli/plan/stackConfigFile";
import { collectUnhandledRejections, projectDir } from "../helpers/stackRun";

const planted = (label: string) => `planted-${label}-6f1c0e`;

/** Everything `lab plan` writes for one stack: the text report and the JSON document. */
function printed(plan: Awaited<ReturnType<typeof planStack>>): string {
  return `${formatPlan(plan)}\n${JSON.stringify(planDocument([plan], false))}`;
}

describe("lab plan redacts by each value's secretness, not by the contract's key names", () => {
  // phase-02's contract names no secret keys: a name-based redaction prints all of these.
  const program = async () => ({
    phase: "phase-02",
    apiToken: pulumi.secret(planted("top")),
    connection: { host: "db.lab.svc", credentials: { password: pulumi.secret(planted("nested")) } },
    replicas: [pulumi.output("plain-a"), pulumi.secret(planted("in-array"))],
    derived: pulumi.secret(planted("derived")).apply((v) => `${v}-suffix`),
    plainOutput: pulumi.output("shown"),
  });

  it("prints no planted secret in the plan text or JSON, wherever the program put it", async () => {
    const plan = await planStack("phase-02", readStackConfig(projectDir, "phase-02"), contractUpstream, program);
    expect(plan.error).toBeUndefined();
    expect(printed(plan)).not.toContain("planted-");
  });

  it("replaces exactly the secret values and keeps the plain ones beside them", async () => {
    const plan = await planStack("phase-02", readStackConfig(projectDir, "phase-02"), contractUpstream, program);
    expect(plan.outputs).toEqual({
      phase: "phase-02",
      apiToken: redactedSecret,
      connection: { host: "db.lab.svc", credentials: { password: redactedSecret } },
      // One secret element makes the whole array secret (Pulumi lifts secretness to the enclosing value).
      replicas: redactedSecret,
      derived: redactedSecret,
      plainOutput: "shown",
    });
  });
});

describe("upstream StackReference outputs keep the upstream stack's secretness", () => {
  /** The kind stack as deployed, except that it marks `storageClass` secret (say, from secret config). */
  const upstreamMarkingStorageClassSecret: UpstreamLookup = (fullName) => {
    const found = contractUpstream(fullName);
    if (!found || !fullName.endsWith("/kind")) return found;
    return { outputs: { ...found.outputs, storageClass: planted("storage-class") }, secretOutputNames: [...found.secretOutputNames, "storageClass"] };
  };

  it("refuses to read as plain a value the upstream stack marked secret, and prints it nowhere", async () => {
    const { result: plan } = await collectUnhandledRejections(() =>
      planStack("phase-02", readStackConfig(projectDir, "phase-02"), upstreamMarkingStorageClassSecret),
    );
    expect(plan.ok).toBe(false);
    expect(plan.error).toContain('Cannot read stack "kind": its output "storageClass" is a secret there');
    expect(printed(plan)).not.toContain("planted-");
  });

  it("reads the same value when the upstream stack exports it plain", async () => {
    const plainUpstream: UpstreamLookup = (fullName) => {
      const found = upstreamMarkingStorageClassSecret(fullName);
      return found && { ...found, secretOutputNames: found.secretOutputNames.filter((n) => n !== "storageClass") };
    };
    const plan = await planStack("phase-02", readStackConfig(projectDir, "phase-02"), plainUpstream);
    expect(plan.error).toBeUndefined();
  });
});
