import { describe, expect, it } from "vitest";
import { familyKit, runTorchTable, type TTorchCase } from "../analysis/layer-table.test-kit";
import { LP_FRACTIONAL_POOLING_LAYERS } from "./pooling-lp";

// Generated with torch 2.13 (module(**params) on randn(2, *input)); `code`: our expected refusal.
const CASES: TTorchCase[] = [
  {
    type: "LPPool1d",
    params: { norm_type: 2, kernel_size: 3 },
    input: [3, 8],
    torch: { shape: [3, 2], params: 0 },
  },
  {
    type: "LPPool1d",
    params: { norm_type: 1, kernel_size: 2, stride: 1, ceil_mode: true },
    input: [9],
    torch: { shape: [8], params: 0 },
  },
  {
    type: "LPPool2d",
    params: { norm_type: 2, kernel_size: [2, 3] },
    input: [4, 8, 9],
    torch: { shape: [4, 4, 3], params: 0 },
  },
  {
    type: "LPPool2d",
    params: { norm_type: 2, kernel_size: 2 },
    input: [8],
    code: "rank-mismatch",
    torch: {
      error: "IndexError: Dimension out of range (expected to be in range of [-2, 1], but got -3)",
    },
  },
  {
    type: "LPPool2d",
    params: { norm_type: 3, kernel_size: 9 },
    input: [2, 8, 8],
    code: "empty-output",
    torch: {
      error:
        "RuntimeError: Given input size: (2x8x8). Calculated output size: (2x0x0). Output size is too small",
    },
  },
  {
    type: "LPPool3d",
    params: { norm_type: 2, kernel_size: 2, ceil_mode: true },
    input: [3, 5, 5, 5],
    torch: { shape: [3, 3, 3, 3], params: 0 },
  },
  {
    type: "LPPool3d",
    params: { norm_type: 2, kernel_size: 3 },
    input: [2, 2, 8, 8],
    code: "empty-output",
    torch: {
      error:
        "RuntimeError: input image (T: 2 H: 8 W: 8) smaller than kernel size (kT: 3 kH: 3 kW: 3)",
    },
  },
  {
    type: "FractionalMaxPool2d",
    params: { kernel_size: 2, output_size: 3 },
    input: [3, 8, 8],
    torch: { shape: [3, 3, 3], params: 0 },
  },
  {
    type: "FractionalMaxPool2d",
    params: { kernel_size: 3, output_ratio: [0.5, 0.7] },
    input: [3, 9, 9],
    torch: { shape: [3, 4, 6], params: 0 },
  },
  {
    type: "FractionalMaxPool2d",
    params: { kernel_size: 3, output_size: 7 },
    input: [9, 9],
    torch: { shape: [7, 7], params: 0 },
  },
  {
    type: "FractionalMaxPool2d",
    params: { kernel_size: 3, output_size: 8 },
    input: [3, 9, 9],
    code: "invalid-param",
    torch: {
      error:
        "RuntimeError: fractional_max_pool2d(): pool height 3 too large relative to input height 9",
    },
  },
  {
    type: "FractionalMaxPool2d",
    params: { kernel_size: 2 },
    input: [3, 9, 9],
    code: "invalid-param",
    torch: {
      error:
        "ValueError: FractionalMaxPool2d requires specifying either an output size, or a pooling ratio",
    },
  },
  {
    type: "FractionalMaxPool2d",
    params: { kernel_size: 2, output_size: 2, output_ratio: 0.5 },
    input: [3, 9, 9],
    code: "invalid-param",
    torch: { error: "ValueError: only one of output_size and output_ratio may be specified" },
  },
  {
    type: "FractionalMaxPool2d",
    params: { kernel_size: 2, output_ratio: 1.5 },
    input: [3, 9, 9],
    code: "invalid-param",
    torch: { error: "ValueError: output_ratio must be between 0 and 1 (got 1.5)" },
  },
  {
    type: "FractionalMaxPool2d",
    params: { kernel_size: 2, output_size: 2 },
    input: [9],
    code: "rank-mismatch",
    torch: {
      error: "IndexError: Dimension out of range (expected to be in range of [-2, 1], but got -3)",
    },
  },
  {
    type: "FractionalMaxPool3d",
    params: { kernel_size: 2, output_size: 3 },
    input: [3, 8, 8, 8],
    torch: { shape: [3, 3, 3, 3], params: 0 },
  },
  {
    type: "FractionalMaxPool3d",
    params: { kernel_size: 3, output_size: 1 },
    input: [2, 3, 3, 3],
    code: "invalid-param",
    torch: {
      error:
        "RuntimeError: fractional_max_pool3d_out(): pool time 3 too large relative to input time 3",
    },
  },
  {
    type: "FractionalMaxPool3d",
    params: { kernel_size: 2, output_ratio: 0.5 },
    input: [6, 6, 6],
    torch: { shape: [3, 3, 3], params: 0 },
  },
];

describe("LP_FRACTIONAL_POOLING_LAYERS against torch", () => {
  runTorchTable(LP_FRACTIONAL_POOLING_LAYERS, CASES);
});

describe("LPPool and FractionalMaxPool details", () => {
  const { emit } = familyKit(LP_FRACTIONAL_POOLING_LAYERS);

  it("emits every argument torch needs, by name", () => {
    expect(emit("LPPool2d", { norm_type: 2, kernel_size: [2, 3] }, [4, 8, 9])).toBe(
      "nn.LPPool2d(norm_type=2.0, kernel_size=(2, 3))",
    );
    expect(emit("FractionalMaxPool2d", { kernel_size: 3, output_ratio: 0.5 }, [3, 9, 9])).toBe(
      "nn.FractionalMaxPool2d(kernel_size=3, output_ratio=0.5)",
    );
  });

  it("says which of output_size and output_ratio to give", () => {
    const { def } = familyKit(LP_FRACTIONAL_POOLING_LAYERS);
    const r = def("FractionalMaxPool3d").inferShape({
      nodeId: "n",
      params: { kernel_size: 2, output_size: null, output_ratio: null, return_indices: false },
      inputs: [[3, 8, 8, 8]],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]!.message).toMatch(/needs output_size or output_ratio/);
  });
});
