import { getLayerDef, type TParamDef } from "@layerwise/graph-core";
import { describe, expect, it } from "vitest";
import { formatParam, parseParam } from "./param-value";

function param(type: string, name: string): TParamDef {
  const def = getLayerDef(type)?.params.find((p) => p.name === name);
  if (!def) throw new Error(`${type}.${name} not in the catalogue`);
  return def;
}

describe("inspector values", () => {
  it.each([
    ["Conv2d", "out_channels", "64", 64],
    ["Conv2d", "kernel_size", "3", 3],
    ["Conv2d", "kernel_size", "3, 1", [3, 1]],
    ["Conv2d", "kernel_size", "(3, 1)", [3, 1]],
    ["Conv2d", "padding", "same", "same"],
    ["Conv2d", "stride", "", undefined],
    ["Input", "shape", "3, 64, 64", [3, 64, 64]],
    ["Input", "shape", "10", [10]],
    ["Input", "shape", "3 64 64", [3, 64, 64]],
    ["Input", "shape", "3×64×64", [3, 64, 64]],
    ["Input", "shape", "3x64x64", [3, 64, 64]],
    ["Input", "shape", "[3 , 64]", [3, 64]],
    ["Conv2d", "kernel_size", "( 3, 1 )", [3, 1]],
    ["Upsample", "scale_factor", "2", 2],
    ["Upsample", "size", "None", null],
  ] as const)("%s.%s: %j reads as %j", (type, name, text, value) => {
    expect(parseParam(param(type, name), text)).toEqual({ ok: true, value });
  });

  it.each([
    ["Conv2d", "out_channels", "0"],
    ["Conv2d", "out_channels", "1.5"],
    ["Conv2d", "out_channels", ""],
    ["Conv2d", "kernel_size", "3, x"],
    ["Conv2d", "padding", "sideways"],
    ["Input", "shape", "3,,64"],
    ["Input", "shape", "3, , 64"],
    ["Input", "shape", "3, 64,"],
    ["Input", "shape", ",3, 64"],
    ["Input", "shape", "3××64"],
    ["Input", "shape", "()"],
    ["Conv2d", "kernel_size", "3,,1"],
  ])("%s.%s rejects %j with the expected form", (type, name, text) => {
    const r = parseParam(param(type, name), text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/required|Expected/);
  });

  it("names the empty entry of a malformed list", () => {
    const r = parseParam(param("Input", "shape"), "3,,64");
    expect(r).toEqual({
      ok: false,
      error: expect.stringMatching(/^"3,,64" has an empty entry \(2 of 3\)\. Expected/),
    });
  });

  it("formats values the way they are typed", () => {
    expect(formatParam([3, 1])).toBe("3, 1");
    expect(formatParam(undefined)).toBe("");
    expect(formatParam("same")).toBe("same");
  });
});
