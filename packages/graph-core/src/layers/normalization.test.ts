import { describe, expect, it } from "vitest";
import { evaluateLayer } from "../analysis/evaluate-layer";
import { runTorchTable, type TTorchCase } from "../analysis/layer-table.test-kit";
import { NORMALIZATION_LAYERS } from "./normalization";

// Generated with torch 2.13 (module(**params) on zeros(2, *input)); `code`: our expected refusal.
const CASES: TTorchCase[] = [
  {
    type: "BatchNorm2d",
    params: {},
    input: [64, 32, 32],
    torch: { shape: [64, 32, 32], params: 128 },
  },
  {
    type: "BatchNorm2d",
    params: { affine: false },
    input: [5, 3, 3],
    torch: { shape: [5, 3, 3], params: 0 },
  },
  {
    type: "BatchNorm2d",
    params: { bias: false },
    input: [5, 3, 3],
    torch: { shape: [5, 3, 3], params: 5 },
  },
  {
    type: "BatchNorm2d",
    params: { affine: false, bias: false },
    input: [5, 3, 3],
    torch: { shape: [5, 3, 3], params: 0 },
  },
  {
    type: "BatchNorm2d",
    params: { eps: 0.001, momentum: null },
    input: [4, 7, 7],
    torch: { shape: [4, 7, 7], params: 8 },
  },
  {
    type: "BatchNorm2d",
    params: { eps: 0 },
    input: [4, 7, 7],
    code: "invalid-param",
    torch: { error: "ValueError: batch_norm eps must be positive during training, but got 0" },
  },
  {
    type: "BatchNorm2d",
    params: { eps: -1 },
    input: [4, 7, 7],
    code: "invalid-param",
    torch: { error: "ValueError: batch_norm eps must be positive during training, but got -1" },
  },
  {
    type: "BatchNorm2d",
    params: {},
    input: [4, 7],
    code: "rank-mismatch",
    torch: { error: "ValueError: expected 4D input (got 3D input)" },
  },
  {
    type: "BatchNorm2d",
    params: {},
    input: [4, 7, 7, 7],
    code: "rank-mismatch",
    torch: { error: "ValueError: expected 4D input (got 5D input)" },
  },
  { type: "BatchNorm1d", params: {}, input: [4], torch: { shape: [4], params: 8 } },
  { type: "BatchNorm1d", params: {}, input: [4, 5], torch: { shape: [4, 5], params: 8 } },
  {
    type: "BatchNorm1d",
    params: {},
    input: [4, 7, 7],
    code: "rank-mismatch",
    torch: { error: "ValueError: expected 2D or 3D input (got 4D input)" },
  },
  {
    type: "BatchNorm3d",
    params: {},
    input: [4, 2, 3, 3],
    torch: { shape: [4, 2, 3, 3], params: 8 },
  },
  {
    type: "BatchNorm3d",
    params: { track_running_stats: false },
    input: [4, 2, 3, 3],
    torch: { shape: [4, 2, 3, 3], params: 8 },
  },
  { type: "InstanceNorm2d", params: {}, input: [4, 7, 7], torch: { shape: [4, 7, 7], params: 0 } },
  {
    type: "InstanceNorm2d",
    params: { affine: true },
    input: [5, 7, 7],
    torch: { shape: [5, 7, 7], params: 10 },
  },
  {
    type: "InstanceNorm2d",
    params: { affine: true, bias: false },
    input: [5, 7, 7],
    torch: { shape: [5, 7, 7], params: 5 },
  },
  {
    type: "InstanceNorm2d",
    params: {},
    input: [4, 1, 1],
    code: "shape-mismatch",
    torch: {
      error:
        "ValueError: Expected more than 1 spatial element when training, got input size torch.Size([2, 4, 1, 1])",
    },
  },
  {
    type: "InstanceNorm2d",
    params: {},
    input: [2, 4, 1, 7, 7],
    code: "rank-mismatch",
    torch: { error: "ValueError: expected 3D or 4D input (got 6D input)" },
  },
  { type: "InstanceNorm2d", params: {}, input: [4, 7], torch: { shape: [4, 7], params: 0 } },
  { type: "InstanceNorm1d", params: {}, input: [4, 7], torch: { shape: [4, 7], params: 0 } },
  {
    type: "InstanceNorm3d",
    params: { affine: true },
    input: [4, 2, 3, 3],
    torch: { shape: [4, 2, 3, 3], params: 8 },
  },
  {
    type: "GroupNorm",
    params: { num_groups: 3 },
    input: [6, 5],
    torch: { shape: [6, 5], params: 12 },
  },
  {
    type: "GroupNorm",
    params: { num_groups: 32 },
    input: [64, 8, 8],
    torch: { shape: [64, 8, 8], params: 128 },
  },
  {
    type: "GroupNorm",
    params: { num_groups: 4 },
    input: [6, 5],
    code: "invalid-param",
    torch: { error: "ValueError: num_channels (6) must be divisible by num_groups (4)" },
  },
  { type: "GroupNorm", params: { num_groups: 3 }, input: [6], torch: { shape: [6], params: 12 } },
  {
    type: "GroupNorm",
    params: { num_groups: 0 },
    input: [6, 5],
    code: "invalid-param",
    torch: { error: "ZeroDivisionError: integer modulo by zero" },
  },
  {
    type: "GroupNorm",
    params: { num_groups: 1, bias: false },
    input: [5, 4, 4],
    torch: { shape: [5, 4, 4], params: 5 },
  },
  {
    type: "GroupNorm",
    params: { num_groups: 2, affine: false },
    input: [4, 4, 4],
    torch: { shape: [4, 4, 4], params: 0 },
  },
  {
    type: "LayerNorm",
    params: { normalized_shape: [7, 7] },
    input: [4, 7, 7],
    torch: { shape: [4, 7, 7], params: 98 },
  },
  {
    type: "LayerNorm",
    params: { normalized_shape: [4, 7] },
    input: [4, 7, 7],
    code: "shape-mismatch",
    torch: {
      error:
        "RuntimeError: Given normalized_shape=[4, 7], expected input with shape [*, 4, 7], but got input of size[2, 4, 7, 7]",
    },
  },
  {
    type: "LayerNorm",
    params: { normalized_shape: 7, bias: false },
    input: [4, 7, 7],
    torch: { shape: [4, 7, 7], params: 7 },
  },
  {
    type: "LayerNorm",
    params: { normalized_shape: [7, 7], elementwise_affine: false },
    input: [4, 7, 7],
    torch: { shape: [4, 7, 7], params: 0 },
  },
  {
    type: "LayerNorm",
    params: { normalized_shape: [4, 7, 7] },
    input: [4, 7, 7],
    torch: { shape: [4, 7, 7], params: 392 },
  },
  {
    type: "LayerNorm",
    params: { normalized_shape: [2, 4, 7, 7] },
    input: [4, 7, 7],
    code: "shape-mismatch",
    torch: { shape: [4, 7, 7], params: 784 },
  },
  {
    type: "LayerNorm",
    params: { normalized_shape: [] },
    input: [4, 7, 7],
    code: "invalid-param",
    torch: {
      error:
        "RuntimeError: Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element, but got normalized_shape ",
    },
  },
  {
    type: "LayerNorm",
    params: { normalized_shape: 512, eps: 1e-6 },
    input: [10, 512],
    torch: { shape: [10, 512], params: 1024 },
  },
];

