import { describe, expect, it } from "vitest";
import { findLayerDefsByAlias, getLayerDef, LAYER_DEFS, searchLayerDefs } from "./registry";

describe("registry", () => {
  it("has unique types", () => {
    const types = LAYER_DEFS.map((d) => d.type);
    expect(new Set(types).size).toBe(types.length);
  });

  it("includes every family, including the ones owned elsewhere", () => {
    for (const t of [
      "Input",
      "Output",
      "Conv2d",
      "ConvTranspose3d",
      "MaxPool2d",
      "AdaptiveAvgPool2d",
      "Upsample",
      "ZeroPad2d",
      "BatchNorm2d",
      "LayerNorm",
      "Concat",
      "Add",
      "Block",
    ]) {
      expect(getLayerDef(t)?.type, t).toBe(t);
    }
    const families = new Set(LAYER_DEFS.map((d) => d.family));
    for (const f of [
      "io",
      "convolution",
      "pooling",
      "upsampling",
      "padding",
      "normalization",
      "merge",
      "block",
    ])
      expect(families.has(f as never), f).toBe(true);
  });

  it("finds layers by alias", () => {
    expect(findLayerDefsByAlias("conv")[0]!.type).toBe("Conv2d");
    expect(findLayerDefsByAlias("BN")[0]!.type).toBe("BatchNorm2d");
    expect(findLayerDefsByAlias("upconv")[0]!.type).toBe("ConvTranspose2d");
    expect(findLayerDefsByAlias("deconv")[0]!.type).toBe("ConvTranspose2d");
    expect(findLayerDefsByAlias("pool").map((d) => d.type)).toContain("MaxPool2d");
    expect(findLayerDefsByAlias("nope")).toEqual([]);
    expect(searchLayerDefs("norm")[0]!.family).toBe("normalization");
  });

  it("gives every param a tooltip and every layer a description", () => {
    for (const def of LAYER_DEFS) {
      expect(def.description.length, def.type).toBeGreaterThan(5);
      for (const p of def.params)
        expect(p.tooltip.length, `${def.type}.${p.name}`).toBeGreaterThan(3);
    }
  });
});
