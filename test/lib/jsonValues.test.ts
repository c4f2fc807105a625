import { isJsonObject, pointerKeys, setValueAt, valueAt } from "../../lib/jsonValues";

describe("jsonValues", () => {
  test("isJsonObject: maps only", () => {
    expect([{}, { a: 1 }, [], null, "x", 1].map(isJsonObject)).toEqual([true, true, false, false, false, false]);
  });

  test("pointerKeys decodes ~1 and ~0 (RFC 6901), in that order", () => {
    expect(pointerKeys("")).toEqual([]);
    expect(pointerKeys("/metadata/annotations/example.com~1owner")).toEqual(["metadata", "annotations", "example.com/owner"]);
    // "~01" is "~1" literally: ~1 is decoded first, so it must not become "/".
    expect(pointerKeys("/a~01")).toEqual(["a~1"]);
  });

  test("valueAt walks maps and arrays; a path that leaves the value is undefined", () => {
    const root = { spec: { containers: [{ env: [{ name: "A" }] }] } };
    expect(valueAt(root, ["spec", "containers", "0", "env", "0", "name"])).toBe("A");
    expect(valueAt(root, ["spec", "missing", "x"])).toBeUndefined();
    expect(valueAt(root, [])).toBe(root);
  });

  test("setValueAt sets under an existing parent and leaves the value alone otherwise", () => {
    const root: Record<string, unknown> = { data: { password: "s3cret" }, list: ["a", "b"] };
    setValueAt(root, ["data", "password"], "[secret]");
    setValueAt(root, ["list", "1"], "[secret]");
    setValueAt(root, ["nothing", "here"], "[secret]");
    expect(root).toEqual({ data: { password: "[secret]" }, list: ["a", "[secret]"] });
  });
});
