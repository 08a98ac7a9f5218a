import { describe, expect, it } from "vitest";
import { evaluateLayer } from "../analysis/evaluate-layer";
import { familyKit, runTorchTable, type TTorchCase } from "../analysis/layer-table.test-kit";
import { POOLING_LAYERS } from "./pooling";

// Generated with torch 2.13 (module(**params) on zeros(2, *input)); `code`: our expected refusal.
const CASES: TTorchCase[] = [
  {
    type: "MaxPool2d",
    params: { kernel_size: 2 },
    input: [64, 128, 128],
    torch: { shape: [64, 64, 64], params: 0 },
  },
  {
    type: "MaxPool2d",
    params: { kernel_size: 2 },
    input: [4, 7, 7],
    torch: { shape: [4, 3, 3], params: 0 },
  },
  {
    type: "MaxPool2d",
    params: { kernel_size: 2, ceil_mode: true },
    input: [4, 7, 7],
    torch: { shape: [4, 4, 4], params: 0 },
  },
  {
    type: "MaxPool2d",
    params: { kernel_size: 2, stride: 3, ceil_mode: true },
    input: [1, 7, 7],
    torch: { shape: [1, 3, 3], params: 0 },
  },
  {
    type: "MaxPool2d",
    params: { kernel_size: 3, stride: 2, padding: 1, ceil_mode: true },
    input: [1, 6, 6],
    torch: { shape: [1, 4, 4], params: 0 },
  },
  {
    type: "MaxPool2d",
    params: { kernel_size: 2, stride: 2, padding: 1, ceil_mode: true },
    input: [1, 5, 5],
    torch: { shape: [1, 3, 3], params: 0 },
  },
  {
    type: "MaxPool2d",
    params: { kernel_size: 3, padding: 2 },
    input: [4, 7, 7],
    code: "invalid-param",
    torch: {
      error:
        "RuntimeError: pad should be at most half of effective kernel size, but got pad=2, kernel_size=3 and dilation=1",
    },
  },
  {
    type: "MaxPool2d",
    params: { kernel_size: 3, dilation: 3, padding: 2 },
    input: [4, 7, 7],
    code: "invalid-param",
    torch: {
      error:
        "RuntimeError: pad should be smaller than or equal to half of kernel size, but got padW = 2, padH = 2, kW = 3, kH = 3",
    },
  },
  {
    type: "MaxPool2d",
    params: { kernel_size: 3, dilation: 3, padding: 1 },
    input: [4, 7, 7],
    torch: { shape: [4, 1, 1], params: 0 },
  },
  {
    type: "MaxPool2d",
    params: { kernel_size: 9 },
    input: [4, 7, 7],
    code: "empty-output",
    torch: {
      error:
        "RuntimeError: Given input size: (4x7x7). Calculated output size: (4x0x0). Output size is too small",
    },
  },
  {
    type: "MaxPool2d",
    params: { kernel_size: 2 },
    input: [7, 7],
    torch: { shape: [3, 3], params: 0 },
  },
  {
    type: "MaxPool2d",
    params: { kernel_size: 2 },
    input: [1, 1, 7, 7],
    code: "rank-mismatch",
    torch: { error: "RuntimeError: non-empty 3D or 4D (batch mode) tensor expected for input" },
  },
  {
    type: "MaxPool2d",
    params: { kernel_size: 2 },
    input: [7],
    code: "rank-mismatch",
    torch: { error: "RuntimeError: non-empty 3D or 4D (batch mode) tensor expected for input" },
  },
  {
    type: "MaxPool2d",
    params: { kernel_size: [3, 2], stride: [1, 2], padding: [1, 0] },
    input: [3, 10, 9],
    torch: { shape: [3, 10, 4], params: 0 },
  },
  {
    type: "MaxPool2d",
    params: { kernel_size: 2, return_indices: true },
    input: [1, 4, 4],
    code: "invalid-param",
    torch: { error: "AttributeError: 'tuple' object has no attribute 'numel'" },
  },
  {
    type: "MaxPool2d",
    params: { kernel_size: 1 },
    input: [2, 4, 4],
    torch: { shape: [2, 4, 4], params: 0 },
  },
  {
    type: "MaxPool2d",
    params: { kernel_size: 2, padding: 1 },
    input: [2, 4, 4],
    torch: { shape: [2, 3, 3], params: 0 },
  },
  { type: "MaxPool1d", params: { kernel_size: 2 }, input: [7], torch: { shape: [3], params: 0 } },
  {
    type: "MaxPool1d",
    params: { kernel_size: 3, stride: 2 },
    input: [4, 20],
    torch: { shape: [4, 9], params: 0 },
  },
  {
    type: "MaxPool1d",
    params: { kernel_size: 3, dilation: 2, padding: 2 },
    input: [1, 9],
    code: "invalid-param",
    torch: {
      error:
        "RuntimeError: max_pool1d() padding should be at most half of kernel size, but got padding=2 and kernel_size=3",
    },
  },
  {
    type: "MaxPool1d",
    params: { kernel_size: 2, ceil_mode: true },
    input: [1, 5],
    torch: { shape: [1, 3], params: 0 },
  },
  {
    type: "MaxPool1d",
    params: { kernel_size: 2 },
    input: [1, 2, 4],
    code: "rank-mismatch",
    torch: {
      error:
        "RuntimeError: max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:[2, 1, 2, 4]",
    },
  },
  {
    type: "MaxPool3d",
    params: { kernel_size: 2 },
    input: [4, 4, 4],
    torch: { shape: [2, 2, 2], params: 0 },
  },
  {
    type: "MaxPool3d",
    params: { kernel_size: 2, stride: [1, 2, 2] },
    input: [2, 4, 8, 8],
    torch: { shape: [2, 3, 4, 4], params: 0 },
  },
  {
    type: "MaxPool3d",
    params: { kernel_size: 2 },
    input: [4, 4],
    code: "rank-mismatch",
    torch: { error: "RuntimeError: non-empty 4D or 5D (batch mode) tensor expected for input" },
  },
  {
    type: "AvgPool2d",
    params: { kernel_size: 2 },
    input: [3, 8, 8],
    torch: { shape: [3, 4, 4], params: 0 },
  },
  {
    type: "AvgPool2d",
    params: { kernel_size: 3, padding: 2 },
    input: [4, 7, 7],
    code: "invalid-param",
    torch: {
      error:
        "RuntimeError: pad should be at most half of effective kernel size, but got pad=2, kernel_size=3 and dilation=1",
    },
  },
  {
    type: "AvgPool2d",
    params: { kernel_size: 9 },
    input: [4, 7, 7],
    code: "empty-output",
    torch: {
      error:
        "RuntimeError: Given input size: (4x7x7). Calculated output size: (4x0x0). Output size is too small",
    },
  },
  {
    type: "AvgPool2d",
    params: { kernel_size: 2, stride: 5, ceil_mode: true },
    input: [1, 7, 7],
    torch: { shape: [1, 2, 2], params: 0 },
  },
  {
    type: "AvgPool2d",
    params: { kernel_size: 3, stride: 2, padding: 1, ceil_mode: true, count_include_pad: false },
    input: [1, 6, 6],
    torch: { shape: [1, 4, 4], params: 0 },
  },
  {
    type: "AvgPool2d",
    params: { kernel_size: 2, divisor_override: -1 },
    input: [1, 4, 4],
    torch: { shape: [1, 2, 2], params: 0 },
  },
  {
    type: "AvgPool2d",
    params: { kernel_size: 2, divisor_override: 0 },
    input: [1, 4, 4],
    code: "invalid-param",
    torch: { error: "RuntimeError: divisor must be not zero" },
  },
  {
    type: "AvgPool2d",
    params: { kernel_size: 2 },
    input: [4],
    code: "rank-mismatch",
    torch: {
      error: "IndexError: Dimension out of range (expected to be in range of [-2, 1], but got -3)",
    },
  },
  { type: "AvgPool1d", params: { kernel_size: 2 }, input: [4], torch: { shape: [2], params: 0 } },
  {
    type: "AvgPool1d",
    params: { kernel_size: 3, padding: 2 },
    input: [1, 4],
    code: "invalid-param",
    torch: {
      error:
        "RuntimeError: pad should be at most half of effective kernel size, but got pad=2, kernel_size=3 and dilation=1",
    },
  },
  {
    type: "AvgPool1d",
    params: { kernel_size: 2 },
    input: [1, 2, 4],
    code: "rank-mismatch",
    torch: {
      error:
        "RuntimeError: Expected 2 to 3 dimensions, but got 4-dimensional tensor for argument #1 'self' (while checking arguments for avg_pool1d",
    },
  },
  {
    type: "AvgPool3d",
    params: { kernel_size: 2 },
    input: [4, 4, 4],
    torch: { shape: [2, 2, 2], params: 0 },
  },
  {
    type: "AvgPool3d",
    params: { kernel_size: [1, 2, 2], ceil_mode: true },
    input: [2, 3, 5, 5],
    torch: { shape: [2, 3, 3, 3], params: 0 },
  },
  {
    type: "AvgPool3d",
    params: { kernel_size: 2 },
    input: [1, 2, 4, 4, 4],
    code: "rank-mismatch",
    torch: { error: "RuntimeError: non-empty 4D or 5D (batch mode) tensor expected for input" },
  },
  {
    type: "AdaptiveAvgPool2d",
    params: { output_size: [null, 3] },
    input: [4, 7, 7],
    torch: { shape: [4, 7, 3], params: 0 },
  },
  {
    type: "AdaptiveAvgPool2d",
    params: { output_size: 10 },
    input: [4, 7, 7],
    torch: { shape: [4, 10, 10], params: 0 },
  },
  {
    type: "AdaptiveAvgPool2d",
    params: { output_size: 1 },
    input: [512, 7, 7],
    torch: { shape: [512, 1, 1], params: 0 },
  },
  {
    type: "AdaptiveAvgPool2d",
    params: { output_size: 0 },
    input: [4, 7, 7],
    code: "invalid-param",
    torch: { error: "empty" },
  },
  {
    type: "AdaptiveAvgPool2d",
    params: { output_size: 3 },
    input: [7, 7],
    torch: { shape: [3, 3], params: 0 },
  },
  {
    type: "AdaptiveAvgPool2d",
    params: { output_size: 3 },
    input: [1, 4, 7, 7],
    code: "rank-mismatch",
    torch: {
      error:
        "RuntimeError: adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got [2, 1, 4, 7, 7]",
    },
  },
  {
    type: "AdaptiveAvgPool2d",
    params: { output_size: [2, 2, 2] },
    input: [4, 7, 7],
    code: "invalid-param",
    torch: { error: "RuntimeError: adaptive_avg_pool2d: output_size must be 2" },
  },
  {
    type: "AdaptiveAvgPool1d",
    params: { output_size: 2 },
    input: [5],
    torch: { shape: [2], params: 0 },
  },
  {
    type: "AdaptiveAvgPool1d",
    params: { output_size: -2 },
    input: [1, 5],
    code: "invalid-param",
    torch: {
      error:
        "RuntimeError: adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {1, -2}",
    },
  },
  {
    type: "AdaptiveMaxPool3d",
    params: { output_size: [null, 2, null] },
    input: [1, 3, 4, 5],
    torch: { shape: [1, 3, 2, 5], params: 0 },
  },
  {
    type: "AdaptiveMaxPool2d",
    params: { output_size: 2, return_indices: true },
    input: [1, 3, 4],
    code: "invalid-param",
    torch: { error: "AttributeError: 'tuple' object has no attribute 'numel'" },
  },
  {
    type: "AdaptiveMaxPool1d",
    params: { output_size: 4 },
    input: [3, 10],
    torch: { shape: [3, 4], params: 0 },
  },
];

