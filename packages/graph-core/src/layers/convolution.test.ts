import { describe, expect, it } from "vitest";
import { evaluateLayer } from "../analysis/evaluate-layer";
import { familyKit, runTorchTable, type TTorchCase } from "../analysis/layer-table.test-kit";
import { CONVOLUTION_LAYERS } from "./convolution";

// Generated with torch 2.13 (module(**params) on zeros(2, *input)); `code`: our expected refusal.
const CASES: TTorchCase[] = [
  {
    type: "Conv2d",
    params: { out_channels: 64, kernel_size: 3, padding: 1 },
    input: [3, 32, 32],
    torch: { shape: [64, 32, 32], params: 1792 },
  },
  {
    type: "Conv2d",
    params: { out_channels: 64, kernel_size: 3 },
    input: [3, 32, 32],
    torch: { shape: [64, 30, 30], params: 1792 },
  },
  {
    type: "Conv2d",
    params: { out_channels: 8, kernel_size: [3, 1], stride: [2, 1], padding: [1, 0] },
    input: [4, 9, 9],
    torch: { shape: [8, 5, 9], params: 104 },
  },
  {
    type: "Conv2d",
    params: { out_channels: 8, kernel_size: 3, stride: 2, padding: "same" },
    input: [4, 9, 9],
    code: "invalid-param",
    torch: { error: "ValueError: padding='same' is not supported for strided convolutions" },
  },
  {
    type: "Conv2d",
    params: { out_channels: 8, kernel_size: 4, dilation: 2, padding: "same" },
    input: [4, 7, 7],
    torch: { shape: [8, 7, 7], params: 520 },
  },
  {
    type: "Conv2d",
    params: { out_channels: 8, kernel_size: 4, padding: "same", padding_mode: "reflect" },
    input: [4, 7, 7],
    torch: { shape: [8, 7, 7], params: 520 },
  },
  {
    type: "Conv2d",
    params: { out_channels: 8, kernel_size: 3, padding: "valid" },
    input: [4, 7, 7],
    torch: { shape: [8, 5, 5], params: 296 },
  },
  {
    type: "Conv2d",
    params: { out_channels: 8, kernel_size: 3, padding: 7, padding_mode: "reflect" },
    input: [4, 7, 7],
    code: "invalid-param",
    torch: {
      error:
        "RuntimeError: Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (7, 7) at dimension 3 ",
    },
  },
  {
    type: "Conv2d",
    params: { out_channels: 8, kernel_size: 3, padding: 6, padding_mode: "reflect" },
    input: [4, 7, 7],
    torch: { shape: [8, 17, 17], params: 296 },
  },
  {
    type: "Conv2d",
    params: { out_channels: 8, kernel_size: 3, padding: 7, padding_mode: "circular" },
    input: [4, 7, 7],
    torch: { shape: [8, 19, 19], params: 296 },
  },
  {
    type: "Conv2d",
    params: { out_channels: 8, kernel_size: 3, padding: 8, padding_mode: "circular" },
    input: [4, 7, 7],
    code: "invalid-param",
    torch: { error: "RuntimeError: Padding value causes wrapping around more than once." },
  },
  {
    type: "Conv2d",
    params: { out_channels: 8, kernel_size: 3, padding: 20, padding_mode: "replicate" },
    input: [4, 7, 7],
    torch: { shape: [8, 45, 45], params: 296 },
  },
  {
    type: "Conv2d",
    params: { out_channels: 8, kernel_size: 9 },
    input: [4, 7, 7],
    code: "empty-output",
    torch: {
      error:
        "RuntimeError: Calculated padded input size per channel: (7 x 7). Kernel size: (9 x 9). Kernel size can't be greater than actual input ",
    },
  },
  {
    type: "Conv2d",
    params: { out_channels: 8, kernel_size: 3, dilation: 4 },
    input: [4, 7, 7],
    code: "empty-output",
    torch: {
      error:
        "RuntimeError: Calculated padded input size per channel: (7 x 7). Kernel size: (9 x 9). Kernel size can't be greater than actual input ",
    },
  },
  {
    type: "Conv2d",
    params: { out_channels: 8, kernel_size: 3, dilation: 3 },
    input: [4, 7, 7],
    torch: { shape: [8, 1, 1], params: 296 },
  },
  {
    type: "Conv2d",
    params: { out_channels: 8, kernel_size: 7 },
    input: [4, 7, 7],
    torch: { shape: [8, 1, 1], params: 1576 },
  },
  {
    type: "Conv2d",
    params: { out_channels: 6, kernel_size: 3, groups: 4 },
    input: [4, 7, 7],
    code: "invalid-param",
    torch: { error: "ValueError: out_channels must be divisible by groups" },
  },
  {
    type: "Conv2d",
    params: { out_channels: 8, kernel_size: 3, groups: 3 },
    input: [4, 7, 7],
    code: "invalid-param",
    torch: { error: "ValueError: in_channels must be divisible by groups" },
  },
  {
    type: "Conv2d",
    params: { out_channels: 8, kernel_size: 3, groups: 4, bias: false },
    input: [4, 7, 7],
    torch: { shape: [8, 5, 5], params: 72 },
  },
  {
    type: "Conv2d",
    params: { out_channels: 32, kernel_size: 3, groups: 32, padding: 1 },
    input: [32, 16, 16],
    torch: { shape: [32, 16, 16], params: 320 },
  },
  {
    type: "Conv2d",
    params: { out_channels: 8, kernel_size: 3 },
    input: [4, 7],
    code: "rank-mismatch",
    torch: {
      error:
        "RuntimeError: Given groups=1, weight of size [8, 4, 3, 3], expected input[1, 2, 4, 7] to have 4 channels, but got 2 channels instead",
    },
  },
  {
    type: "Conv2d",
    params: { out_channels: 8, kernel_size: 3 },
    input: [4, 7, 7, 7],
    code: "rank-mismatch",
    torch: {
      error:
        "RuntimeError: Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [2, 4, 7, 7, 7]",
    },
  },
  {
    type: "Conv2d",
    params: {
      out_channels: 8,
      kernel_size: [2, 3],
      stride: [3, 2],
      padding: [2, 1],
      dilation: [2, 1],
    },
    input: [5, 10, 11],
    torch: { shape: [8, 4, 6], params: 248 },
  },
  {
    type: "Conv1d",
    params: { out_channels: 8, kernel_size: 5, stride: 2 },
    input: [4, 100],
    torch: { shape: [8, 48], params: 168 },
  },
  {
    type: "Conv1d",
    params: { out_channels: 8, kernel_size: 4, padding: "same" },
    input: [4, 10],
    torch: { shape: [8, 10], params: 136 },
  },
  {
    type: "Conv1d",
    params: { out_channels: 8, kernel_size: 3, padding: 2, padding_mode: "circular" },
    input: [4, 2],
    torch: { shape: [8, 4], params: 104 },
  },
  {
    type: "Conv1d",
    params: { out_channels: 8, kernel_size: 3, padding: 2, padding_mode: "circular" },
    input: [4, 1],
    code: "invalid-param",
    torch: { error: "RuntimeError: Padding value causes wrapping around more than once." },
  },
  {
    type: "Conv3d",
    params: { out_channels: 4, kernel_size: 3, padding: 1 },
    input: [2, 8, 8, 8],
    torch: { shape: [4, 8, 8, 8], params: 220 },
  },
  {
    type: "Conv3d",
    params: { out_channels: 4, kernel_size: [1, 3, 3], stride: [1, 2, 2] },
    input: [2, 4, 9, 9],
    torch: { shape: [4, 4, 4, 4], params: 76 },
  },
  {
    type: "Conv3d",
    params: { out_channels: 4, kernel_size: 3, padding: 1, padding_mode: "reflect" },
    input: [2, 4, 4, 4],
    torch: { shape: [4, 4, 4, 4], params: 220 },
  },
  {
    type: "ConvTranspose2d",
    params: { out_channels: 32, kernel_size: 2, stride: 2 },
    input: [64, 16, 16],
    torch: { shape: [32, 32, 32], params: 8224 },
  },
  {
    type: "ConvTranspose2d",
    params: { out_channels: 8, kernel_size: 3, stride: 2, padding: 1, output_padding: 1 },
    input: [4, 7, 7],
    torch: { shape: [8, 14, 14], params: 296 },
  },
  {
    type: "ConvTranspose2d",
    params: { out_channels: 8, kernel_size: 3, stride: 2, output_padding: 2 },
    input: [4, 7, 7],
    code: "invalid-param",
    torch: {
      error:
        "RuntimeError: output padding must be smaller than either stride or dilation, but got output_padding_height: 2 output_padding_width: 2 ",
    },
  },
  {
    type: "ConvTranspose2d",
    params: { out_channels: 8, kernel_size: 3, dilation: 3, output_padding: 2 },
    input: [4, 7, 7],
    torch: { shape: [8, 15, 15], params: 296 },
  },
  {
    type: "ConvTranspose2d",
    params: { out_channels: 8, kernel_size: 3, padding: 5 },
    input: [4, 7, 7],
    code: "empty-output",
    torch: { error: "RuntimeError: could not construct a memory descriptor using a format tag" },
  },
  {
    type: "ConvTranspose2d",
    params: { out_channels: 8, kernel_size: 3, padding: 4 },
    input: [4, 7, 7],
    torch: { shape: [8, 1, 1], params: 296 },
  },
  {
    type: "ConvTranspose2d",
    params: { out_channels: 8, kernel_size: 3, padding_mode: "reflect" },
    input: [4, 7, 7],
    code: "invalid-param",
    torch: { error: 'ValueError: Only "zeros" padding mode is supported for ConvTranspose2d' },
  },
  {
    type: "ConvTranspose2d",
    params: { out_channels: 6, kernel_size: 3, groups: 2 },
    input: [4, 7, 7],
    torch: { shape: [6, 9, 9], params: 114 },
  },
  {
    type: "ConvTranspose2d",
    params: { out_channels: 6, kernel_size: 3, groups: 4 },
    input: [4, 7, 7],
    code: "invalid-param",
    torch: { error: "ValueError: out_channels must be divisible by groups" },
  },
  {
    type: "ConvTranspose2d",
    params: {
      out_channels: 6,
      kernel_size: [2, 3],
      stride: [2, 1],
      padding: [0, 1],
      output_padding: [1, 0],
      dilation: [1, 2],
    },
    input: [3, 5, 6],
    torch: { shape: [6, 11, 8], params: 114 },
  },
  {
    type: "ConvTranspose1d",
    params: { out_channels: 4, kernel_size: 4, stride: 3, output_padding: 2 },
    input: [2, 5],
    torch: { shape: [4, 18], params: 36 },
  },
  {
    type: "ConvTranspose3d",
    params: { out_channels: 4, kernel_size: 2, stride: 2, bias: false },
    input: [2, 3, 4, 5],
    torch: { shape: [4, 6, 8, 10], params: 64 },
  },
  {
    type: "ConvTranspose3d",
    params: { out_channels: 4, kernel_size: 2 },
    input: [2, 3, 4],
    code: "rank-mismatch",
    torch: { shape: [3, 4, 5], params: 68 },
  },
];

