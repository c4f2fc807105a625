import * as pulumi from "@pulumi/pulumi";
import { isConfigSecret } from "@pulumi/pulumi/runtime/config";
import { waitForRPCs } from "@pulumi/pulumi/runtime/settings";
import "../../lib/pulumiInternals";

/** lib/pulumiInternals.ts declares these; they must exist and behave so in the pinned SDK. */
describe("the SDK internals the lab relies on", () => {
  test("isConfigSecret tells the keys the engine marked secret", () => {
    pulumi.runtime.setAllConfig({ "lab:kubeconfig": "x", "lab:cluster": "kind" }, ["lab:kubeconfig"]);
    expect([isConfigSecret("lab:kubeconfig"), isConfigSecret("lab:cluster")]).toEqual([true, false]);
  });

  test("waitForRPCs is a function that resolves", async () => {
    expect(typeof waitForRPCs).toBe("function");
    await expect(waitForRPCs()).resolves.toBeUndefined();
  });

  test("an Output carries isKnown and promise(): what the offline plan reads known outputs with", async () => {
    const output = pulumi.output({ a: 1 });
    await expect(output.isKnown).resolves.toBe(true);
    await expect(output.promise()).resolves.toEqual({ a: 1 });
  });
});
