import { describe, expect, it } from "vitest";
import { evaluateLayer } from "../analysis/evaluate-layer";
import { runTorchTable, type TTorchCase } from "../analysis/layer-table.test-kit";
import { PADDING_LAYERS } from "./padding";

// Generated with torch 2.13 (module(**params) on zeros(2, *input)); `code`: our expected refusal.
const CASES: TTorchCase[] = [
  {
    type: "ZeroPad2d",
    params: { padding: 1 },
    input: [4, 7, 7],
    torch: { shape: [4, 9, 9], params: 0 },
  },
  {
    type: "ZeroPad2d",
    params: { padding: [1, 2, 3, 0] },
    input: [4, 7, 7],
    torch: { shape: [4, 10, 10], params: 0 },
  },
  {
    type: "ZeroPad2d",
    params: { padding: -1 },
    input: [4, 7, 7],
    torch: { shape: [4, 5, 5], params: 0 },
  },
  {
    type: "ZeroPad2d",
    params: { padding: [-3, -4, 0, 0] },
    input: [4, 7, 7],
    code: "empty-output",
    torch: { error: "empty" },
  },
  { type: "ZeroPad2d", params: { padding: 1 }, input: [5, 5], torch: { shape: [7, 7], params: 0 } },
  {
    type: "ZeroPad2d",
    params: { padding: [1, 1, 1] },
    input: [4, 7, 7],
    code: "invalid-param",
    torch: { error: "RuntimeError: Padding length must be divisible by 2" },
  },
  {
    type: "ZeroPad2d",
    params: { padding: 1 },
    input: [5],
    code: "rank-mismatch",
    torch: { shape: [7], params: 0 },
  },
  {
    type: "ZeroPad2d",
    params: { padding: [6, -6, 0, 0] },
    input: [4, 7, 7],
    torch: { shape: [4, 7, 7], params: 0 },
  },
  {
    type: "ZeroPad2d",
    params: { padding: [0, 0, 2, 2] },
    input: [1, 1, 3],
    torch: { shape: [1, 5, 3], params: 0 },
  },
  {
    type: "ReflectionPad2d",
    params: { padding: 1 },
    input: [4, 7, 7],
    torch: { shape: [4, 9, 9], params: 0 },
  },
  {
    type: "ReflectionPad2d",
    params: { padding: [1, 2, 3, 0] },
    input: [4, 7, 7],
    torch: { shape: [4, 10, 10], params: 0 },
  },
  {
    type: "ReflectionPad2d",
    params: { padding: -1 },
    input: [4, 7, 7],
    torch: { shape: [4, 5, 5], params: 0 },
  },
  {
    type: "ReflectionPad2d",
    params: { padding: [-3, -4, 0, 0] },
    input: [4, 7, 7],
    code: "empty-output",
    torch: { error: "empty" },
  },
  {
    type: "ReflectionPad2d",
    params: { padding: 1 },
    input: [5, 5],
    torch: { shape: [7, 7], params: 0 },
  },
  {
    type: "ReflectionPad2d",
    params: { padding: [1, 1, 1] },
    input: [4, 7, 7],
    code: "invalid-param",
    torch: { error: "RuntimeError: Padding length must be divisible by 2" },
  },
  {
    type: "ReflectionPad2d",
    params: { padding: 1 },
    input: [5],
    code: "rank-mismatch",
    torch: { error: "NotImplementedError: Padding size 4 is not supported for 2D input tensor." },
  },
  {
    type: "ReflectionPad2d",
    params: { padding: [6, -6, 0, 0] },
    input: [4, 7, 7],
    torch: { shape: [4, 7, 7], params: 0 },
  },
  {
    type: "ReflectionPad2d",
    params: { padding: [0, 0, 2, 2] },
    input: [1, 1, 3],
    torch: {
      error:
        "RuntimeError: Argument #6: Padding size should be less than the corresponding input dimension, but got: padding (2, 2) at dimension 2 ",
    },
    code: "invalid-param",
  },
  {
    type: "ReplicationPad2d",
    params: { padding: 1 },
    input: [4, 7, 7],
    torch: { shape: [4, 9, 9], params: 0 },
  },
  {
    type: "ReplicationPad2d",
    params: { padding: [1, 2, 3, 0] },
    input: [4, 7, 7],
    torch: { shape: [4, 10, 10], params: 0 },
  },
  {
    type: "ReplicationPad2d",
    params: { padding: -1 },
    input: [4, 7, 7],
    torch: { shape: [4, 5, 5], params: 0 },
  },
  {
    type: "ReplicationPad2d",
    params: { padding: [-3, -4, 0, 0] },
    input: [4, 7, 7],
    code: "empty-output",
    torch: { error: "empty" },
  },
  {
    type: "ReplicationPad2d",
    params: { padding: 1 },
    input: [5, 5],
    torch: { shape: [7, 7], params: 0 },
  },
  {
    type: "ReplicationPad2d",
    params: { padding: [1, 1, 1] },
    input: [4, 7, 7],
    code: "invalid-param",
    torch: { error: "RuntimeError: Padding length must be divisible by 2" },
  },
  {
    type: "ReplicationPad2d",
    params: { padding: 1 },
    input: [5],
    code: "rank-mismatch",
    torch: { error: "NotImplementedError: Padding size 4 is not supported for 2D input tensor." },
  },
  {
    type: "ReplicationPad2d",
    params: { padding: [6, -6, 0, 0] },
    input: [4, 7, 7],
    torch: { shape: [4, 7, 7], params: 0 },
  },
  {
    type: "ReplicationPad2d",
    params: { padding: [0, 0, 2, 2] },
    input: [1, 1, 3],
    torch: { shape: [1, 5, 3], params: 0 },
  },
  {
    type: "ZeroPad2d",
    params: { padding: -4 },
    input: [4, 7, 7],
    code: "empty-output",
    torch: { error: "RuntimeError: narrow(): length must be non-negative." },
  },
  {
    type: "ZeroPad2d",
    params: { padding: 1 },
    input: [1, 2, 5, 5],
    torch: { shape: [1, 2, 7, 7], params: 0 },
  },
  {
    type: "ReflectionPad2d",
    params: { padding: 1 },
    input: [1, 2, 5, 5],
    code: "rank-mismatch",
    torch: { error: "NotImplementedError: Padding size 4 is not supported for 5D input tensor." },
  },
  {
    type: "ReplicationPad2d",
    params: { padding: 1 },
    input: [1, 2, 5, 5],
    code: "rank-mismatch",
    torch: { error: "NotImplementedError: Padding size 4 is not supported for 5D input tensor." },
  },
  {
    type: "ReflectionPad2d",
    params: { padding: 7 },
    input: [4, 7, 7],
    code: "invalid-param",
    torch: {
      error:
        "RuntimeError: Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (7, 7) at dimension 3 ",
    },
  },
  {
    type: "ReflectionPad2d",
    params: { padding: 6 },
    input: [4, 7, 7],
    torch: { shape: [4, 19, 19], params: 0 },
  },
  {
    type: "ReflectionPad2d",
    params: { padding: [7, -6, 0, 0] },
    input: [4, 7, 7],
    code: "invalid-param",
    torch: {
      error:
        "RuntimeError: Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (7, -6) at dimension 3",
    },
  },
  {
    type: "ReflectionPad2d",
    params: { padding: [-8, 7, 0, 0] },
    input: [4, 7, 7],
    code: "invalid-param",
    torch: {
      error:
        "RuntimeError: Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (-8, 7) at dimension 3",
    },
  },
  {
    type: "ReflectionPad2d",
    params: { padding: [-3, -3, 0, 0] },
    input: [4, 7, 7],
    torch: { shape: [4, 7, 1], params: 0 },
  },
  {
    type: "ReplicationPad2d",
    params: { padding: 100 },
    input: [4, 7, 7],
    torch: { shape: [4, 207, 207], params: 0 },
  },
  {
    type: "ReplicationPad2d",
    params: { padding: [-4, -4, 0, 0] },
    input: [4, 7, 7],
    code: "empty-output",
    torch: {
      error: "RuntimeError: Trying to create tensor with negative dimension -1: [2, 4, 7, -1]",
    },
  },
  {
    type: "ReflectionPad2d",
    params: { padding: 0 },
    input: [1, 1, 1],
    torch: { shape: [1, 1, 1], params: 0 },
  },
  // The 1d/3d, constant and circular variants (torch 2.13, module(**params) on randn(2, *input)).
  {
    type: "CircularPad1d",
    params: { padding: 4 },
    input: [3, 4],
    torch: { shape: [3, 12], params: 0 },
  },
  {
    type: "CircularPad1d",
    params: { padding: 5 },
    input: [3, 4],
    code: "invalid-param",
    torch: { error: "RuntimeError: Padding value causes wrapping around more than once." },
  },
  {
    type: "CircularPad2d",
    params: { padding: [0, 0, -3, 4] },
    input: [3, 4, 4],
    torch: { shape: [3, 5, 4], params: 0 },
  },
  {
    type: "CircularPad2d",
    params: { padding: 1 },
    input: [4],
    code: "rank-mismatch",
    torch: { error: "ValueError: expected 3D or 4D input (got 2D input)" },
  },
  {
    type: "ConstantPad3d",
    params: { padding: 1, value: 0.5 },
    input: [4, 4, 4],
    torch: { shape: [6, 6, 6], params: 0 },
  },
  {
    type: "ConstantPad3d",
    params: { padding: [1, 1, 1, 1, 0, 0], value: 0 },
    input: [4, 4],
    torch: { shape: [6, 6], params: 0 },
  },
  {
    type: "ConstantPad3d",
    params: { padding: 1, value: 0 },
    input: [4, 4],
    code: "rank-mismatch",
    torch: { error: "the batch grows from 2 to 4" },
  },
  {
    type: "ReflectionPad1d",
    params: { padding: 4 },
    input: [3, 4],
    code: "invalid-param",
    torch: {
      error: "RuntimeError: Padding size should be less than the corresponding input dimension",
    },
  },
  {
    type: "ReflectionPad3d",
    params: { padding: [1, 1, 1, 1, 3, 3] },
    input: [3, 4, 4, 4],
    torch: { shape: [3, 10, 6, 6], params: 0 },
  },
  {
    type: "ReplicationPad1d",
    params: { padding: [-5, 2] },
    input: [3, 4],
    torch: { shape: [3, 1], params: 0 },
  },
  {
    type: "ReplicationPad3d",
    params: { padding: 1 },
    input: [4, 4],
    code: "rank-mismatch",
    torch: {
      error:
        "RuntimeError: Padding length should be less than or equal to two times the input dimension",
    },
  },
  {
    type: "ZeroPad1d",
    params: { padding: [-2, -2] },
    input: [3, 4],
    code: "empty-output",
    torch: { error: "empty output [2, 3, 0]" },
  },
  { type: "ZeroPad1d", params: { padding: 1 }, input: [3], torch: { shape: [5], params: 0 } },
];

