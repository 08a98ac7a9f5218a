import { describe, expect, it } from "vitest";
import type { TAnalysis, TNodeAnalysis } from "../analysis/types";
import type { TModelFlow, TShape } from "../graph/types";
import type { TLayerDef, TLayerFamily, TOrderRole } from "../layers/types";
import { FAMILY_COLORS, shade } from "./palette";
import {
  SIZE_ENCODING,
  encodeVisuals,
  heightForSpatial,
  widthForChannels,
} from "./visual-encoding";

// Only family and orderRole matter to the encoding; the real catalogue is exercised elsewhere.
const FAKE: Record<string, [TLayerFamily, TOrderRole]> = {
  Input: ["io", null],
  Conv2d: ["convolution", "conv"],
  BatchNorm2d: ["normalization", "norm"],
  ReLU: ["activation", "activation"],
  Linear: ["linear", null],
};
const lookup = (type: string) => {
  const f = FAKE[type];
  return f
    ? ({ type, family: f[0], orderRole: f[1], params: [] } as unknown as TLayerDef)
    : undefined;
};

function chain(
  types: string[],
  shapes: (TShape | null)[],
): { doc: TModelFlow; analysis: TAnalysis } {
  const nodes = types.map((type, i) => ({ id: `n${i}`, type, params: {} }));
  const edges = nodes.slice(1).map((n, i) => ({ source: `n${i}`, target: n.id }));
  const map = new Map<string, TNodeAnalysis>();
  nodes.forEach((n, i) =>
    map.set(n.id, {
      shape: shapes[i] ?? null,
      params: 0,
      macs: 0,
      activationBytes: 0,
      diagnostics: [],
    }),
  );
  const analysis: TAnalysis = {
    nodes: map,
    diagnostics: [],
    order: nodes.map((n) => n.id),
    totalParams: 0,
    totalMacs: 0,
    errorCount: 0,
    warningCount: 0,
  };
  return { doc: { format: "layerwise.model-flow", version: 1, name: "t", nodes, edges }, analysis };
}

describe("size encoding", () => {
  it("has a range a person sees at once: 64 → 512 channels ≥ 2× wider, 16² → 128² ≥ 3× taller", () => {
    expect(widthForChannels(512) / widthForChannels(64)).toBeGreaterThanOrEqual(2);
    expect(heightForSpatial(128) / heightForSpatial(16)).toBeGreaterThanOrEqual(3);
    expect(heightForSpatial(224) / heightForSpatial(7)).toBeGreaterThanOrEqual(3);
    for (let c = 1; c < 4096; c *= 2)
      expect(widthForChannels(2 * c)).toBeGreaterThanOrEqual(widthForChannels(c));
    for (let s = 1; s < 4096; s *= 2)
      expect(heightForSpatial(2 * s)).toBeGreaterThanOrEqual(heightForSpatial(s));
  });

  it("clamps, so a 1-channel bar stays visible and a huge input stays on screen", () => {
    expect(widthForChannels(1)).toBe(SIZE_ENCODING.width.min);
    expect(widthForChannels(2 ** 30)).toBe(SIZE_ENCODING.width.max);
    expect(heightForSpatial(0)).toBe(SIZE_ENCODING.height.min);
    expect(heightForSpatial(1e9)).toBe(SIZE_ENCODING.height.max);
  });

  it("maps [C,H,W] channels to width and spatial size to height", () => {
    const { doc, analysis } = chain(
      ["Input", "Conv2d", "Linear"],
      [[3, 224, 224], [64, 112, 112], [10]],
    );
    const v = encodeVisuals(doc, analysis, { lookup });
    const input = v.get("n0")!;
    const conv = v.get("n1")!;
    const fc = v.get("n2")!;
    expect(conv.width).toBeGreaterThan(input.width);
    expect(conv.height).toBeLessThan(input.height);
    expect(fc.height).toBe(SIZE_ENCODING.height.min);
    expect(fc.channels).toBe(10);
    expect(conv).toMatchObject({ channels: 64, spatial: 112 });
  });

  it("gives unknown shapes a neutral size", () => {
    const { doc, analysis } = chain(["Input", "Conv2d"], [[3, 8, 8], null]);
    expect(encodeVisuals(doc, analysis, { lookup }).get("n1")).toMatchObject({
      ...SIZE_ENCODING.unknown,
      channels: null,
    });
  });
});

