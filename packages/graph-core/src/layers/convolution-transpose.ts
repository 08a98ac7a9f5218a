/**
 * ConvTranspose1d/2d/3d (part of the convolution family, exported through convolution.ts).
 * Torch refuses string padding at forward time and any padding_mode but "zeros" at
 * construction; output_padding must be smaller than stride or dilation in each dim.
 */
import { convTransposeOutputLength, formatShape, numel } from "../shape/arithmetic";
import { fail, ok, spatialName } from "../shape/result";
import { checkConvInput, convParamDefs } from "./convolution-common";
import {
  boolParam,
  FLOAT_ONLY,
  dimOf,
  intParam,
  intTuple,
  pyKwargs,
  pyModule,
  strParam,
  tupleProd,
} from "./params";
import type { TLayerContext, TLayerDef, TShapeResult } from "./types";

function formatTuple(ctx: TLayerContext, name: string, n: number): string {
  return formatShape(intTuple(ctx.params, name, n));
}

function inferConvTranspose(ctx: TLayerContext, type: string, n: number): TShapeResult {
  if (strParam(ctx.params, "padding_mode") !== "zeros") {
    return fail(
      ctx,
      "invalid-param",
      `${type} supports only padding_mode "zeros" (torch refuses "${strParam(ctx.params, "padding_mode")}")`,
      'Set padding_mode to "zeros".',
    );
  }
  const channels = checkConvInput(ctx, type, n);
  if (typeof channels !== "number") return channels;
  const input = ctx.inputs[0]!;
  // Per-dim values through `dimOf`, each param read once: no tuples (see inferConv).
  const params = ctx.params;
  const { kernel_size: kernel, stride, padding, output_padding: outputPadding, dilation } = params;
  for (let i = 0; i < n; i++) {
    const s = dimOf(stride, i);
    const d = dimOf(dilation, i);
    if (dimOf(outputPadding, i) >= s && dimOf(outputPadding, i) >= d) {
      return fail(
        ctx,
        "invalid-param",
        `${type} output_padding (${formatTuple(ctx, "output_padding", n)}) must be smaller than either stride (${formatTuple(ctx, "stride", n)}) or dilation (${formatTuple(ctx, "dilation", n)})`,
        `Use output_padding < ${Math.max(s, d)} in ${spatialName(n, i)}; it only picks among sizes a stride can produce.`,
      );
    }
  }
  const out = input.slice();
  out[0] = intParam(params, "out_channels");
  for (let i = 0; i < n; i++) {
    const size = convTransposeOutputLength(
      input[i + 1]!,
      dimOf(kernel, i),
      dimOf(stride, i),
      dimOf(padding, i),
      dimOf(outputPadding, i),
      dimOf(dilation, i),
    );
    if (size < 1) {
      return fail(
        ctx,
        "empty-output",
        `${type} output ${spatialName(n, i)} would be ${size}: padding ${dimOf(padding, i)} removes more than the transposed conv produces from ${input[i + 1]}`,
        "Reduce padding or increase kernel_size/stride.",
      );
    }
    out[i + 1] = size;
  }
  return ok(out);
}

function convTransposeDef(n: number): TLayerDef {
  const type = `ConvTranspose${n}d`;
  const def: TLayerDef = {
    type,
    family: "convolution",
    label: `ConvTranspose ${n}D`,
    description: `${n}D transposed convolution (torch.nn.${type}): learnable upsampling; kernel 2, stride 2 doubles the size.`,
    aliases:
      n === 2
        ? ["upconv", "deconv", "deconvolution", "transposed conv", "convtranspose"]
        : [`upconv${n}d`, `deconv${n}d`, `convtranspose${n}d`],
    params: convParamDefs(n, true),
    inputs: 1,
    orderRole: "conv",
    dtype: FLOAT_ONLY,
    inferShape: (ctx) => inferConvTranspose(ctx, type, n),
    paramCount(ctx) {
      const c = ctx.inputs[0]![0]!;
      const out = intParam(ctx.params, "out_channels");
      const weights =
        c * (out / intParam(ctx.params, "groups")) * tupleProd(ctx.params.kernel_size, n);
      return weights + (boolParam(ctx.params, "bias") ? out : 0);
    },
    macs(ctx) {
      // Every input element is scattered through one kernel per output channel of its group.
      const input = ctx.inputs[0]!;
      const out = intParam(ctx.params, "out_channels");
      return (
        numel(input) * (out / intParam(ctx.params, "groups")) * tupleProd(ctx.params.kernel_size, n)
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

/** ConvTranspose1d/2d/3d. */
export const CONV_TRANSPOSE_LAYERS: readonly TLayerDef[] = [
  convTransposeDef(1),
  convTransposeDef(2),
  convTransposeDef(3),
];
