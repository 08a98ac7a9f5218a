import { describe, expect, it } from "vitest";
import { dimOf, intTuple, pyFloat, pyKwargs, resolveParams, tupleProd } from "./params";
import type { TLayerDef } from "./types";

const def: TLayerDef = {
  type: "Fake2d",
  family: "convolution",
  label: "Fake",
  description: "",
  aliases: [],
  inputs: 1,
  orderRole: null,
  params: [
    { name: "out_channels", label: "", tooltip: "", spec: { kind: "int", min: 1 } },
    { name: "kernel_size", label: "", tooltip: "", spec: { kind: "int-tuple", rank: 2, min: 1 } },
    {
      name: "padding",
      label: "",
      tooltip: "",
      spec: { kind: "int-tuple-or-enum", rank: 2, min: 0, values: ["same", "valid"] },
      default: 0,
    },
    {
      name: "mode",
      label: "",
      tooltip: "",
      spec: { kind: "enum", values: ["a", "b"] },
      default: "a",
    },
    {
      name: "eps",
      label: "",
      tooltip: "",
      spec: { kind: "float", min: 0, exclusiveMin: true },
      default: 1e-5,
    },
    { name: "bias", label: "", tooltip: "", spec: { kind: "bool" }, default: true },
    {
      name: "size",
      label: "",
      tooltip: "",
      spec: { kind: "int-tuple", rank: 2, min: 1, nullableEntries: true },
      nullable: true,
    },
  ],
  inferShape: () => ({ ok: false, diagnostics: [] }),
  paramCount: () => 0,
  macs: () => 0,
  toPyTorch: () => ({ module: null }),
};

describe("resolveParams", () => {
  it("applies defaults", () => {
    const r = resolveParams(def, { out_channels: 4, kernel_size: 3 });
    expect(r.hasError).toBe(false);
    expect(r.params).toEqual({
      out_channels: 4,
      kernel_size: 3,
      padding: 0,
      mode: "a",
      eps: 1e-5,
      bias: true,
      size: null,
    });
  });

  it.each([
    [{ out_channels: 4 }, /kernel_size is required/],
    [{ out_channels: 4.5, kernel_size: 3 }, /out_channels: expected an integer ≥ 1, got 4.5/],
    [{ out_channels: 0, kernel_size: 3 }, /out_channels: expected an integer ≥ 1/],
    [
      { out_channels: 4, kernel_size: [3] },
      /kernel_size: expected an integer ≥ 1 or a list of 2 integers ≥ 1, got \[3\]/,
    ],
    [{ out_channels: 4, kernel_size: 3, padding: "full" }, /padding: expected .*"same", "valid"/],
    [{ out_channels: 4, kernel_size: 3, padding: -1 }, /padding/],
    [{ out_channels: 4, kernel_size: 3, mode: "c" }, /mode: expected one of "a", "b"/],
    [{ out_channels: 4, kernel_size: 3, eps: 0 }, /eps: expected a number > 0/],
    [{ out_channels: 4, kernel_size: 3, bias: 1 }, /bias: expected true or false/],
    [{ out_channels: 4, kernel_size: 3, mode: null }, /mode/],
    [{ out_channels: 4, kernel_size: 3, size: [null, 0] }, /size/],
  ])("rejects %j", (raw, message) => {
    const r = resolveParams(def, raw, "n1");
    expect(r.hasError).toBe(true);
    expect(r.diagnostics[0]!.code).toBe("invalid-param");
    expect(r.diagnostics[0]!.node).toBe("n1");
    expect(r.diagnostics[0]!.message).toMatch(message);
  });

  it("accepts null entries and nulls where allowed", () => {
    expect(
      resolveParams(def, { out_channels: 4, kernel_size: [3, 1], size: [null, 7] }).hasError,
    ).toBe(false);
  });

  it("warns on unknown params but accepts inferred sizes", () => {
    const r = resolveParams(def, { out_channels: 4, kernel_size: 3, in_channels: 3, foo: 1 });
    expect(r.hasError).toBe(false);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({
      severity: "warning",
      message: expect.stringMatching(/no parameter "foo"/),
    });
    expect(r.params.in_channels).toBe(3);
  });

  it("holds only real values: a missing or invalid required param is absent, not undefined", () => {
    const missing = resolveParams(def, { out_channels: 4 }).params;
    expect(Object.keys(missing)).not.toContain("kernel_size");
    const invalid = resolveParams(def, { out_channels: 0, kernel_size: 3 }).params;
    expect(Object.keys(invalid)).not.toContain("out_channels");
    expect(invalid.kernel_size).toBe(3);
    expect(
      Object.values(resolveParams(def, { out_channels: 4, kernel_size: 3 }).params),
    ).not.toContain(undefined);
  });

  it("gives every node its own params object", () => {
    const a = resolveParams(def, { out_channels: 4, kernel_size: 3 }).params;
    const b = resolveParams(def, { out_channels: 5, kernel_size: 3 }).params;
    expect(a).not.toBe(b);
    expect(a.out_channels).toBe(4);
    expect(b.out_channels).toBe(5);
  });

  it("never throws on garbage", () => {
    for (const raw of [null, undefined, [], "x", { kernel_size: { a: 1 } }] as never[]) {
      expect(() => resolveParams(def, raw)).not.toThrow();
    }
  });
});

describe("accessors and formatting", () => {
  it("expands tuples", () => {
    expect(intTuple({ k: 3 }, "k", 3)).toEqual([3, 3, 3]);
    expect(intTuple({ k: [3, null] }, "k", 2)).toEqual([3, -1]);
  });

  it.each([
    [3, 3],
    [[3, 1], 2],
    [[3, null], 2],
    [[2, 3, 4], 3],
    [undefined, 2],
  ])("dimOf and tupleProd read %j as intTuple expands it", (value, rank) => {
    const tuple = intTuple({ k: value as never }, "k", rank);
    for (let i = 0; i < tuple.length; i++) expect(dimOf(value as never, i)).toBe(tuple[i]);
    expect(tupleProd(value as never, rank)).toBe(tuple.reduce((p, x) => p * x, 1));
  });

  it.each([
    [1, "1.0"],
    [0.1, "0.1"],
    [1e-5, "1e-05"],
    [0.0001, "0.0001"],
    [2.5e-7, "2.5e-07"],
    [1e16, "1e+16"],
    [123456.5, "123456.5"],
  ])("pyFloat(%s) = %s", (v, text) => {
    expect(pyFloat(v)).toBe(text);
  });

  it("emits only non-default kwargs", () => {
    const { params } = resolveParams(def, {
      out_channels: 4,
      kernel_size: [3, 1],
      padding: [1, 1],
      eps: 1e-3,
      bias: false,
      size: [null, 7],
    });
    expect(pyKwargs(def, params, ["out_channels"])).toEqual([
      "kernel_size=(3, 1)",
      "padding=(1, 1)",
      "eps=0.001",
      "bias=False",
      "size=(None, 7)",
    ]);
    expect(
      pyKwargs(
        def,
        resolveParams(def, { out_channels: 4, kernel_size: 3, padding: [0, 0], mode: "b" }).params,
      ),
    ).toEqual(["out_channels=4", "kernel_size=3", "mode='b'"]);
  });
});