describe("convolution family against torch", () => {
  runTorchTable(CONVOLUTION_LAYERS, CASES);
});

const { emit } = familyKit(CONVOLUTION_LAYERS);

describe("convolution details", () => {
  it("emits only non-default args, torch-style", () => {
    expect(emit("Conv2d", { out_channels: 64, kernel_size: 3, padding: 1 }, [3, 8, 8])).toBe(
      "nn.Conv2d(3, 64, kernel_size=3, padding=1)",
    );
    expect(
      emit(
        "Conv2d",
        { out_channels: 8, kernel_size: [3, 1], stride: [1, 1], padding: "same", bias: false },
        [3, 8, 8],
      ),
    ).toBe("nn.Conv2d(3, 8, kernel_size=(3, 1), padding='same', bias=False)");
    expect(
      emit("ConvTranspose2d", { out_channels: 32, kernel_size: 2, stride: 2 }, [64, 8, 8]),
    ).toBe("nn.ConvTranspose2d(64, 32, kernel_size=2, stride=2)");
  });

  it("counts MACs per output element", () => {
    const def = CONVOLUTION_LAYERS.find((d) => d.type === "Conv2d")!;
    expect(
      evaluateLayer(def, { out_channels: 64, kernel_size: 3, padding: 1 }, [[3, 32, 32]]).macs,
    ).toBe(64 * 32 * 32 * 3 * 9);
    expect(
      evaluateLayer(def, { out_channels: 32, kernel_size: 3, padding: 1, groups: 32 }, [[32, 8, 8]])
        .macs,
    ).toBe(32 * 64 * 9);
  });

  it("names the fix in refusals", () => {
    const def = CONVOLUTION_LAYERS.find((d) => d.type === "Conv2d")!;
    const r = evaluateLayer(def, { out_channels: 8, kernel_size: 3 }, [[4, 7, 7, 7]]);
    expect(r.diagnostics[0]!.hint).toMatch(/Conv3d/);
    const g = evaluateLayer(def, { out_channels: 8, kernel_size: 3, in_channels: 5 }, [[4, 7, 7]]);
    expect(g.diagnostics[0]).toMatchObject({
      code: "invalid-param",
      message: expect.stringMatching(/in_channels is 5/),
    });
  });

  it("validates params before shapes", () => {
    const def = CONVOLUTION_LAYERS.find((d) => d.type === "Conv2d")!;
    expect(
      evaluateLayer(def, { out_channels: 8, kernel_size: 0 }, [[4, 7, 7]]).diagnostics[0]!.message,
    ).toMatch(/kernel_size/);
    expect(
      evaluateLayer(def, { out_channels: 8, kernel_size: 3, padding_mode: "mirror" }, [[4, 7, 7]])
        .shape,
    ).toBeNull();
    expect(evaluateLayer(def, { kernel_size: 3 }, [[4, 7, 7]]).diagnostics[0]!.message).toMatch(
      /out_channels is required/,
    );
  });
});
