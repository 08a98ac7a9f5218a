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

  it("offers the rest of torch.nn that module_db tests (issue 12's 29 types)", () => {
    const rest = [
      ...["RMSNorm", "LocalResponseNorm", "Bilinear", "FractionalMaxPool2d", "FractionalMaxPool3d"],
      ...[1, 2, 3].flatMap((d) => [`LPPool${d}d`, `ConstantPad${d}d`, `CircularPad${d}d`]),
      ...[1, 3].flatMap((d) => [`ReflectionPad${d}d`, `ReplicationPad${d}d`, `ZeroPad${d}d`]),
      ...["RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell"],
      ...["TransformerEncoder", "TransformerDecoderLayer", "Transformer"],
    ];
    expect(rest).toHaveLength(29);
    expect(rest.filter((t) => getLayerDef(t) === undefined)).toEqual([]);
    expect(findLayerDefsByAlias("lstm")[0]!.family).toBe("recurrent");
    // Two-input modules take ports 0 and 1, like merges, but exactly two.
    for (const t of ["Bilinear", "TransformerDecoderLayer", "Transformer"])
      expect(getLayerDef(t)!.inputs, t).toBe(2);
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
