/**
 * The activation family: element-wise nonlinearities and the softmax family. Shapes pass through
 * unchanged; the checks below are exactly the ones torch 2.13 makes (verified against torch, see
 * test/differential). MACs are 0: element-wise ops are not multiply-accumulates.
 *
 * torch's `inplace` flag is deliberately not offered: in a graph a tensor often feeds several
 * layers (skips, merges), and an in-place activation would overwrite what the others read.
 * Hardtanh's deprecated `min_value`/`max_value` aliases are not offered either.
 */
import type { TJsonValue } from "../graph/types";
import { fail } from "../shape/result";
import { dimRangeMessage, isShape, resolveTorchDim, singleInput, warningOn } from "./layer-helpers";
import { FLOAT_ONLY, floatOrNull, intParam, KEEPS_DTYPE, pyKwargs, pyModule } from "./params";
import type { TDtypeRule, TLayerContext, TLayerDef, TParamDef, TShapeResult } from "./types";

type TCheck = (ctx: TLayerContext, shape: readonly number[]) => TShapeResult | null;

interface TActivationSpec {
  type: string;
  label: string;
  description: string;
  aliases?: readonly string[];
  params?: readonly TParamDef[];
  /** Extra torch checks; returns a result to override the pass-through, or null. */
  check?: TCheck;
  paramCount?: (ctx: TLayerContext) => number;
  /** Integer (long) inputs torch accepts; absent: float only (see INDEX_SAFE / TO_FLOAT). */
  dtype?: TDtypeRule;
}

/** Clamps that torch also runs on integer tensors, keeping them integer. */
const INDEX_SAFE = KEEPS_DTYPE;
/** Functions torch runs on integer tensors by promoting them to float. */
const TO_FLOAT: TDtypeRule = { input: "any", output: "float" };

function floatParam(
  name: string,
  label: string,
  tooltip: string,
  def: TJsonValue | undefined,
  range: { min?: number; max?: number } = {},
): TParamDef {
  const base: TParamDef = { name, label, tooltip, spec: { kind: "float", ...range } };
  return def === undefined ? base : { ...base, default: def };
}

/** Builds a shape-preserving activation def; `spec.check` adds torch's own refusals. */
function activation(spec: TActivationSpec): TLayerDef {
  const params = spec.params ?? [];
  const def: TLayerDef = {
    type: spec.type,
    family: "activation",
    label: spec.label,
    description: spec.description,
    aliases: spec.aliases ?? [],
    params,
    inputs: 1,
    orderRole: "activation",
    // Most activations raise "… not implemented for 'Long'" on integer tensors.
    dtype: spec.dtype ?? FLOAT_ONLY,
    inferShape(ctx) {
      const input = singleInput(ctx);
      if (!isShape(input)) return input;
      return spec.check?.(ctx, input) ?? { ok: true, shape: input };
    },
    paramCount: (ctx) => spec.paramCount?.(ctx) ?? 0,
    macs: () => 0,
    toPyTorch: (ctx) => ({ module: pyModule(spec.type, pyKwargs(def, ctx.params)) }),
  };
  return def;
}

const SOFTMAX_DIM: TParamDef = {
  name: "dim",
  label: "Dim",
  tooltip:
    "Dimension to normalise over, counting the batch dimension like torch (1 = channels). " +
    "Leave empty for torch's deprecated implicit choice.",
  spec: { kind: "int" },
  default: null,
  nullable: true,
};

/** Softmax/LogSoftmax/Softmin: torch only checks that an explicit dim is in range. */
const checkSoftmaxDim: TCheck = (ctx, shape) => {
  const dim = floatOrNull(ctx.params, "dim");
  if (dim === null) {
    return {
      ok: true,
      shape,
      diagnostics: [
        warningOn(
          ctx,
          "invalid-param",
          "No dim set: torch picks one implicitly and warns that this is deprecated.",
          "Set dim explicitly (usually 1 for class scores, or -1).",
        ),
      ],
    };
  }
  const resolved = resolveTorchDim(dim, shape.length);
  if (resolved === null) {
    return fail(ctx, "invalid-param", dimRangeMessage("dim", dim, shape.length), "Use dim=-1.");
  }
  if (resolved === 0) {
    return {
      ok: true,
      shape,
      diagnostics: [
        warningOn(
          ctx,
          "invalid-param",
          "dim=0 normalises across the batch, mixing samples.",
          "Use dim=1 or dim=-1.",
        ),
      ],
    };
  }
  return null;
};

const softmaxLike = (type: string, label: string, description: string, aliases: string[]) =>
  activation({ type, label, description, aliases, params: [SOFTMAX_DIM], check: checkSoftmaxDim });

