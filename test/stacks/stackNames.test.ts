import * as pulumi from "@pulumi/pulumi";
import { deployOrder, phaseNeeds } from "../../stacks/deployOrder";
import { programFor } from "../../stacks/programs";
import { isStackName, phaseStackNames, requireStackName, stackNames, UnknownStackError } from "../../stacks/stackNames";

const allNames = ["kind", "hub", "phase-01", "phase-02", "phase-03", "phase-04", "phase-05", "phase-06", "phase-07", "phase-08", "phase-09", "phase-10"];

describe("stack names", () => {
  it("are the two cluster stacks and ten phases, in deploy order", () => {
    expect([...stackNames]).toEqual(allNames);
  });

  it("recognizes only exact names", () => {
    expect(isStackName("phase-01")).toBe(true);
    expect(isStackName("phase-1")).toBe(false);
    expect(isStackName("Phase-01")).toBe(false);
    expect(isStackName("organization/platform-lab/kind")).toBe(false);
    expect(requireStackName("hub")).toBe("hub");
  });
});

describe("programFor", () => {
  it("rejects an unknown stack at once, listing all 12 valid names", () => {
    let error: unknown;
    try {
      programFor("phase-11");
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UnknownStackError);
    const message = (error as Error).message;
    expect(message).toContain('"phase-11"');
    for (const name of allNames) expect(message).toContain(name);
    expect(message).toContain(`Valid stacks: ${allNames.join(", ")}.`);
  });

  it("gives every stack its own program", () => {
    const programs = allNames.map(programFor);
    programs.forEach((p) => expect(typeof p).toBe("function"));
    expect(new Set(programs).size).toBe(allNames.length);
  });

  it("fails when the Pulumi entry point is loaded for an unknown stack, before any program runs", async () => {
    await pulumi.runtime.setMocks(
      { newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: () => ({}) },
      "platform-lab",
      "phase-99",
      true,
    );
    expect(() => jest.isolateModules(() => require("../../index"))).toThrow(/Unknown stack "phase-99"\. Valid stacks: kind, hub, phase-01/);
  });
});

describe("deployOrder", () => {
  it("brings phase-10 up on kind after the cluster and every phase it needs, transitively, in phase order", () => {
    // phase-03 comes in through phase-05 (its backups go to phase-03's object store).
    expect(deployOrder("phase-10", "kind")).toEqual(["kind", "phase-01", "phase-03", "phase-04", "phase-05", "phase-07", "phase-08", "phase-10"]);
  });

  it("starts from the hub cluster when the phase runs on the hub", () => {
    expect(deployOrder("phase-10", "hub")).toEqual(["hub", "phase-01", "phase-03", "phase-04", "phase-05", "phase-07", "phase-08", "phase-10"]);
    expect(deployOrder("phase-05", "hub")).toEqual(["hub", "phase-01", "phase-03", "phase-05"]);
    expect(deployOrder("phase-07", "hub")).toEqual(["hub", "phase-01", "phase-04", "phase-07"]);
  });

  it("needs only the cluster for phase-01", () => {
    expect(deployOrder("phase-01", "kind")).toEqual(["kind", "phase-01"]);
  });

  it("brings a cluster stack up alone, whatever cluster phases would use", () => {
    expect(deployOrder("kind", "kind")).toEqual(["kind"]);
    expect(deployOrder("hub", "kind")).toEqual(["hub"]);
    expect(deployOrder("kind", "hub")).toEqual(["kind"]);
  });

  it("rejects an unknown target with the valid names", () => {
    expect(() => deployOrder("phase-11", "kind")).toThrow(UnknownStackError);
    expect(() => deployOrder("phase-11", "kind")).toThrow(/Valid stacks: kind, hub/);
  });

  it("only ever needs earlier phases, so the order always exists", () => {
    for (const phase of phaseStackNames) {
      for (const need of phaseNeeds[phase]) expect(need < phase).toBe(true);
      const order = deployOrder(phase, "kind");
      expect(order[order.length - 1]).toBe(phase);
      expect(new Set(order).size).toBe(order.length);
    }
  });
});
