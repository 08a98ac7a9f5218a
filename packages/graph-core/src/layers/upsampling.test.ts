import { describe, expect, it } from "vitest";
import { evaluateLayer } from "../analysis/evaluate-layer";
import { runTorchTable, type TTorchCase } from "../analysis/layer-table.test-kit";
import { UPSAMPLING_LAYERS } from "./upsampling";

// Generated with torch 2.13 (module(**params) on zeros(2, *input)); `code`: our expected refusal.
const CASES: TTorchCase[] = [
  {
    type: "Upsample",
    params: { scale_factor: 2 },
    input: [4, 7, 7],
    torch: { shape: [4, 14, 14], params: 0 },
  },
  {
    type: "Upsample",
    params: { scale_factor: 1.5 },
    input: [4, 7, 7],
    torch: { shape: [4, 10, 10], params: 0 },
  },
  {
    type: "Upsample",
    params: { scale_factor: 2.5 },
    input: [4, 7, 7],
    torch: { shape: [4, 17, 17], params: 0 },
  },
  {
    type: "Upsample",
    params: { scale_factor: 0.1 },
    input: [4, 7, 7],
    code: "empty-output",
    torch: {
      error:
        "RuntimeError: Input and output sizes should be greater than 0, but got input (H: 7, W: 7) output (H: 0, W: 0)",
    },
  },
  {
    type: "Upsample",
    params: {},
    input: [4, 7, 7],
    code: "invalid-param",
    torch: { error: "ValueError: either size or scale_factor should be defined" },
  },
  {
    type: "Upsample",
    params: { size: 3, scale_factor: 2 },
    input: [4, 7, 7],
    code: "invalid-param",
    torch: { error: "ValueError: only one of size or scale_factor should be defined" },
  },
  {
    type: "Upsample",
    params: { scale_factor: 2, mode: "bilinear" },
    input: [4, 7],
    code: "rank-mismatch",
    torch: { error: "NotImplementedError: Got 3D input, but bilinear mode needs 4D input" },
  },
  {
    type: "Upsample",
    params: { scale_factor: 2, mode: "linear" },
    input: [4, 7, 7],
    code: "rank-mismatch",
    torch: { error: "NotImplementedError: Got 4D input, but linear mode needs 3D input" },
  },
  {
    type: "Upsample",
    params: { scale_factor: 2, mode: "linear" },
    input: [4, 7],
    torch: { shape: [4, 14], params: 0 },
  },
  {
    type: "Upsample",
    params: { scale_factor: 2, mode: "trilinear" },
    input: [4, 7, 7],
    code: "rank-mismatch",
    torch: { error: "NotImplementedError: Got 4D input, but trilinear mode needs 5D input" },
  },
  {
    type: "Upsample",
    params: { scale_factor: 2, mode: "trilinear", align_corners: true },
    input: [1, 2, 3, 4],
    torch: { shape: [1, 4, 6, 8], params: 0 },
  },
  {
    type: "Upsample",
    params: { scale_factor: 2, mode: "bicubic" },
    input: [4, 7, 7],
    torch: { shape: [4, 14, 14], params: 0 },
  },
  {
    type: "Upsample",
    params: { scale_factor: 2, mode: "bilinear", align_corners: false },
    input: [4, 7, 7],
    torch: { shape: [4, 14, 14], params: 0 },
  },
  {
    type: "Upsample",
    params: { scale_factor: 2 },
    input: [1, 2, 2, 2],
    torch: { shape: [1, 4, 4, 4], params: 0 },
  },
  {
    type: "Upsample",
    params: { scale_factor: 2 },
    input: [1, 1, 2, 2, 2],
    code: "rank-mismatch",
    torch: {
      error:
        "NotImplementedError: Input Error: Only 3D, 4D and 5D input Tensors supported (got 6D) for the modes: nearest | linear | bilinear | bicubic | ",
    },
  },
  {
    type: "Upsample",
    params: { scale_factor: 2 },
    input: [2],
    code: "rank-mismatch",
    torch: {
      error:
        "NotImplementedError: Input Error: Only 3D, 4D and 5D input Tensors supported (got 2D) for the modes: nearest | linear | bilinear | bicubic | ",
    },
  },
  {
    type: "Upsample",
    params: { scale_factor: 2, mode: "area" },
    input: [4, 7, 7],
    torch: { shape: [4, 14, 14], params: 0 },
  },
  {
    type: "Upsample",
    params: { scale_factor: 2, mode: "nearest-exact" },
    input: [2, 3],
    torch: { shape: [2, 6], params: 0 },
  },
  {
    type: "Upsample",
    params: { scale_factor: 2, align_corners: true },
    input: [4, 7, 7],
    code: "invalid-param",
    torch: {
      error:
        "ValueError: align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear",
    },
  },
  {
    type: "Upsample",
    params: { scale_factor: 2, align_corners: false },
    input: [4, 7, 7],
    code: "invalid-param",
    torch: {
      error:
        "ValueError: align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear",
    },
  },
  {
    type: "Upsample",
    params: { size: [3, 3, 3] },
    input: [4, 7, 7],
    code: "invalid-param",
    torch: {
      error:
        "ValueError: Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of [7, 7] and ou",
    },
  },
  {
    type: "Upsample",
    params: { scale_factor: [2, 2, 2] },
    input: [4, 7, 7],
    code: "invalid-param",
    torch: {
      error:
        "ValueError: Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of [7, 7] ",
    },
  },
  {
    type: "Upsample",
    params: { scale_factor: [2, 3] },
    input: [4, 7, 7],
    torch: { shape: [4, 14, 21], params: 0 },
  },
  {
    type: "Upsample",
    params: { size: [64, 32] },
    input: [4, 7, 7],
    torch: { shape: [4, 64, 32], params: 0 },
  },
  { type: "Upsample", params: { size: 5 }, input: [4, 7], torch: { shape: [4, 5], params: 0 } },
  {
    type: "Upsample",
    params: { scale_factor: 0 },
    input: [4, 7, 7],
    code: "invalid-param",
    torch: { error: "ValueError: either size or scale_factor should be defined" },
  },
  {
    type: "Upsample",
    params: { scale_factor: -1 },
    input: [4, 7, 7],
    code: "invalid-param",
    torch: {
      error:
        "RuntimeError: Input and output sizes should be greater than 0, but got input (H: 7, W: 7) output (H: -7, W: -7)",
    },
  },
  {
    type: "Upsample",
    params: { size: 0 },
    input: [4, 7, 7],
    code: "invalid-param",
    torch: {
      error:
        "RuntimeError: Input and output sizes should be greater than 0, but got input (H: 7, W: 7) output (H: 0, W: 0)",
    },
  },
  {
    type: "Upsample",
    params: { scale_factor: 0.3333333333333333 },
    input: [4, 7, 7],
    torch: { shape: [4, 2, 2], params: 0 },
  },
  {
    type: "Upsample",
    params: { scale_factor: 0.29, mode: "bilinear" },
    input: [4, 7, 7],
    torch: { shape: [4, 2, 2], params: 0 },
  },
  {
    type: "Upsample",
    params: { scale_factor: 1.1 },
    input: [1, 10, 10],
    torch: { shape: [1, 11, 11], params: 0 },
  },
  {
    type: "Upsample",
    params: { scale_factor: 0.7 },
    input: [1, 10, 10],
    torch: { shape: [1, 7, 7], params: 0 },
  },
  {
    type: "Upsample",
    params: { scale_factor: 0.7, recompute_scale_factor: true },
    input: [1, 10, 10],
    torch: { shape: [1, 7, 7], params: 0 },
  },
  {
    type: "Upsample",
    params: { scale_factor: 0.1, mode: "bicubic" },
    input: [1, 3, 3],
    code: "empty-output",
    torch: {
      error:
        "RuntimeError: Input and output sizes should be greater than 0, but got input (H: 3, W: 3) output (H: 0, W: 0)",
    },
  },
  {
    type: "PixelShuffle",
    params: { upscale_factor: 2 },
    input: [8, 3, 3],
    torch: { shape: [2, 6, 6], params: 0 },
  },
  {
    type: "PixelShuffle",
    params: { upscale_factor: 2 },
    input: [6, 3, 3],
    code: "invalid-param",
    torch: {
      error:
        "RuntimeError: pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3",
    },
  },
  {
    type: "PixelShuffle",
    params: { upscale_factor: 3 },
    input: [2, 9, 3, 3],
    torch: { shape: [2, 1, 9, 9], params: 0 },
  },
  {
    type: "PixelShuffle",
    params: { upscale_factor: 2 },
    input: [4, 3],
    code: "rank-mismatch",
    torch: {
      error:
        "RuntimeError: pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3",
    },
  },
  {
    type: "PixelShuffle",
    params: { upscale_factor: 0 },
    input: [4, 3, 3],
    code: "invalid-param",
    torch: { error: "RuntimeError: pixel_shuffle expects a positive upscale_factor, but got 0" },
  },
  {
    type: "PixelUnshuffle",
    params: { downscale_factor: 2 },
    input: [2, 4, 6],
    torch: { shape: [8, 2, 3], params: 0 },
  },
  {
    type: "PixelUnshuffle",
    params: { downscale_factor: 2 },
    input: [2, 5, 6],
    code: "invalid-param",
    torch: {
      error:
        "RuntimeError: pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)=5 is not divisible by 2",
    },
  },
  {
    type: "PixelUnshuffle",
    params: { downscale_factor: 3 },
    input: [1, 9, 3],
    torch: { shape: [9, 3, 1], params: 0 },
  },
];

