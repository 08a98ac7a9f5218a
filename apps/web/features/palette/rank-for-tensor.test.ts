import { searchLayerDefs } from "@layerwise/graph-core";
import { describe, expect, it } from "vitest";
import { rankForTensor } from "./layer-palette";

describe("rankForTensor", () => {
  it("puts the 2-D layers first for an image tensor [C, H, W]", () => {
    const types = rankForTensor(searchLayerDefs("batchnorm"), 3).map((d) => d.type);
    expect(types[0]).toBe("BatchNorm2d");
    expect(types.indexOf("BatchNorm2d")).toBeLessThan(types.indexOf("BatchNorm1d"));
  });

  it("puts the 1-D layers first for a sequence [C, L] and keeps the search order otherwise", () => {
    expect(rankForTensor(searchLayerDefs("maxpool"), 2)[0]!.type).toBe("MaxPool1d");
    const plain = searchLayerDefs("pool");
    expect(rankForTensor(plain, null)).toEqual(plain);
  });
});
