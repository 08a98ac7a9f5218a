/**
 * The attention family: self-attention `MultiheadAttention` and `TransformerEncoderLayer`.
 *
 * Shapes exclude the batch, so a sequence is `[L, E]` and we always emit `batch_first=True`.
 * torch requires `embed_dim`/`d_model` and asserts that it equals the input's last dim; here it
 * defaults to that dim (null = infer) and is checked when pinned. torch also accepts a 2-D batched
 * tensor `[N, E]` by reading it as one unbatched sequence of length N — that runs, so it is a
 * warning (attention would mix samples), not an error. 4-D and higher raise in torch.
 *
 * Parameter counts follow torch's modules exactly: in_proj_weight [3E, E], in_proj_bias [3E],
 * out_proj (E×E + E), bias_k/bias_v [1, 1, E] each; bias=False drops both in/out biases.
 */
import { fail } from "../shape/result";
import { isShape, pyInt, singleInput, warningOn } from "./layer-helpers";
import { boolParam, FLOAT_ONLY, floatOrNull, intParam, pyKwargs } from "./params";
import type { TLayerContext, TLayerDef, TParamDef, TShapeResult } from "./types";

const DROPOUT: TParamDef = {
  name: "dropout",
  label: "Dropout",
  tooltip: "Dropout probability on the attention weights, between 0 and 1.",
  spec: { kind: "float", min: 0, max: 1 },
  default: 0.0,
};

const BIAS: TParamDef = {
  name: "bias",
  label: "Bias",
  tooltip: "Learn biases in the projections (and, for the encoder layer, in its norms).",
  spec: { kind: "bool" },
  default: true,
};

function widthParam(name: string, label: string): TParamDef {
  return {
    name,
    label,
    tooltip:
      "Model width; inferred from the input's last dimension. Set it only to assert that size.",
    spec: { kind: "int", min: 1 },
    default: null,
    nullable: true,
  };
}

function headsParam(name: string): TParamDef {
  return {
    name,
    label: "Heads",
    tooltip: "Number of attention heads; must divide the model width.",
    spec: { kind: "int", min: 1 },
  };
}

const MHA_PARAMS: readonly TParamDef[] = [
  widthParam("embed_dim", "Embed dim"),
  headsParam("num_heads"),
  DROPOUT,
  BIAS,
  {
    name: "add_bias_kv",
    label: "Bias on K/V",
    tooltip: "Append a learned bias token to keys and values.",
    spec: { kind: "bool" },
    default: false,
  },
  {
    name: "add_zero_attn",
    label: "Zero attention",
    tooltip: "Append a zero token to keys and values.",
    spec: { kind: "bool" },
    default: false,
  },
];

/** TransformerEncoderLayer's params (also the flattened encoder layer of TransformerEncoder). */
export const TEL_PARAMS: readonly TParamDef[] = [
  widthParam("d_model", "Model dim"),
  headsParam("nhead"),
  {
    name: "dim_feedforward",
    label: "Feed-forward dim",
    tooltip: "Hidden width of the two-layer MLP.",
    // torch builds and runs a 0-wide MLP (it only adds linear2's bias), so 0 is a warning.
    spec: { kind: "int", min: 0 },
    default: 2048,
  },
  { ...DROPOUT, tooltip: "Dropout probability (attention, MLP and residuals).", default: 0.1 },
  {
    name: "activation",
    label: "Activation",
    tooltip: "MLP nonlinearity.",
    spec: { kind: "enum", values: ["relu", "gelu"] },
    default: "relu",
  },
  {
    name: "layer_norm_eps",
    label: "Norm epsilon",
    // torch accepts any value here (0 or negative included), so no range.
    tooltip: "Epsilon of both LayerNorms (keep it small and positive).",
    spec: { kind: "float" },
    default: 1e-5,
  },
  {
    name: "norm_first",
    label: "Pre-norm",
    tooltip: "Apply LayerNorm before attention/MLP (pre-LN) instead of after.",
    spec: { kind: "bool" },
    default: false,
  },
  BIAS,
];

/** The model width actually used: the pinned param, else the input's last dim. */
function width(ctx: TLayerContext, name: string): number {
  const input = ctx.inputs[0] ?? [];
  return floatOrNull(ctx.params, name) ?? input[input.length - 1] ?? 0;
}

function attentionShape(ctx: TLayerContext, widthName: string, headsName: string): TShapeResult {
  const input = singleInput(ctx);
  if (!isShape(input)) return input;
  if (input.length > 2) {
    return fail(
      ctx,
      "rank-mismatch",
      `Attention expects a [L, E] sequence; got rank ${input.length} ([${input.join(", ")}]).`,
      "Flatten the spatial dims into one sequence dim first (e.g. Flatten(2) then a permute).",
    );
  }
  const last = input[input.length - 1] ?? 0;
  const e = width(ctx, widthName);
  if (e !== last) {
    return fail(
      ctx,
      "shape-mismatch",
      `${widthName}=${e}, but the input's last dimension is ${last}.`,
      `Clear ${widthName} so it is inferred, or add a Linear(${e}) before this layer.`,
    );
  }
  const heads = intParam(ctx.params, headsName);
  if (e % heads !== 0) {
    return fail(
      ctx,
      "invalid-param",
      `${headsName}=${heads} does not divide the width ${e}.`,
      `Pick a divisor of ${e}.`,
    );
  }
  if (input.length === 1) {
    const warning = warningOn(
      ctx,
      "rank-mismatch",
      `A [${last}] input reaches torch as [N, ${last}], which it reads as ONE sequence of the N samples.`,
      "Give the layer a [L, E] sequence.",
    );
    return { ok: true, shape: input, diagnostics: [warning] };
  }
  return { ok: true, shape: input };
}

