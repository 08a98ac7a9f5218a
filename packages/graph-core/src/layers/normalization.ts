/**
 * The normalization family: BatchNorm1d/2d/3d, InstanceNorm1d/2d/3d, GroupNorm, LayerNorm.
 * Feature counts are inferred from the input; parameter counts follow torch 2.13, where every
 * norm takes a keyword-only `bias` besides `affine`.
 */
import { formatShape, numel } from "../shape/arithmetic";
import { diagnostic, fail, ok, rankMismatch } from "../shape/result";
import { boolParam, FLOAT_ONLY, intList, intParam, pyKwargs, pyModule } from "./params";
import type { TLayerContext, TLayerDef, TParamDef, TShapeResult } from "./types";

/** BatchNorm refuses eps ≤ 0 in training; the other norms accept any eps (torch 2.13). */
const BN_EPS: TParamDef = {
  name: "eps",
  label: "Epsilon",
  tooltip: "Added to the variance for numerical stability (> 0).",
  spec: { kind: "float", min: 0, exclusiveMin: true },
  default: 1e-5,
};
const EPS: TParamDef = {
  name: "eps",
  label: "Epsilon",
  tooltip: "Added to the variance for numerical stability (keep it > 0).",
  spec: { kind: "float" },
  default: 1e-5,
};
const BIAS: TParamDef = {
  name: "bias",
  label: "Bias",
  tooltip: "Learn the shift β (only with affine).",
  spec: { kind: "bool" },
  default: true,
};

/** torch's `_NormBase` reads `momentum=None` as a cumulative average, for BatchNorm and InstanceNorm alike. */
const MOMENTUM: TParamDef = {
  name: "momentum",
  label: "Momentum",
  tooltip: "Running-statistics update rate; empty (None) uses a cumulative average.",
  spec: { kind: "float" },
  default: 0.1,
  nullable: true,
};

/** Checks an explicit `num_features`/`num_channels` against the input's channel count. */
function checkDeclared(
  ctx: TLayerContext,
  type: string,
  name: string,
  channels: number,
  strict: boolean,
): TShapeResult | null {
  const declared = ctx.params[name];
  if (typeof declared !== "number" || declared === channels) return null;
  const message = `${type} ${name} is ${declared} but the incoming tensor ${formatShape(ctx.inputs[0]!)} has ${channels} channels`;
  const hint = `Remove ${name}: it is inferred from the input.`;
  // InstanceNorm without affine only warns in torch; everywhere else the mismatch is fatal.
  return strict
    ? fail(ctx, "invalid-param", message, hint)
    : ok(ctx.inputs[0]!, [diagnostic(ctx, "invalid-param", "warning", message, hint)]);
}

function affineCount(ctx: TLayerContext, affineName: string, features: number): number {
  if (!boolParam(ctx.params, affineName)) return 0;
  return features * (boolParam(ctx.params, "bias") ? 2 : 1);
}

const LAYOUT: Record<number, string> = { 1: "[C, L]", 2: "[C, H, W]", 3: "[C, D, H, W]" };

function batchNormDef(n: number): TLayerDef {
  const type = `BatchNorm${n}d`;
  const def: TLayerDef = {
    type,
    family: "normalization",
    label: `BatchNorm ${n}D`,
    description: `Normalizes each channel over the batch${n === 1 ? "" : " and spatial dims"} (torch.nn.${type}); put it between a conv and its activation.`,
    aliases: n === 2 ? ["bn", "batchnorm", "batch norm", "norm"] : [`bn${n}d`, `batchnorm${n}d`],
    params: [
      BN_EPS,
      MOMENTUM,
      {
        name: "affine",
        label: "Affine",
        tooltip: "Learn a per-channel scale γ and shift β.",
        spec: { kind: "bool" },
        default: true,
      },
      {
        name: "track_running_stats",
        label: "Track running stats",
        tooltip: "Keep running mean/variance for evaluation.",
        spec: { kind: "bool" },
        default: true,
      },
      BIAS,
    ],
    inputs: 1,
    orderRole: "norm",
    dtype: FLOAT_ONLY,
    inferShape(ctx) {
      const input = ctx.inputs[0]!;
      // BatchNorm1d takes [C] or [C, L]; the others exactly channels + n spatial dims.
      const fits = n === 1 ? input.length === 1 || input.length === 2 : input.length === n + 1;
      if (!fits) {
        const expected = n === 1 ? "[C] or [C, L]" : LAYOUT[n]!;
        const better =
          input.length === 1 || input.length === 2
            ? "BatchNorm1d"
            : input.length <= 4
              ? `BatchNorm${input.length - 1}d`
              : "LayerNorm";
        return rankMismatch(
          ctx,
          type,
          input,
          expected,
          `Use ${better} for a ${formatShape(input)} tensor.`,
        );
      }
      return checkDeclared(ctx, type, "num_features", input[0]!, true) ?? ok(input);
    },
    paramCount: (ctx) => affineCount(ctx, "affine", ctx.inputs[0]![0]!),
    macs: (ctx) => numel(ctx.inputs[0]!),
    toPyTorch: (ctx) => ({
      module: pyModule(type, [String(ctx.inputs[0]![0]!), ...pyKwargs(def, ctx.params)]),
    }),
  };
  return def;
}