describe("UPSAMPLING_LAYERS against torch", () => {
  runTorchTable(UPSAMPLING_LAYERS, CASES);
});

const def = (type: string) => UPSAMPLING_LAYERS.find((d) => d.type === type)!;

describe("upsampling details", () => {
  it("torch rules found by the differential test", () => {
    expect(
      evaluateLayer(def("Upsample"), { size: 4, mode: "linear", recompute_scale_factor: true }, [
        [3, 6],
      ]).shape,
    ).toBeNull();
    expect(evaluateLayer(def("PixelUnshuffle"), { downscale_factor: 1 }, [[9, 7]]).shape).toEqual([
      9, 7,
    ]);
    expect(evaluateLayer(def("PixelShuffle"), { upscale_factor: 2 }, [[8, 8]]).shape).toBeNull();
  });

  it("emits torch-style modules", () => {
    const r = evaluateLayer(
      def("Upsample"),
      { scale_factor: 2, mode: "bilinear", align_corners: false },
      [[3, 8, 8]],
    );
    expect(
      def("Upsample").toPyTorch({ nodeId: "n", params: r.resolved, inputs: [[3, 8, 8]] }).module,
    ).toBe("nn.Upsample(scale_factor=2.0, mode='bilinear', align_corners=False)");
    expect(
      def("PixelShuffle").toPyTorch({
        nodeId: "n",
        params: { upscale_factor: 2 },
        inputs: [[8, 3, 3]],
      }).module,
    ).toBe("nn.PixelShuffle(2)");
  });

  it("suggests the mode that fits the rank", () => {
    const r = evaluateLayer(def("Upsample"), { scale_factor: 2, mode: "trilinear" }, [[4, 7, 7]]);
    expect(r.diagnostics[0]!.hint).toMatch(/bilinear/);
  });
});
