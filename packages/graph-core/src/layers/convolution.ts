/**
 * The convolution family: Conv1d/2d/3d here, ConvTranspose1d/2d/3d in convolution-transpose.ts.
 * Every refusal mirrors torch 2.13 (constructor ValueErrors and ATen shape checks), verified
 * with torch; see convolution.test.ts.
 */
import { convOutputLength, formatShape, numel } from "../shape/arithmetic";
import { fail, ok, spatialName } from "../shape/result";
import { checkConvInput, convParamDefs, prod } from "./convolution-common";
import { CONV_TRANSPOSE_LAYERS } from "./convolution-transpose";
import { boolParam, FLOAT_ONLY, intParam, intTuple, pyKwargs, pyModule, strParam } from "./params";
import type { TLayerContext, TLayerDef, TShapeResult } from "./types";

/** Left and right padding per spatial dim, as torch applies it (asymmetric for "same"). */
function paddingPairs(
  ctx: TLayerContext,
  n: number,
  kernel: number[],
  dilation: number[],
): [number, number][] {
  const padding = ctx.params.padding;
  const pairs: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    if (padding === "valid") pairs.push([0, 0]);
    else if (padding === "same") {
      // torch: total = d·(k−1), left = total // 2, the odd remainder goes right.
      const total = dilation[i]! * (kernel[i]! - 1);
      const left = Math.floor(total / 2);
      pairs.push([left, total - left]);
    } else {
      const p = intTuple(ctx.params, "padding", n)[i]!;
      pairs.push([p, p]);
    }
  }
  return pairs;
}

function inferConv(ctx: TLayerContext, type: string, n: number): TShapeResult {
  const channels = checkConvInput(ctx, type, n);
  if (typeof channels !== "number") return channels;
  const input = ctx.inputs[0]!;
  const kernel = intTuple(ctx.params, "kernel_size", n);
  const stride = intTuple(ctx.params, "stride", n);
  const dilation = intTuple(ctx.params, "dilation", n);
  const mode = strParam(ctx.params, "padding_mode");
  if (ctx.params.padding === "same" && stride.some((s) => s !== 1)) {
    return fail(
      ctx,
      "invalid-param",
      `${type} padding="same" is not supported for strided convolutions (stride ${formatShape(stride)})`,
      'Use stride 1 with "same", or give padding as a number (e.g. kernel_size // 2) with the stride.',
    );
  }
  const pads = paddingPairs(ctx, n, kernel, dilation);
  const out: number[] = [intParam(ctx.params, "out_channels")];
  for (let i = 0; i < n; i++) {
    const length = input[i + 1]!;
    const [left, right] = pads[i]!;
    const name = spatialName(n, i);
    if (mode === "reflect" && (left >= length || right >= length)) {
      return fail(
        ctx,
        "invalid-param",
        `${type} reflect padding ${Math.max(left, right)} must be smaller than the input ${name} (${length})`,
        `Use padding < ${length}, or padding_mode "replicate"/"zeros".`,
      );
    }
    if (mode === "circular" && (left > length || right > length)) {
      return fail(
        ctx,
        "invalid-param",
        `${type} circular padding ${Math.max(left, right)} wraps around the input ${name} (${length}) more than once`,
        `Use padding ≤ ${length}.`,
      );
    }
    const size = convOutputLength(length, kernel[i]!, stride[i]!, left + right, dilation[i]!);
    if (size < 1) {
      const effective = dilation[i]! * (kernel[i]! - 1) + 1;
      return fail(
        ctx,
        "empty-output",
        `${type} kernel ${effective}${dilation[i] === 1 ? "" : ` (dilated)`} is larger than the padded input ${name} ${length + left + right}`,
        `Reduce kernel_size${dilation[i] === 1 ? "" : " or dilation"}, add padding, or feed a larger input (remove a pooling step upstream).`,
      );
    }
    out.push(size);
  }
  return ok(out);
}

function convDef(n: number): TLayerDef {
  const type = `Conv${n}d`;
  const def: TLayerDef = {
    type,
    family: "convolution",
    label: `Conv ${n}D`,
    description: `${n}D convolution (torch.nn.${type}): learns out_channels filters over ${n === 1 ? "sequences" : n === 2 ? "images" : "volumes"}.`,
    aliases:
      n === 2
        ? ["conv", "convolution", "conv2d", "cnn"]
        : [`conv${n}d`, `conv ${n}d`, "convolution"],
    params: convParamDefs(n, false),
    inputs: 1,
    orderRole: "conv",
    dtype: FLOAT_ONLY,
    inferShape: (ctx) => inferConv(ctx, type, n),
    paramCount(ctx) {
      const c = ctx.inputs[0]![0]!;
      const out = intParam(ctx.params, "out_channels");
      const groups = intParam(ctx.params, "groups");
      const weights = out * (c / groups) * prod(intTuple(ctx.params, "kernel_size", n));
      return weights + (boolParam(ctx.params, "bias") ? out : 0);
    },
    macs(ctx, output) {
      const c = ctx.inputs[0]![0]!;
      return (
        numel(output) *
        (c / intParam(ctx.params, "groups")) *
        prod(intTuple(ctx.params, "kernel_size", n))
      );
    },
    toPyTorch(ctx) {
      const c = ctx.inputs[0]![0]!;
      const args = [
        String(c),
        String(intParam(ctx.params, "out_channels")),
        ...pyKwargs(def, ctx.params, ["out_channels"]),
      ];
      return { module: pyModule(type, args) };
    },
  };
  return def;
}

/** Conv1d/2d/3d and ConvTranspose1d/2d/3d. */
export const CONVOLUTION_LAYERS: readonly TLayerDef[] = [
  convDef(1),
  convDef(2),
  convDef(3),
  ...CONV_TRANSPOSE_LAYERS,
];