describe("PADDING_LAYERS against torch", () => {
  runTorchTable(PADDING_LAYERS, CASES);
});

const def = (type: string) => PADDING_LAYERS.find((d) => d.type === type)!;

describe("padding details", () => {
  it("ZeroPad2d on [W] when the batch-landing pair is zero (torch runs it)", () => {
    expect(evaluateLayer(def("ZeroPad2d"), { padding: [1, 1, 0, 0] }, [[8]]).shape).toEqual([10]);
    expect(evaluateLayer(def("ZeroPad2d"), { padding: 0 }, [[8]]).shape).toEqual([8]);
    expect(
      evaluateLayer(def("ReflectionPad2d"), { padding: [1, 1, 0, 0] }, [[8]]).shape,
    ).toBeNull();
  });

  it("emits int or 4-tuple padding", () => {
    expect(
      def("ZeroPad2d").toPyTorch({ nodeId: "n", params: { padding: 1 }, inputs: [[3, 8, 8]] })
        .module,
    ).toBe("nn.ZeroPad2d(1)");
    expect(
      def("ReflectionPad2d").toPyTorch({
        nodeId: "n",
        params: { padding: [1, 0, 2, 0] },
        inputs: [[3, 8, 8]],
      }).module,
    ).toBe("nn.ReflectionPad2d((1, 0, 2, 0))");
  });

  it("emits ConstantPad's fill value as a float", () => {
    expect(
      def("ConstantPad1d").toPyTorch({
        nodeId: "n",
        params: { padding: [1, 2], value: 1 },
        inputs: [[3, 8]],
      }).module,
    ).toBe("nn.ConstantPad1d((1, 2), 1.0)");
  });

  it("explains the reflection limit", () => {
    const r = evaluateLayer(def("ReflectionPad2d"), { padding: 7 }, [[4, 7, 7]]);
    expect(r.diagnostics[0]!.message).toMatch(/smaller than the input size 7 in its dim/);
    expect(r.diagnostics[0]!.hint).toMatch(/ReplicationPad2d/);
  });
});
