import { describe, expect, it } from "vitest";
import { familyKit, runTorchTable, type TTorchCase } from "../analysis/layer-table.test-kit";
import { MORE_NORMALIZATION_LAYERS } from "./normalization-extra";

// Generated with torch 2.13 (module(**params) on randn(2, *input)); `code`: our expected refusal.
const CASES: TTorchCase[] = [
  {
    type: "RMSNorm",
    params: { normalized_shape: 8 },
    input: [5, 8],
    torch: { shape: [5, 8], params: 8 },
  },
  {
    type: "RMSNorm",
    params: { normalized_shape: [4, 8], eps: 1e-6 },
    input: [3, 4, 8],
    torch: { shape: [3, 4, 8], params: 32 },
  },
  {
    type: "RMSNorm",
    params: { normalized_shape: [8], elementwise_affine: false },
    input: [8],
    torch: { shape: [8], params: 0 },
  },
  {
    type: "RMSNorm",
    params: { normalized_shape: [7] },
    input: [5, 8],
    code: "shape-mismatch",
    torch: {
      error:
        "RuntimeError: Given normalized_shape=[7], expected input with shape [*7], but got input of size[2, 5, 8]",
    },
  },
  {
    type: "LocalResponseNorm",
    params: { size: 2 },
    input: [4, 6, 6],
    torch: { shape: [4, 6, 6], params: 0 },
  },
  {
    type: "LocalResponseNorm",
    params: { size: 3, alpha: 0.001, beta: 0.5, k: 2.0 },
    input: [4, 6],
    torch: { shape: [4, 6], params: 0 },
  },
  {
    type: "LocalResponseNorm",
    params: { size: 2 },
    input: [4],
    code: "rank-mismatch",
    torch: {
      error:
        "ValueError: Expected 3D or higher dimensionality                          input (got 2 dimensions)",
    },
  },
];

describe("MORE_NORMALIZATION_LAYERS against torch", () => {
  runTorchTable(MORE_NORMALIZATION_LAYERS, CASES);
});

describe("RMSNorm and LocalResponseNorm emission", () => {
  const { emit } = familyKit(MORE_NORMALIZATION_LAYERS);

  it("emits the shape positionally and only non-default keywords", () => {
    expect(emit("RMSNorm", { normalized_shape: [4, 8], eps: 1e-6 }, [3, 4, 8])).toBe(
      "nn.RMSNorm([4, 8], eps=1e-06)",
    );
    expect(emit("LocalResponseNorm", { size: 3, k: 2 }, [4, 6])).toBe(
      "nn.LocalResponseNorm(3, k=2.0)",
    );
  });
});
