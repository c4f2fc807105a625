import { z } from "zod";
import { ConfigError, explainIssues, parseOrExplain } from "../../lib/configErrors";
import { httpLoadDefinitionSchema } from "../../benchmarks/definitions";
import { parsePricingConfig } from "../../finops/profiles";
import { parseLabConfig } from "../../stacks/labConfig";

function problems(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error("expected a ConfigError, nothing was thrown");
}

const schema = z.strictObject({
  count: z.number().int().positive(),
  names: z.array(z.string()).min(2),
  url: z.string().url(),
  tag: z.string().regex(/^v\d+$/),
  size: z.string().regex(/^\d+Gi$/, "a size like 10Gi").optional(),
  watts: z.number().positive().describe("watts at the wall").default(12),
  nested: z.strictObject({ alpha: z.string().optional(), beta: z.boolean().optional() }).optional(),
  mode: z.enum(["a", "b"]).optional(),
});

describe("explainIssues", () => {
  test("words each kind of issue with the right article and bound", () => {
    expect(problems(() => parseOrExplain(schema, { count: 1.5, names: ["x"], url: "nope", tag: "1", watts: 0, mode: "c" }, "s"))).toEqual([
      "s.count: got 1.5, expected an integer",
      "s.names: got [\"x\"], expected at least 2 items",
      's.url: got "nope", expected a valid url',
      's.tag: got "1", expected a string matching /^v\\d+$/',
      "s.watts: got 0, expected > 0 (watts at the wall)",
      's.mode: got "c", expected one of "a", "b"',
    ]);
    // A pattern its author explained is said in their words, the pattern after them.
    expect(problems(() => parseOrExplain(schema, { count: 1, names: ["x", "y"], url: "http://x/", tag: "v1", size: "10G" }, "s"))).toEqual(['s.size: got "10G", expected a size like 10Gi (a string matching /^\\d+Gi$/)']);
    expect(problems(() => parseOrExplain(schema, { count: "x", names: "y", url: 1, tag: "v1" }, "s"))).toEqual([
      's.count: got "x", expected a number',
      's.names: got "y", expected an array',
      "s.url: got 1, expected a string",
    ]);
  });

  test("an unknown key, nested too, lists the keys allowed at that level", () => {
    const input = { count: 1, names: ["a", "b"], url: "http://x/", tag: "v1", nested: { alpa: "x" }, colour: 1 };
    expect(problems(() => parseOrExplain(schema, input, "s"))).toEqual([
      "s.nested.alpa: unknown key, expected one of alpha, beta",
      "s.colour: unknown key, expected one of count, names, url, tag, size, watts, nested, mode",
    ]);
  });

  test("a secret key's value is never quoted", () => {
    const parsed = z.strictObject({ token: z.number() }).safeParse({ token: "hunter2" });
    if (parsed.success) throw new Error("expected a failure");
    const lines = explainIssues(z.strictObject({ token: z.number() }), { token: "hunter2" }, parsed.error.issues, { keyPrefix: "lab:", secretKeys: new Set(["token"]) });
    expect(lines).toEqual(["lab:token: got [secret], expected a number"]);
  });

  test("stack config, pricing config and benchmark definitions word the same mistake the same way", () => {
    expect(problems(() => parseLabConfig(z.object({ workers: z.number().int().min(1).optional() }), { workers: "two" }))).toEqual([
      'lab:workers: got "two", expected a number',
    ]);
    expect(problems(() => parsePricingConfig({ laptopWatts: "two" }))).toEqual([
      "lab:pricing.laptopWatts: got \"two\", expected a number (watts the lab adds to the laptop's draw)",
    ]);
    expect(problems(() => parseOrExplain(httpLoadDefinitionSchema, { url: "http://x/", maxVUs: "two" }, "benchmark.http"))).toEqual([
      'benchmark.http.maxVUs: got "two", expected a number',
    ]);
  });
});
