/**
 * The convolution family: Conv1d/2d/3d here, ConvTranspose1d/2d/3d in convolution-transpose.ts.
 * Every refusal mirrors torch 2.13 (constructor ValueErrors and ATen shape checks), verified
 * with torch; see convolution.test.ts.
 */
import { convOutputLength, formatShape, numel } from "../shape/arithmetic";
import { fail, ok, spatialName } from "../shape/result";
import { checkConvInput, convParamDefs } from "./convolution-common";
import { CONV_TRANSPOSE_LAYERS } from "./convolution-transpose";
import {
  boolParam,
  FLOAT_ONLY,
  dimOf,
  intParam,
  intTuple,
  pyKwargs,
  pyModule,
  tupleProd,
} from "./params";
import type { TJsonValue } from "../graph/types";
import type { TLayerContext, TLayerDef, TShapeResult } from "./types";

/** The conv params read per dim, each read once from the resolved params. */
interface TConvDims {
  kernel: TJsonValue | undefined;
  stride: TJsonValue | undefined;
  padding: TJsonValue | undefined;
  dilation: TJsonValue | undefined;
}

/**
 * Left and right padding of spatial dim `i`, as torch applies it: for "same", total = d·(k−1),
 * left = total // 2 and the odd remainder goes right.
 */
function leftPad(p: TConvDims, i: number): number {
  if (p.padding === "valid") return 0;
  if (p.padding === "same") return Math.floor(samePadTotal(p, i) / 2);
  return dimOf(p.padding, i);
}

function rightPad(p: TConvDims, i: number): number {
  if (p.padding === "same") return samePadTotal(p, i) - leftPad(p, i);
  return leftPad(p, i);
}

function samePadTotal(p: TConvDims, i: number): number {
  return dimOf(p.dilation, i) * (dimOf(p.kernel, i) - 1);
}

function isStrided(stride: TJsonValue | undefined, n: number): boolean {
  for (let i = 0; i < n; i++) if (dimOf(stride, i) !== 1) return true;
  return false;
}

// Per-dim values come from `dimOf` rather than expanded tuples: this runs for every conv on
// every analysis, and the tuples were most of what it allocated.
function inferConv(ctx: TLayerContext, type: string, n: number): TShapeResult {
  const channels = checkConvInput(ctx, type, n);
  if (typeof channels !== "number") return channels;
  const input = ctx.inputs[0]!;
  const params = ctx.params;
  const p: TConvDims = {
    kernel: params.kernel_size,
    stride: params.stride,
    padding: params.padding,
    dilation: params.dilation,
  };
  const mode = params.padding_mode;
  if (p.padding === "same" && isStrided(p.stride, n)) {
    return fail(
      ctx,
      "invalid-param",
      `${type} padding="same" is not supported for strided convolutions (stride ${formatShape(intTuple(params, "stride", n))})`,
      'Use stride 1 with "same", or give padding as a number (e.g. kernel_size // 2) with the stride.',
    );
  }
  // A copy of the input, overwritten dim by dim: an array of the exact length, allocated once.
  const out = input.slice();
  out[0] = intParam(params, "out_channels");
  for (let i = 0; i < n; i++) {
    const length = input[i + 1]!;
    const left = leftPad(p, i);
    const right = rightPad(p, i);
    if (mode === "reflect" && (left >= length || right >= length)) {
      return fail(
        ctx,
        "invalid-param",
        `${type} reflect padding ${Math.max(left, right)} must be smaller than the input ${spatialName(n, i)} (${length})`,
        `Use padding < ${length}, or padding_mode "replicate"/"zeros".`,
      );
    }
    if (mode === "circular" && (left > length || right > length)) {
      return fail(
        ctx,
        "invalid-param",
        `${type} circular padding ${Math.max(left, right)} wraps around the input ${spatialName(n, i)} (${length}) more than once`,
        `Use padding ≤ ${length}.`,
      );
    }
    const kernel = dimOf(p.kernel, i);
    const dilation = dimOf(p.dilation, i);
    const size = convOutputLength(length, kernel, dimOf(p.stride, i), left + right, dilation);
    if (size < 1) {
      const effective = dilation * (kernel - 1) + 1;
      return fail(
        ctx,
        "empty-output",
        `${type} kernel ${effective}${dilation === 1 ? "" : ` (dilated)`} is larger than the padded input ${spatialName(n, i)} ${length + left + right}`,
        `Reduce kernel_size${dilation === 1 ? "" : " or dilation"}, add padding, or feed a larger input (remove a pooling step upstream).`,
      );
    }
    out[i + 1] = size;
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
      const weights = out * (c / groups) * tupleProd(ctx.params.kernel_size, n);
      return weights + (boolParam(ctx.params, "bias") ? out : 0);
    },
    macs(ctx, output) {
      const c = ctx.inputs[0]![0]!;
      return (
        numel(output) * (c / intParam(ctx.params, "groups")) * tupleProd(ctx.params.kernel_size, n)
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