/** sum(p.numel()) of a MultiheadAttention of width `e`. */
export function mhaParams(e: number, bias: boolean, biasKv: boolean): number {
  return 4 * e * e + (bias ? 4 * e : 0) + (biasKv ? 2 * e : 0);
}

/**
 * Projections 4·L·E² plus scores and weighted sum 2·L·S·E, where the S keys are the L tokens plus
 * the bias_k token and the zero token when enabled (torch's flop counter agrees). For a [E] input
 * torch attends over the batch, so per-sample MACs depend on the batch size; L = 1 stands in.
 */
function mhaMacs(output: readonly number[], extraKeys = 0): number {
  const e = output[output.length - 1] ?? 0;
  const l = output.length === 2 ? (output[0] ?? 1) : 1;
  return 4 * l * e * e + 2 * l * (l + extraKeys) * e;
}

const SELF_ATTENTION = (inputs: string[], self: string): string => {
  const x = inputs[0] ?? "x";
  return `${self}(${x}, ${x}, ${x}, need_weights=False)[0]`;
};

const MHA_DEF: TLayerDef = {
  type: "MultiheadAttention",
  family: "attention",
  label: "Multi-head attention",
  description: "Self-attention over a [L, E] sequence (query = key = value = input).",
  aliases: ["mha", "attention", "self-attention"],
  params: MHA_PARAMS,
  inputs: 1,
  orderRole: null,
  dtype: FLOAT_ONLY,
  inferShape: (ctx) => attentionShape(ctx, "embed_dim", "num_heads"),
  paramCount: (ctx) =>
    mhaParams(
      width(ctx, "embed_dim"),
      boolParam(ctx.params, "bias"),
      boolParam(ctx.params, "add_bias_kv"),
    ),
  macs: (ctx, output) =>
    mhaMacs(
      output,
      (boolParam(ctx.params, "add_bias_kv") ? 1 : 0) +
        (boolParam(ctx.params, "add_zero_attn") ? 1 : 0),
    ),
  toPyTorch(ctx) {
    const rest = pyKwargs(MHA_DEF, ctx.params, ["embed_dim", "num_heads"]);
    const args = [
      pyInt(width(ctx, "embed_dim")),
      pyInt(intParam(ctx.params, "num_heads")),
      ...rest,
    ];
    return {
      module: `nn.MultiheadAttention(${[...args, "batch_first=True"].join(", ")})`,
      forward: SELF_ATTENTION,
    };
  },
};

const TEL_DEF: TLayerDef = {
  type: "TransformerEncoderLayer",
  family: "attention",
  label: "Transformer encoder layer",
  description: "Self-attention + MLP with residuals and LayerNorms, over a [L, E] sequence.",
  aliases: ["transformer", "encoder", "vit block"],
  params: TEL_PARAMS,
  inputs: 1,
  orderRole: null,
  dtype: FLOAT_ONLY,
  inferShape(ctx) {
    const result = attentionShape(ctx, "d_model", "nhead");
    if (!result.ok || intParam(ctx.params, "dim_feedforward") > 0) return result;
    const warning = warningOn(
      ctx,
      "invalid-param",
      "dim_feedforward=0 leaves the feed-forward block empty: it only adds a bias.",
      "Use about 4× the model width (e.g. 2048 for 512).",
    );
    return { ...result, diagnostics: [...(result.diagnostics ?? []), warning] };
  },
  paramCount(ctx) {
    const d = width(ctx, "d_model");
    const ff = intParam(ctx.params, "dim_feedforward");
    const bias = boolParam(ctx.params, "bias");
    const mlp = 2 * d * ff + (bias ? ff + d : 0);
    const norms = 2 * (d + (bias ? d : 0));
    return mhaParams(d, bias, false) + mlp + norms;
  },
  macs(ctx, output) {
    const d = output[output.length - 1] ?? 0;
    const l = output.length === 2 ? (output[0] ?? 1) : 1;
    return mhaMacs(output) + 2 * l * d * intParam(ctx.params, "dim_feedforward");
  },
  toPyTorch(ctx) {
    const rest = pyKwargs(TEL_DEF, ctx.params, ["d_model", "nhead"]);
    const args = [pyInt(width(ctx, "d_model")), pyInt(intParam(ctx.params, "nhead")), ...rest];
    return { module: `nn.TransformerEncoderLayer(${[...args, "batch_first=True"].join(", ")})` };
  },
};

/** The attention family. */
export const ATTENTION_LAYERS: readonly TLayerDef[] = [MHA_DEF, TEL_DEF];