function instanceNormDef(n: number): TLayerDef {
  const type = `InstanceNorm${n}d`;
  const def: TLayerDef = {
    type,
    family: "normalization",
    label: `InstanceNorm ${n}D`,
    description: `Normalizes each channel of each sample over its spatial dims (torch.nn.${type}); common in style transfer and small-batch segmentation.`,
    aliases:
      n === 2
        ? ["instancenorm", "instance norm", "in", "norm"]
        : [`instancenorm${n}d`, "instance norm"],
    params: [
      EPS,
      MOMENTUM,
      {
        name: "affine",
        label: "Affine",
        tooltip: "Learn a per-channel scale γ and shift β (off by default).",
        spec: { kind: "bool" },
        default: false,
      },
      {
        name: "track_running_stats",
        label: "Track running stats",
        tooltip: "Keep running statistics for evaluation (off by default).",
        spec: { kind: "bool" },
        default: false,
      },
      BIAS,
    ],
    inputs: 1,
    orderRole: "norm",
    dtype: FLOAT_ONLY,
    inferShape(ctx) {
      const input = ctx.inputs[0]!;
      // Without a channel dim torch reads [N, …] as one unbatched sample: per-sample statistics,
      // which only works when nothing is sized by num_features.
      const stateless =
        !boolParam(ctx.params, "affine") && !boolParam(ctx.params, "track_running_stats");
      const unbatched = input.length === n && stateless;
      if (input.length !== n + 1 && !unbatched) {
        const fix =
          input.length === n
            ? "Without a channel dim, only affine=False and track_running_stats=False work (or use LayerNorm)."
            : input.length >= 2 && input.length <= 4
              ? `Use InstanceNorm${input.length - 1}d.`
              : "InstanceNorm needs channels plus 1 to 3 spatial dims.";
        return rankMismatch(ctx, type, input, LAYOUT[n]!, fix);
      }
      const spatial = unbatched ? numel(input) : numel(input) / input[0]!;
      if (spatial <= 1) {
        return fail(
          ctx,
          "shape-mismatch",
          `${type} needs more than 1 spatial element per channel when training, got ${formatShape(input)}`,
          "Move it before the last downsampling step, or use BatchNorm.",
        );
      }
      if (unbatched) {
        return ok(input, [
          diagnostic(
            ctx,
            "rank-mismatch",
            "warning",
            `${type} on ${formatShape(input)} (no channel dim) normalizes each sample over all its values`,
            "That is LayerNorm without affine; use LayerNorm to say so.",
          ),
        ]);
      }
      return (
        checkDeclared(ctx, type, "num_features", input[0]!, boolParam(ctx.params, "affine")) ??
        ok(input)
      );
    },
    paramCount: (ctx) => affineCount(ctx, "affine", ctx.inputs[0]![0]!),
    macs: (ctx) => numel(ctx.inputs[0]!),
    toPyTorch: (ctx) => ({
      module: pyModule(type, [String(ctx.inputs[0]![0]!), ...pyKwargs(def, ctx.params)]),
    }),
  };
  return def;
}