describe("pooling family against torch", () => {
  runTorchTable(POOLING_LAYERS, CASES);
});

const { def, emit } = familyKit(POOLING_LAYERS);

describe("pooling details", () => {
  it("torch rules found by the differential test", () => {
    // avg_pool3d refuses an input smaller than the kernel even with padding or ceil_mode.
    expect(
      evaluateLayer(def("AvgPool3d"), { kernel_size: 5, padding: 2 }, [[3, 4, 4, 4]])
        .diagnostics[0]!.code,
    ).toBe("empty-output");
    expect(
      evaluateLayer(def("AvgPool3d"), { kernel_size: 3, padding: 1 }, [[1, 3, 3, 3]]).shape,
    ).toEqual([1, 1, 1, 1]);
    expect(
      evaluateLayer(def("MaxPool3d"), { kernel_size: 3, padding: 1 }, [[1, 2, 2, 2]]).shape,
    ).toEqual([1, 1, 1, 1]);
    // AvgPool1d has no divisor_override in torch: a sibling's param is refused, not ignored.
    expect(def("AvgPool1d").params.map((p) => p.name)).not.toContain("divisor_override");
    const stale = evaluateLayer(def("AvgPool1d"), { kernel_size: 2, divisor_override: 2 }, [
      [3, 8],
    ]);
    expect(stale.shape).toBeNull();
    expect(stale.diagnostics[0]).toMatchObject({ severity: "error", code: "invalid-param" });
    expect(stale.diagnostics[0]!.message).toMatch(/AvgPool2d, AvgPool3d take it/);
    // A name no pooling layer knows stays a warning.
    const typo = evaluateLayer(def("AvgPool1d"), { kernel_size: 2, strid: 2 }, [[3, 8]]);
    expect(typo.shape).toEqual([3, 4]);
    expect(typo.diagnostics[0]).toMatchObject({ severity: "warning" });
    // Global average pooling is a mean over the last dims: any leading rank works.
    expect(
      evaluateLayer(def("AdaptiveAvgPool2d"), { output_size: 1 }, [[2, 7, 8, 7]]).shape,
    ).toEqual([2, 7, 1, 1]);
    expect(
      evaluateLayer(def("AdaptiveAvgPool2d"), { output_size: 2 }, [[2, 7, 8, 7]]).shape,
    ).toBeNull();
    expect(
      evaluateLayer(def("AdaptiveMaxPool2d"), { output_size: 1 }, [[2, 7, 8, 7]]).shape,
    ).toBeNull();
  });

  it("warns when pooling an odd size drops a row", () => {
    const r = evaluateLayer(def("MaxPool2d"), { kernel_size: 2 }, [[64, 7, 8]]);
    expect(r.shape).toEqual([64, 3, 4]);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: "odd-pool-drop", severity: "warning" });
    expect(r.diagnostics[0]!.message).toMatch(/drops the last row of H = 7 \(7 → 3\)$/);
    expect(
      evaluateLayer(def("MaxPool2d"), { kernel_size: 2, ceil_mode: true }, [[64, 7, 8]])
        .diagnostics,
    ).toEqual([]);
    expect(
      evaluateLayer(def("MaxPool2d"), { kernel_size: 3, stride: 2, padding: 1 }, [[64, 8, 8]])
        .diagnostics,
    ).toEqual([]);
  });

  it("emits torch-style modules", () => {
    expect(emit("MaxPool2d", { kernel_size: 2 }, [3, 8, 8])).toBe("nn.MaxPool2d(kernel_size=2)");
    expect(
      emit("AvgPool2d", { kernel_size: [2, 1], stride: null, count_include_pad: false }, [3, 8, 8]),
    ).toBe("nn.AvgPool2d(kernel_size=(2, 1), count_include_pad=False)");
    expect(emit("AdaptiveAvgPool2d", { output_size: [null, 3] }, [3, 8, 8])).toBe(
      "nn.AdaptiveAvgPool2d((None, 3))",
    );
    expect(emit("AdaptiveAvgPool1d", { output_size: [3] }, [3, 8])).toBe(
      "nn.AdaptiveAvgPool1d((3,))",
    );
  });

  it("has no parameters and counts window MACs", () => {
    const r = evaluateLayer(def("MaxPool2d"), { kernel_size: 2 }, [[4, 8, 8]]);
    expect(r.params).toBe(0);
    expect(r.macs).toBe(4 * 4 * 4 * 4);
  });
});