describe("colour and brightness", () => {
  it("ramps conv → norm → activation from dark to bright", () => {
    const s: TShape = [8, 4, 4];
    const { doc, analysis } = chain(["Conv2d", "BatchNorm2d", "ReLU"], [s, s, s]);
    const v = encodeVisuals(doc, analysis, { lookup });
    const [c, n, a] = ["n0", "n1", "n2"].map((id) => v.get(id)!);
    expect(c!.color).toBe(FAMILY_COLORS.convolution);
    expect(c!.brightness).toBeLessThan(n!.brightness);
    expect(n!.brightness).toBeLessThan(a!.brightness);
    expect([c, n, a].some((x) => x!.outOfOrder)).toBe(false);
    expect(c!.fill).toBe(shade(c!.color, c!.brightness));
  });

  it("draws a conv → norm → activation run in the conv's hue with stepped lightness", () => {
    const s: TShape = [8, 4, 4];
    const { doc, analysis } = chain(["Conv2d", "BatchNorm2d", "ReLU", "Conv2d"], [s, s, s, s]);
    const v = encodeVisuals(doc, analysis, { lookup });
    const [c, n, a, next] = ["n0", "n1", "n2", "n3"].map((id) => v.get(id)!);
    for (const x of [c, n, a, next]) expect(x!.color).toBe(FAMILY_COLORS.convolution);
    expect(n!.fill).not.toBe(c!.fill);
    expect(a!.fill).not.toBe(n!.fill);
    expect(next!.fill).toBe(c!.fill);
  });

  it("a layer out of order breaks the run: the norm after a ReLU keeps its own hue", () => {
    const s: TShape = [8, 4, 4];
    const { doc, analysis } = chain(["Conv2d", "ReLU", "BatchNorm2d"], [s, s, s]);
    const v = encodeVisuals(doc, analysis, { lookup });
    expect(v.get("n1")!.color).toBe(FAMILY_COLORS.convolution);
    expect(v.get("n2")!.color).toBe(FAMILY_COLORS.normalization);
  });

  it("a norm or activation that follows no conv keeps its family hue", () => {
    const { doc, analysis } = chain(["Linear", "ReLU"], [[8], [8]]);
    expect(encodeVisuals(doc, analysis, { lookup }).get("n1")!.color).toBe(
      FAMILY_COLORS.activation,
    );
  });

  it("flags a ReLU placed before its BatchNorm", () => {
    const s: TShape = [8, 4, 4];
    const { doc, analysis } = chain(["Conv2d", "ReLU", "BatchNorm2d"], [s, s, s]);
    const v = encodeVisuals(doc, analysis, { lookup });
    expect(v.get("n1")!.outOfOrder).toBe(true);
    expect(v.get("n0")!.outOfOrder).toBe(false);
    expect(v.get("n2")!.outOfOrder).toBe(false);
  });

  it("also flags nodes the engine reports with layer-order", () => {
    const s: TShape = [8, 4, 4];
    const { doc, analysis } = chain(["Conv2d", "Conv2d"], [s, s]);
    analysis.nodes
      .get("n1")!
      .diagnostics.push({ code: "layer-order", severity: "warning", node: "n1", message: "x" });
    expect(encodeVisuals(doc, analysis, { lookup }).get("n1")!.outOfOrder).toBe(true);
  });

  it("is deterministic and unknown types get a neutral colour", () => {
    const { doc, analysis } = chain(["Mystery", "Conv2d"], [[1], [2, 3, 3]]);
    const a = encodeVisuals(doc, analysis, { lookup });
    const b = encodeVisuals(doc, analysis, { lookup });
    expect([...a]).toEqual([...b]);
    expect(a.get("n0")!.family).toBeNull();
  });
});

describe("shade", () => {
  it("keeps the base colour at 0.5 and reaches black / white at the ends", () => {
    expect(shade("#2563eb", 0.5)).toBe("#2563eb");
    expect(shade("#2563eb", 0)).toBe("#000000");
    expect(shade("#2563eb", 1)).toBe("#ffffff");
  });
});

describe("identity across edits", () => {
  it("keeps the object of every node whose visual did not change", () => {
    const s: TShape = [8, 16, 16];
    const { doc, analysis } = chain(["Input", "Conv2d", "ReLU"], [s, s, s]);
    const before = encodeVisuals(doc, analysis, { lookup });
    analysis.nodes.get("n2")!.shape = [64, 16, 16];
    const after = encodeVisuals(doc, analysis, { lookup, previous: before });
    expect(after.get("n0")).toBe(before.get("n0"));
    expect(after.get("n1")).toBe(before.get("n1"));
    expect(after.get("n2")).not.toBe(before.get("n2"));
    expect(after.get("n2")!.width).toBeGreaterThan(before.get("n2")!.width);
  });
});