const GROUP_NORM: TLayerDef = {
  type: "GroupNorm",
  family: "normalization",
  label: "GroupNorm",
  description:
    "Normalizes groups of channels per sample (torch.nn.GroupNorm); batch-size independent, num_groups must divide the channels.",
  aliases: ["gn", "groupnorm", "group norm", "norm"],
  params: [
    {
      name: "num_groups",
      label: "Groups",
      tooltip: "Number of channel groups; must divide the channel count (32 is common).",
      spec: { kind: "int", min: 1 },
    },
    EPS,
    {
      name: "affine",
      label: "Affine",
      tooltip: "Learn a per-channel scale γ and shift β.",
      spec: { kind: "bool" },
      default: true,
    },
    BIAS,
  ],
  inputs: 1,
  orderRole: "norm",
  dtype: FLOAT_ONLY,
  inferShape(ctx) {
    const input = ctx.inputs[0]!;
    if (input.length < 1)
      return rankMismatch(ctx, "GroupNorm", input, "[C, …]", "GroupNorm needs a channel dim.");
    const channels = input[0]!;
    const groups = intParam(ctx.params, "num_groups");
    if (channels % groups !== 0) {
      const divisors: number[] = [];
      for (let g = Math.min(groups, channels); g >= 1 && divisors.length < 3; g--)
        if (channels % g === 0) divisors.push(g);
      return fail(
        ctx,
        "invalid-param",
        `GroupNorm num_channels (${channels}) must be divisible by num_groups (${groups})`,
        `Use num_groups ${divisors.join(", ")} (divisors of ${channels}).`,
      );
    }
    return checkDeclared(ctx, "GroupNorm", "num_channels", channels, true) ?? ok(input);
  },
  paramCount: (ctx) => affineCount(ctx, "affine", ctx.inputs[0]![0]!),
  macs: (ctx) => numel(ctx.inputs[0]!),
  toPyTorch: (ctx) => ({
    module: pyModule("GroupNorm", [
      String(intParam(ctx.params, "num_groups")),
      String(ctx.inputs[0]![0]!),
      ...pyKwargs(GROUP_NORM, ctx.params, ["num_groups"]),
    ]),
  }),
};

const LAYER_NORM: TLayerDef = {
  type: "LayerNorm",
  family: "normalization",
  label: "LayerNorm",
  description:
    "Normalizes over the trailing dims given by normalized_shape (torch.nn.LayerNorm); the transformer norm.",
  aliases: ["ln", "layernorm", "layer norm", "norm"],
  params: [
    {
      name: "normalized_shape",
      label: "Normalized shape",
      tooltip:
        "The trailing dims to normalize over, e.g. [512] or [H, W]; must equal the input's last dims.",
      spec: { kind: "int-list", min: 1, minLength: 1 },
    },
    EPS,
    {
      name: "elementwise_affine",
      label: "Elementwise affine",
      tooltip: "Learn a scale (and a shift with bias) per normalized element.",
      spec: { kind: "bool" },
      default: true,
    },
    BIAS,
  ],
  inputs: 1,
  orderRole: "norm",
  dtype: FLOAT_ONLY,
  inferShape(ctx) {
    const input = ctx.inputs[0]!;
    const shape = intList(ctx.params, "normalized_shape");
    const tail = input.slice(Math.max(0, input.length - shape.length));
    if (shape.length > input.length || tail.some((d, i) => d !== shape[i])) {
      return fail(
        ctx,
        "shape-mismatch",
        `LayerNorm normalized_shape [${shape.join(", ")}] must equal the last ${shape.length} dim(s) of the input ${formatShape(input)}`,
        input.length > 0
          ? `Use normalized_shape [${input[input.length - 1]}] (last dim) or [${input.join(", ")}] (whole sample).`
          : "The input has no dims to normalize.",
      );
    }
    return ok(input);
  },
  paramCount(ctx) {
    if (!boolParam(ctx.params, "elementwise_affine")) return 0;
    const n = numel(intList(ctx.params, "normalized_shape"));
    return boolParam(ctx.params, "bias") ? 2 * n : n;
  },
  macs: (ctx) => numel(ctx.inputs[0]!),
  toPyTorch(ctx) {
    const shape = intList(ctx.params, "normalized_shape");
    const first = shape.length === 1 ? String(shape[0]) : `[${shape.join(", ")}]`;
    return {
      module: pyModule("LayerNorm", [
        first,
        ...pyKwargs(LAYER_NORM, ctx.params, ["normalized_shape"]),
      ]),
    };
  },
};

/** The normalization family. */
export const NORMALIZATION_LAYERS: readonly TLayerDef[] = [
  batchNormDef(1),
  batchNormDef(2),
  batchNormDef(3),
  instanceNormDef(1),
  instanceNormDef(2),
  instanceNormDef(3),
  GROUP_NORM,
  LAYER_NORM,
];
