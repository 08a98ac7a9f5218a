import { describe, expect, it } from "vitest";
import { evaluateLayer } from "../analysis/evaluate-layer";
import { runTorchTable, type TTorchCase } from "../analysis/layer-table.test-kit";
import { MERGE_LAYERS } from "./merge";

// Generated with torch 2.13 (module(**params) on zeros(2, *input)); `code`: our expected refusal.
const CASES: TTorchCase[] = [
  {
    type: "Concat",
    params: {},
    input: [
      [64, 32, 32],
      [32, 32, 32],
    ],
    torch: { shape: [96, 32, 32], params: 0 },
  },
  {
    type: "Concat",
    params: { dim: -1 },
    input: [
      [3, 4, 5],
      [3, 4, 6],
    ],
    torch: { shape: [3, 4, 11], params: 0 },
  },
  {
    type: "Concat",
    params: { dim: -2 },
    input: [
      [3, 4, 5],
      [3, 6, 5],
    ],
    torch: { shape: [3, 10, 5], params: 0 },
  },
  {
    type: "Concat",
    params: { dim: 2 },
    input: [
      [3, 4, 5],
      [3, 6, 5],
      [3, 1, 5],
    ],
    torch: { shape: [3, 11, 5], params: 0 },
  },
  {
    type: "Concat",
    params: {},
    input: [
      [64, 64, 64],
      [128, 32, 32],
    ],
    code: "shape-mismatch",
    torch: {
      error:
        "RuntimeError: Sizes of tensors must match except in dimension 1. Expected size 64 but got size 32 for tensor number 1 in the list.",
    },
  },
  {
    type: "Concat",
    params: {},
    input: [
      [3, 4],
      [3, 4, 5],
    ],
    code: "shape-mismatch",
    torch: { error: "RuntimeError: Tensors must have same number of dimensions: got 3 and 4" },
  },
  {
    type: "Concat",
    params: { dim: 3 },
    input: [
      [3, 4],
      [3, 4],
    ],
    code: "invalid-param",
    torch: {
      error: "IndexError: Dimension out of range (expected to be in range of [-3, 2], but got 3)",
    },
  },
  {
    type: "Concat",
    params: { dim: -4 },
    input: [
      [3, 4],
      [3, 4],
    ],
    code: "invalid-param",
    torch: {
      error: "IndexError: Dimension out of range (expected to be in range of [-3, 2], but got -4)",
    },
  },
  {
    type: "Concat",
    params: { dim: 0 },
    input: [
      [3, 4],
      [3, 4],
    ],
    code: "invalid-param",
    torch: { shape: [3, 4], params: 0 },
  },
  { type: "Concat", params: {}, input: [[5], [7]], torch: { shape: [12], params: 0 } },
  {
    type: "Add",
    params: {},
    input: [
      [3, 4],
      [3, 4],
    ],
    torch: { shape: [3, 4], params: 0 },
  },
  {
    type: "Add",
    params: {},
    input: [
      [3, 1],
      [1, 4],
    ],
    torch: { shape: [3, 4], params: 0 },
  },
  {
    type: "Add",
    params: {},
    input: [[3, 4, 5], [5]],
    torch: {
      error:
        "RuntimeError: The size of tensor a (4) must match the size of tensor b (2) at non-singleton dimension 2",
    },
    code: "shape-mismatch",
  },
  {
    type: "Add",
    params: {},
    input: [
      [3, 4, 5],
      [4, 1],
    ],
    torch: {
      error:
        "RuntimeError: The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1",
    },
    code: "shape-mismatch",
  },
  {
    type: "Add",
    params: {},
    input: [
      [3, 4],
      [2, 4],
    ],
    code: "shape-mismatch",
    torch: {
      error:
        "RuntimeError: The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1",
    },
  },
  {
    type: "Add",
    params: {},
    input: [
      [64, 32, 32],
      [64, 64, 64],
    ],
    code: "shape-mismatch",
    torch: {
      error:
        "RuntimeError: The size of tensor a (32) must match the size of tensor b (64) at non-singleton dimension 3",
    },
  },
  {
    type: "Add",
    params: {},
    input: [
      [3, 4],
      [3, 4],
      [1, 4],
    ],
    torch: { shape: [3, 4], params: 0 },
  },
  {
    type: "Multiply",
    params: {},
    input: [
      [64, 32, 32],
      [64, 1, 1],
    ],
    torch: { shape: [64, 32, 32], params: 0 },
  },
  {
    type: "Multiply",
    params: {},
    input: [
      [64, 32, 32],
      [1, 32, 32],
    ],
    torch: { shape: [64, 32, 32], params: 0 },
  },
  {
    type: "Multiply",
    params: {},
    input: [
      [64, 32, 32],
      [32, 32, 32],
    ],
    code: "shape-mismatch",
    torch: {
      error:
        "RuntimeError: The size of tensor a (64) must match the size of tensor b (32) at non-singleton dimension 1",
    },
  },
];

describe("MERGE_LAYERS against torch", () => {
  runTorchTable(MERGE_LAYERS, CASES);
});

const def = (type: string) => MERGE_LAYERS.find((d) => d.type === type)!;

describe("merge details", () => {
  it("names both shapes and how to meet", () => {
    const r = evaluateLayer(def("Concat"), {}, [
      [64, 64, 64],
      [128, 32, 32],
    ]);
    expect(r.diagnostics[0]!.message).toMatch(/64×64×64.*128×32×32/);
    expect(r.diagnostics[0]!.hint).toMatch(
      /Upsample the deeper branch to 64×64 \(Upsample\(scale_factor=2\)/,
    );
    const a = evaluateLayer(def("Add"), {}, [
      [64, 32, 32],
      [32, 32, 32],
    ]);
    expect(a.diagnostics[0]!.hint).toMatch(/1×1 convolution/);
  });

  it("emits functional forwards", () => {
    expect(
      def("Concat").toPyTorch({ nodeId: "n", params: { dim: 1 }, inputs: [] }).forward!(
        ["a", "b"],
        "self",
      ),
    ).toBe("torch.cat([a, b], dim=1)");
    expect(
      def("Add").toPyTorch({ nodeId: "n", params: {}, inputs: [] }).forward!(
        ["a", "b", "c"],
        "self",
      ),
    ).toBe("a + b + c");
  });
});