/** The activation family. */
export const ACTIVATION_LAYERS: readonly TLayerDef[] = [
  activation({
    type: "ReLU",
    dtype: INDEX_SAFE,
    label: "ReLU",
    description: "max(0, x).",
    aliases: ["relu", "rectifier"],
  }),
  activation({
    type: "ReLU6",
    dtype: INDEX_SAFE,
    label: "ReLU6",
    description: "min(max(0, x), 6).",
    aliases: ["relu6"],
  }),
  activation({
    type: "LeakyReLU",
    label: "Leaky ReLU",
    description: "x for x ≥ 0, negative_slope·x otherwise.",
    aliases: ["leaky", "lrelu"],
    params: [floatParam("negative_slope", "Negative slope", "Slope for negative inputs.", 0.01)],
  }),
  activation({
    type: "PReLU",
    label: "PReLU",
    description: "Leaky ReLU with a learned slope, one per channel or shared.",
    aliases: ["parametric relu"],
    params: [
      {
        name: "num_parameters",
        label: "Slopes",
        tooltip: "Number of learned slopes: 1 (shared) or the channel count (dim 1).",
        spec: { kind: "int", min: 1 },
        default: 1,
      },
      floatParam("init", "Initial slope", "Initial value of the learned slopes.", 0.25),
    ],
    check(ctx, shape) {
      const n = intParam(ctx.params, "num_parameters");
      // torch reads the channel count from dim 1 of the batched tensor.
      const channels = shape[0] ?? 1;
      if (n !== 1 && n !== channels) {
        return fail(
          ctx,
          "invalid-param",
          `num_parameters=${n} must be 1 or the channel count ${channels}.`,
          `Set num_parameters to 1 or ${channels}.`,
        );
      }
      return null;
    },
    paramCount: (ctx) => intParam(ctx.params, "num_parameters"),
  }),
  activation({
    type: "ELU",
    label: "ELU",
    description: "x for x > 0, alpha·(exp(x) − 1) otherwise.",
    params: [floatParam("alpha", "Alpha", "Saturation value for negative inputs.", 1.0)],
  }),
  activation({
    type: "SELU",
    label: "SELU",
    description: "Self-normalising ELU.",
    aliases: ["selu"],
  }),
  activation({
    type: "CELU",
    label: "CELU",
    description: "Continuously differentiable ELU.",
    params: [floatParam("alpha", "Alpha", "Must not be 0 (torch divides by it).", 1.0)],
    check: (ctx) =>
      floatOrNull(ctx.params, "alpha") === 0
        ? fail(ctx, "invalid-param", "CELU alpha cannot be 0.", "Use alpha=1.0.")
        : null,
  }),
  activation({
    type: "GELU",
    label: "GELU",
    description: "Gaussian error linear unit (transformers).",
    aliases: ["gelu"],
    params: [
      {
        name: "approximate",
        label: "Approximation",
        tooltip: '"tanh" uses the faster tanh approximation.',
        spec: { kind: "enum", values: ["none", "tanh"] },
        default: "none",
      },
    ],
  }),
  activation({
    type: "SiLU",
    label: "SiLU / Swish",
    description: "x·sigmoid(x).",
    aliases: ["swish", "silu"],
  }),
  activation({ type: "Mish", label: "Mish", description: "x·tanh(softplus(x))." }),
  activation({
    type: "Sigmoid",
    dtype: TO_FLOAT,
    label: "Sigmoid",
    description: "1 / (1 + exp(−x)).",
    aliases: ["logistic"],
  }),
  activation({ type: "Tanh", dtype: TO_FLOAT, label: "Tanh", description: "Hyperbolic tangent." }),
  activation({
    type: "Hardswish",
    label: "Hardswish",
    description: "Piecewise-linear swish (MobileNetV3).",
  }),
  activation({
    type: "Hardsigmoid",
    label: "Hardsigmoid",
    description: "Piecewise-linear sigmoid.",
  }),
  activation({
    type: "Hardtanh",
    dtype: INDEX_SAFE,
    label: "Hardtanh",
    description: "Clamp to [min_val, max_val].",
    aliases: ["clamp"],
    params: [
      floatParam("min_val", "Min", "Lower clamp value.", -1.0),
      floatParam("max_val", "Max", "Upper clamp value; must be greater than min.", 1.0),
    ],
    check(ctx) {
      const lo = floatOrNull(ctx.params, "min_val") ?? -1;
      const hi = floatOrNull(ctx.params, "max_val") ?? 1;
      return hi > lo
        ? null
        : fail(
            ctx,
            "invalid-param",
            `max_val (${hi}) must be greater than min_val (${lo}).`,
            "Swap them, or use the defaults -1 and 1.",
          );
    },
  }),
  activation({
    type: "Softplus",
    label: "Softplus",
    description: "Smooth ReLU: log(1 + exp(beta·x)) / beta.",
    params: [
      floatParam("beta", "Beta", "Sharpness.", 1.0),
      floatParam("threshold", "Threshold", "Above beta·x > threshold the layer is linear.", 20.0),
    ],
  }),
  activation({
    type: "Softsign",
    dtype: TO_FLOAT,
    label: "Softsign",
    description: "x / (1 + |x|).",
  }),
  activation({
    type: "Tanhshrink",
    dtype: TO_FLOAT,
    label: "Tanhshrink",
    description: "x − tanh(x).",
  }),
  activation({ type: "LogSigmoid", label: "LogSigmoid", description: "log(sigmoid(x))." }),
  activation({
    type: "Softshrink",
    label: "Softshrink",
    description: "Soft thresholding by lambd.",
    params: [floatParam("lambd", "Lambda", "Threshold, ≥ 0.", 0.5, { min: 0 })],
  }),
  activation({
    type: "Hardshrink",
    label: "Hardshrink",
    description: "Zero inside [−lambd, lambd].",
    params: [floatParam("lambd", "Lambda", "Threshold.", 0.5)],
  }),
  activation({
    type: "Threshold",
    dtype: INDEX_SAFE,
    label: "Threshold",
    description: "x if x > threshold else value.",
    params: [
      floatParam("threshold", "Threshold", "Inputs at or below it are replaced.", undefined),
      floatParam("value", "Value", "Replacement value.", undefined),
    ],
  }),
  activation({
    type: "RReLU",
    label: "RReLU",
    description: "Leaky ReLU with a random slope in [lower, upper] during training.",
    params: [
      floatParam("lower", "Lower", "Lower bound of the random slope.", 0.125),
      floatParam("upper", "Upper", "Upper bound; must be ≥ lower.", 0.3333333333333333),
    ],
    check(ctx) {
      const lo = floatOrNull(ctx.params, "lower") ?? 0.125;
      const hi = floatOrNull(ctx.params, "upper") ?? 1 / 3;
      return lo <= hi
        ? null
        : fail(ctx, "invalid-param", `lower (${lo}) must be ≤ upper (${hi}).`, "Swap the bounds.");
    },
  }),
  softmaxLike("Softmax", "Softmax", "exp(x) normalised to sum to 1 along dim.", ["probabilities"]),
  softmaxLike("LogSoftmax", "LogSoftmax", "log(softmax(x)) along dim; pair with NLLLoss.", [
    "log softmax",
  ]),
  softmaxLike("Softmin", "Softmin", "softmax(−x) along dim.", []),
  activation({
    type: "Softmax2d",
    label: "Softmax2d",
    description: "Softmax over channels at every spatial location.",
    check(ctx, shape) {
      // torch asserts a 3-D or 4-D tensor, i.e. [C, H, W] here, or [H, W] — which torch reads as
      // one unbatched [C, H, W] with the batch as C, so it normalises across samples.
      if (shape.length === 3) return null;
      if (shape.length === 2) {
        const warning = warningOn(
          ctx,
          "rank-mismatch",
          "On an [H, W] input torch takes the batch as channels: Softmax2d would mix samples.",
          "Use Softmax(dim=1) or give it a [C, H, W] input.",
        );
        return { ok: true, shape, diagnostics: [warning] };
      }
      return fail(
        ctx,
        "rank-mismatch",
        `Softmax2d expects a [C, H, W] input; got rank ${shape.length} ([${shape.join(", ")}]).`,
        "Use Softmax(dim=1) for other ranks.",
      );
    },
  }),
  activation({
    type: "GLU",
    label: "GLU",
    description: "Gated linear unit: splits dim in half, a ⊗ sigmoid(b).",
    params: [
      {
        name: "dim",
        label: "Dim",
        tooltip: "Dimension to split in half (counts the batch dimension; -1 = last).",
        spec: { kind: "int" },
        default: -1,
      },
    ],
    check(ctx, shape) {
      const dim = intParam(ctx.params, "dim");
      const resolved = resolveTorchDim(dim, shape.length);
      if (resolved === null)
        return fail(ctx, "invalid-param", dimRangeMessage("dim", dim, shape.length), "Use dim=-1.");
      if (resolved === 0) {
        return fail(ctx, "invalid-param", "GLU over dim 0 would split the batch.", "Use dim=-1.");
      }
      const size = shape[resolved - 1] ?? 0;
      if (size % 2 !== 0) {
        return fail(
          ctx,
          "invalid-param",
          `GLU halves dim ${dim}, but its size ${size} is odd.`,
          "Make that dimension even or pick another dim.",
        );
      }
      const out = [...shape];
      out[resolved - 1] = size / 2;
      return { ok: true, shape: out };
    },
  }),
];
