import { describe, expect, it } from "vitest";
import {
  batchDimIndex,
  broadcastShapes,
  convOutputLength,
  convTransposeOutputLength,
  poolOutputLength,
} from "./arithmetic";

// Expected values computed with torch 2.13 (see comments: the module that produced them).
describe("shape arithmetic", () => {
  it.each([
    // L, k, s, padTotal, d, out
    [7, 3, 1, 0, 1, 5],
    [7, 3, 2, 2, 1, 4],
    [7, 9, 1, 0, 1, -1],
    [7, 3, 1, 4, 3, 5],
    [256, 3, 2, 2, 1, 128],
  ])("convOutputLength(%i, k=%i, s=%i, pad=%i, d=%i) = %i", (L, k, s, p, d, out) => {
    expect(convOutputLength(L, k, s, p, d)).toBe(out);
  });

  it.each([
    // nn.ConvTranspose2d(…, 3, stride=1, dilation=3, output_padding=2)(7×7) → 15×15
    [7, 3, 1, 0, 2, 3, 15],
    [32, 2, 2, 0, 0, 1, 64],
    [7, 3, 1, 5, 0, 1, -1],
  ])(
    "convTransposeOutputLength(%i, k=%i, s=%i, p=%i, op=%i, d=%i) = %i",
    (L, k, s, p, op, d, out) => {
      expect(convTransposeOutputLength(L, k, s, p, op, d)).toBe(out);
    },
  );

  it.each([
    // L, k, s, p, d, ceil, out — MaxPool2d results from torch
    [7, 2, 2, 0, 1, false, 3],
    [7, 2, 2, 0, 1, true, 4],
    [7, 2, 3, 0, 1, true, 3],
    [6, 3, 2, 1, 1, true, 4],
    [5, 2, 2, 1, 1, true, 3], // last window would start in the right padding: dropped
    [7, 9, 9, 0, 1, false, 0],
  ])("poolOutputLength(%i, k=%i, s=%i, p=%i, d=%i, ceil=%s) = %i", (L, k, s, p, d, ceil, out) => {
    expect(poolOutputLength(L, k, s, p, d, ceil)).toBe(out);
  });

  it("broadcasts like torch", () => {
    expect(broadcastShapes([3, 1], [1, 4])).toEqual({ ok: true, shape: [3, 4] });
    // [N, 3, 4] + [N, 4] aligns N with 3 in torch: only some batch sizes work, so refuse.
    expect(broadcastShapes([3, 4], [4])).toEqual({ ok: false, dim: -1 });
    expect(broadcastShapes([3, 4], [2, 4])).toEqual({ ok: false, dim: 0 });
  });

  it("resolves batch-counting dims", () => {
    expect(batchDimIndex(1, 3)).toBe(0);
    expect(batchDimIndex(-1, 3)).toBe(2);
    expect(batchDimIndex(0, 3)).toBe(-1);
    expect(batchDimIndex(4, 3)).toBe(null);
    expect(batchDimIndex(-5, 3)).toBe(null);
  });
});
