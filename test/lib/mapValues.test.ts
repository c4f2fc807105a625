import { mapValues } from "../../lib/mapValues";

test("mapValues maps every value and passes its key", () => {
  expect(mapValues({ a: 1, b: 2 }, (v, k) => `${k}=${v * 10}`)).toEqual({ a: "a=10", b: "b=20" });
  expect(mapValues({}, () => 1)).toEqual({});
});