describe("NORMALIZATION_LAYERS against torch", () => {
  runTorchTable(NORMALIZATION_LAYERS, CASES);
});

const def = (type: string) => NORMALIZATION_LAYERS.find((d) => d.type === type)!;

function emit(
  type: string,
  params: Record<string, never> | Record<string, unknown>,
  input: number[],
): string | null {
  const r = evaluateLayer(def(type), params as never, [input]);
  return def(type).toPyTorch({ nodeId: "n", params: r.resolved, inputs: [input] }).module;
}

describe("normalization details (torch rules found by the differential test)", () => {
  it("accepts eps ≤ 0 except on BatchNorm", () => {
    expect(
      evaluateLayer(def("LayerNorm"), { normalized_shape: 4, eps: 0 }, [[3, 4]]).shape,
    ).toEqual([3, 4]);
    expect(evaluateLayer(def("GroupNorm"), { num_groups: 1, eps: -1 }, [[3, 4]]).shape).toEqual([
      3, 4,
    ]);
    expect(evaluateLayer(def("BatchNorm1d"), { eps: 0 }, [[3, 4]]).shape).toBeNull();
  });

  it("InstanceNorm without a channel dim only when nothing is sized by num_features", () => {
    expect(evaluateLayer(def("InstanceNorm1d"), {}, [[30]]).shape).toEqual([30]);
    expect(
      evaluateLayer(def("InstanceNorm1d"), { affine: true }, [[30]]).diagnostics[0]!.code,
    ).toBe("rank-mismatch");
    expect(
      evaluateLayer(def("InstanceNorm1d"), { track_running_stats: true }, [[30]]).shape,
    ).toBeNull();
    expect(evaluateLayer(def("InstanceNorm1d"), {}, [[1]]).shape).toBeNull();
  });
});

describe("normalization details", () => {
  it("emits inferred feature counts and non-default args", () => {
    expect(emit("BatchNorm2d", {}, [64, 8, 8])).toBe("nn.BatchNorm2d(64)");
    expect(emit("BatchNorm2d", { eps: 1e-3, momentum: null }, [64, 8, 8])).toBe(
      "nn.BatchNorm2d(64, eps=0.001, momentum=None)",
    );
    expect(emit("GroupNorm", { num_groups: 8 }, [64, 8, 8])).toBe("nn.GroupNorm(8, 64)");
    expect(emit("LayerNorm", { normalized_shape: [512], eps: 1e-6 }, [10, 512])).toBe(
      "nn.LayerNorm(512, eps=1e-06)",
    );
    expect(emit("LayerNorm", { normalized_shape: [8, 8] }, [3, 8, 8])).toBe("nn.LayerNorm([8, 8])");
  });

  it("suggests valid group counts", () => {
    const r = evaluateLayer(def("GroupNorm"), { num_groups: 32 }, [[48, 8, 8]]);
    expect(r.diagnostics[0]!.hint).toMatch(/24, 16, 12/);
  });

  it("refuses a num_features that contradicts the input, warns for InstanceNorm without affine", () => {
    expect(evaluateLayer(def("BatchNorm2d"), { num_features: 5 }, [[4, 7, 7]]).shape).toBeNull();
    const r = evaluateLayer(def("InstanceNorm2d"), { num_features: 5 }, [[4, 7, 7]]);
    expect(r.shape).toEqual([4, 7, 7]);
    expect(r.diagnostics[0]).toMatchObject({ severity: "warning", code: "invalid-param" });
    expect(
      evaluateLayer(def("InstanceNorm2d"), { num_features: 5, affine: true }, [[4, 7, 7]]).shape,
    ).toBeNull();
  });
});
