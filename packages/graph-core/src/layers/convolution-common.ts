/**
 * Param definitions and checks shared by Conv{1,2,3}d and ConvTranspose{1,2,3}d. The family
 * arrays live in convolution.ts; this file only keeps that one under the size limit.
 */
import { formatShape } from "../shape/arithmetic";
import { fail, layoutName, rankMismatch } from "../shape/result";
import { intParam } from "./params";
import type { TLayerContext, TParamDef, TShapeResult } from "./types";

export const PADDING_MODES = ["zeros", "reflect", "replicate", "circular"] as const;

/** The params of `nn.ConvNd` / `nn.ConvTransposeNd`, in torch's constructor order. */
export function convParamDefs(n: number, transpose: boolean): TParamDef[] {
  const tuple = (min: number) => ({ kind: "int-tuple", rank: n, min }) as const;
  const defs: TParamDef[] = [
    {
      name: "out_channels",
      label: "Out channels",
      tooltip: "Number of output channels (filters).",
      spec: { kind: "int", min: 1 },
    },
    {
      name: "kernel_size",
      label: "Kernel size",
      tooltip: `Filter size: an int or ${n} ints (e.g. 3 or [3, 1]).`,
      spec: tuple(1),
    },
    {
      name: "stride",
      label: "Stride",
      tooltip: "Step between windows; 2 halves the size.",
      spec: tuple(1),
      default: 1,
    },
  ];
  if (transpose) {
    defs.push(
      {
        name: "padding",
        label: "Padding",
        tooltip:
          "Removes dilation·(k−1)−padding… from each side of the output: output shrinks by 2·padding.",
        spec: tuple(0),
        default: 0,
      },
      {
        name: "output_padding",
        label: "Output padding",
        tooltip:
          "Extra size added on one side of the output to pick between the sizes a strided conv maps to the same input. Must be smaller than stride or dilation.",
        spec: tuple(0),
        default: 0,
      },
      {
        name: "groups",
        label: "Groups",
        tooltip: "Split channels into groups; in and out channels must both divide by it.",
        spec: { kind: "int", min: 1 },
        default: 1,
      },
      {
        name: "bias",
        label: "Bias",
        tooltip: "Learnable bias per output channel. Off when a norm layer follows.",
        spec: { kind: "bool" },
        default: true,
      },
      {
        name: "dilation",
        label: "Dilation",
        tooltip: "Spacing between kernel taps.",
        spec: tuple(1),
        default: 1,
      },
      {
        name: "padding_mode",
        label: "Padding mode",
        tooltip: 'Only "zeros" is supported by torch for transposed convolutions.',
        spec: { kind: "enum", values: PADDING_MODES },
        default: "zeros",
      },
    );
    return defs;
  }
  defs.push(
    {
      name: "padding",
      label: "Padding",
      tooltip:
        'Added on both sides of each spatial dim: an int, a list, "same" (keeps the size; stride must be 1) or "valid" (none).',
      spec: { kind: "int-tuple-or-enum", rank: n, min: 0, values: ["same", "valid"] },
      default: 0,
    },
    {
      name: "dilation",
      label: "Dilation",
      tooltip: "Spacing between kernel taps (atrous convolution).",
      spec: tuple(1),
      default: 1,
    },
    {
      name: "groups",
      label: "Groups",
      tooltip: "Split channels into groups; groups = in channels is a depthwise convolution.",
      spec: { kind: "int", min: 1 },
      default: 1,
    },
    {
      name: "bias",
      label: "Bias",
      tooltip: "Learnable bias per output channel. Off when a norm layer follows.",
      spec: { kind: "bool" },
      default: true,
    },
    {
      name: "padding_mode",
      label: "Padding mode",
      tooltip:
        "What fills the padding: zeros, a mirror of the border (reflect), the border value (replicate) or the opposite side (circular).",
      spec: { kind: "enum", values: PADDING_MODES },
      default: "zeros",
    },
  );
  return defs;
}

/**
 * Checks shared by both kinds: input rank, an explicit `in_channels` that contradicts the input,
 * and groups dividing both channel counts (torch's ValueErrors). Returns the channel count or a
 * failure.
 */
export function checkConvInput(ctx: TLayerContext, type: string, n: number): number | TShapeResult {
  const input = ctx.inputs[0]!;
  if (input.length !== n + 1) {
    const hint =
      input.length === 1
        ? `Conv layers need channels and ${n} spatial dim(s); a flat [features] tensor belongs to Linear.`
        : input.length === n + 2
          ? `This is a ${n + 1}d tensor: use ${type.replace(String(n), String(n + 1))}, or flatten a dim first.`
          : `Use the ${input.length - 1}d variant, or reshape to ${layoutName(n)}.`;
    return rankMismatch(ctx, type, input, layoutName(n), hint);
  }
  const channels = input[0]!;
  const declared = ctx.params.in_channels;
  if (typeof declared === "number" && declared !== channels) {
    return fail(
      ctx,
      "invalid-param",
      `${type} in_channels is ${declared} but the incoming tensor ${formatShape(input)} has ${channels} channels`,
      "Remove in_channels: it is inferred from the input.",
    );
  }
  const groups = intParam(ctx.params, "groups");
  const out = intParam(ctx.params, "out_channels");
  if (channels % groups !== 0) {
    return fail(
      ctx,
      "invalid-param",
      `${type} in_channels (${channels}) must be divisible by groups (${groups})`,
      `Pick groups among the divisors of ${channels}${groups === out ? " (a depthwise conv uses groups = in channels)" : ""}.`,
    );
  }
  if (out % groups !== 0) {
    return fail(
      ctx,
      "invalid-param",
      `${type} out_channels (${out}) must be divisible by groups (${groups})`,
      `Use a multiple of ${groups} for out_channels, e.g. ${Math.max(1, Math.round(out / groups)) * groups}.`,
    );
  }
  return channels;
}
