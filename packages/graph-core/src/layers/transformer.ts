/**
 * The transformer modules of the attention family: TransformerEncoder (a stack of encoder
 * layers), TransformerDecoderLayer(tgt, memory) and Transformer(src, tgt). Two-input modules take
 * their inputs by port like merge nodes: port 0 is tgt (decoder layer) or src (Transformer), port 1
 * memory or tgt; the output has tgt's shape.
 *
 * TransformerEncoder's torch constructor takes a built `encoder_layer` module; model-flow flattens
 * it: the TransformerEncoderLayer arguments (d_model … bias, batch_first included) plus
 * `num_layers`, `norm` (null = torch's None, or "LayerNorm" = `nn.LayerNorm(d_model,
 * eps=layer_norm_eps, bias=bias)`, the final norm nn.Transformer builds itself),
 * `enable_nested_tensor` and `mask_check`. Codegen emits
 * `nn.TransformerEncoder(nn.TransformerEncoderLayer(…), num_layers, norm=…)`.
 *
 * Shapes exclude the batch, as for TransformerEncoderLayer: a `[L, E]` sample reaches torch as
 * `[N, L, E]`. With `batch_first=True` those are N sequences. With torch's default False torch
 * reads (L = N, batch = L, E): it runs with the same shapes, but attends across the samples — a
 * `batch-mixing` warning — and a pair of sequences then needs equal first dims (torch's batch
 * dims). A `[E]` sample is one unbatched sequence of the N samples (also `batch-mixing`). Unlike
 * the encoder layers, nn.Transformer's d_model has a torch default (512), kept as is.
 */
import type { TDiagnostic } from "../analysis/types";
import type { TShape } from "../graph/types";
import { fail, ok } from "../shape/result";
import { mhaParams, TEL_PARAMS } from "./attention";
import { pyInt, warningOn } from "./layer-helpers";
import {
  boolParam,
  FLOAT_ONLY,
  floatOrNull,
  intParam,
  pyFloat,
  pyKwargs,
  pyModule,
  strParam,
} from "./params";
import type { TLayerContext, TLayerDef, TParamDef, TShapeResult } from "./types";

const BATCH_FIRST: TParamDef = {
  name: "batch_first",
  label: "Batch first",
  tooltip:
    "True: inputs are [N, L, E] (what graph edges carry). torch's default False attends across the batch.",
  spec: { kind: "bool" },
  default: false,
};

/** TransformerEncoderLayer's params in torch's order, batch_first included. */
const LAYER_PARAMS: readonly TParamDef[] = [
  ...TEL_PARAMS.filter((p) => p.name !== "norm_first" && p.name !== "bias"),
  BATCH_FIRST,
  ...TEL_PARAMS.filter((p) => p.name === "norm_first" || p.name === "bias"),
];
const ENCODER_ONLY = ["num_layers", "norm", "enable_nested_tensor", "mask_check"];

const ENCODER_PARAMS: readonly TParamDef[] = [
  ...LAYER_PARAMS,
  {
    name: "num_layers",
    label: "Layers",
    tooltip: "How many copies of the encoder layer are stacked.",
    spec: { kind: "int", min: 1 },
  },
  {
    name: "norm",
    label: "Final norm",
    tooltip: 'A LayerNorm after the last layer ("LayerNorm"), or none (empty).',
    spec: { kind: "enum", values: ["LayerNorm"] },
    default: null,
    nullable: true,
  },
  {
    name: "enable_nested_tensor",
    label: "Nested tensors",
    tooltip: "Let torch skip padded positions in inference (no effect on shapes).",
    spec: { kind: "bool" },
    default: true,
  },
  {
    name: "mask_check",
    label: "Mask check",
    tooltip: "Let torch check that padding masks are left-aligned (no effect on shapes).",
    spec: { kind: "bool" },
    default: true,
  },
];

function withDefault(name: string, value: number, tooltip: string): TParamDef {
  const p = LAYER_PARAMS.find((d) => d.name === name)!;
  return { ...p, tooltip, spec: { kind: "int", min: 1 }, default: value, nullable: false };
}

function layerCount(name: string, what: string): TParamDef {
  return {
    name,
    label: `${what} layers`,
    tooltip: `How many ${what.toLowerCase()} layers are stacked.`,
    spec: { kind: "int", min: 1 },
    default: 6,
  };
}

const TRANSFORMER_PARAMS: readonly TParamDef[] = [
  withDefault("d_model", 512, "Model width; both inputs' last dimension must equal it."),
  withDefault("nhead", 8, "Number of attention heads; must divide d_model."),
  layerCount("num_encoder_layers", "Encoder"),
  layerCount("num_decoder_layers", "Decoder"),
  ...LAYER_PARAMS.filter((p) => p.name !== "d_model" && p.name !== "nhead"),
];

/** d_model in use: the pinned (or default) value, else the port-0 input's last dim. */
function width(ctx: TLayerContext): number {
  const input = ctx.inputs[0] ?? [];
  return floatOrNull(ctx.params, "d_model") ?? input[input.length - 1] ?? 0;
}

function layerNorms(d: number, bias: boolean, count: number): number {
  return count * (bias ? 2 * d : d);
}

function encoderLayerParams(ctx: TLayerContext): number {
  const d = width(ctx);
  const ff = intParam(ctx.params, "dim_feedforward");
  const bias = boolParam(ctx.params, "bias");
  return mhaParams(d, bias, false) + 2 * d * ff + (bias ? ff + d : 0) + layerNorms(d, bias, 2);
}

function decoderLayerParams(ctx: TLayerContext): number {
  const d = width(ctx);
  const ff = intParam(ctx.params, "dim_feedforward");
  const bias = boolParam(ctx.params, "bias");
  return 2 * mhaParams(d, bias, false) + 2 * d * ff + (bias ? ff + d : 0) + layerNorms(d, bias, 3);
}

/** Attention of l queries over s keys of width e: projections, scores and weighted sum. */
function attentionMacs(l: number, s: number, e: number): number {
  return 2 * l * e * e + 2 * s * e * e + 2 * l * s * e;
}

function steps(shape: TShape | undefined): number {
  return shape !== undefined && shape.length === 2 ? shape[0]! : 1;
}

function rankError(ctx: TLayerContext, type: string, name: string, input: TShape): TShapeResult {
  return fail(
    ctx,
    "rank-mismatch",
    `${type} expects ${name} as a [L, E] sequence (batch dimension not counted); got rank ${input.length} ([${input.join(", ")}]).`,
    "Flatten the spatial dims into one sequence dim first (e.g. Flatten(2) then a Transpose).",
  );
}

/** Checks width and heads; null when torch accepts them. */
function checkWidth(
  ctx: TLayerContext,
  type: string,
  named: [string, TShape][],
): TShapeResult | null {
  const d = width(ctx);
  for (const [name, input] of named) {
    const last = input[input.length - 1];
    if (last !== d) {
      return fail(
        ctx,
        "shape-mismatch",
        `${type} d_model=${d}, but ${name}'s last dimension is ${last}.`,
        `Make ${name} ${d} wide (e.g. a Linear(${d}) before it), or set d_model to match.`,
      );
    }
  }
  const heads = intParam(ctx.params, "nhead");
  if (d % heads !== 0) {
    return fail(
      ctx,
      "invalid-param",
      `nhead=${heads} does not divide d_model=${d}.`,
      `Pick a divisor of ${d}.`,
    );
  }
  return null;
}

/** `batch-mixing` warnings: an unbatched sample, or batch_first=False. */
function batchWarnings(ctx: TLayerContext, type: string, rank: number): TDiagnostic[] {
  if (rank === 1) {
    return [
      warningOn(
        ctx,
        "batch-mixing",
        `A [E] input reaches ${type} as [N, E], which torch reads as ONE unbatched sequence of the N samples.`,
        "Give it a [L, E] sequence.",
      ),
    ];
  }
  if (boolParam(ctx.params, "batch_first")) return [];
  return [
    warningOn(
      ctx,
      "batch-mixing",
      `batch_first=False: torch reads [N, L, E] as sequence = N, batch = L, so attention mixes the samples of a batch.`,
      "Set batch_first=True: graph edges carry the batch first.",
    ),
  ];
}

function encoderShape(ctx: TLayerContext): TShapeResult {
  const input = ctx.inputs[0]!;
  if (input.length < 1 || input.length > 2)
    return rankError(ctx, "TransformerEncoder", "its input", input);
  const bad = checkWidth(ctx, "TransformerEncoder", [["the input", input]]);
  if (bad !== null) return bad;
  return ok(input, batchWarnings(ctx, "TransformerEncoder", input.length));
}

/**
 * Shape of a two-input module: port 0 and port 1 named `names`, the output shaped like `out`'s
 * input. Both batched (rank 2) or both unbatched (rank 1), as torch needs.
 */
function pairShape(
  ctx: TLayerContext,
  type: string,
  names: [string, string],
  out: 0 | 1,
): TShapeResult {
  const [a, b] = ctx.inputs;
  if (a === undefined || b === undefined) {
    return fail(
      ctx,
      "missing-input",
      `${type} needs two inputs.`,
      `Connect ${names[0]} to port 0 and ${names[1]} to port 1.`,
    );
  }
  for (const [name, input] of [
    [names[0], a],
    [names[1], b],
  ] as const) {
    if (input.length < 1 || input.length > 2) return rankError(ctx, type, name, input);
  }
  if (a.length !== b.length) {
    return fail(
      ctx,
      "rank-mismatch",
      `${type} needs ${names[0]} and ${names[1]} both as [L, E] sequences (or both [E]); got [${a.join(", ")}] and [${b.join(", ")}].`,
      "Give both inputs the same rank.",
    );
  }
  const bad = checkWidth(ctx, type, [
    [names[0], a],
    [names[1], b],
  ]);
  if (bad !== null) return bad;
  if (a.length === 2 && !boolParam(ctx.params, "batch_first") && a[0] !== b[0]) {
    return fail(
      ctx,
      "shape-mismatch",
      `With batch_first=False torch reads dim 1 as the batch: ${names[0]} has ${a[0]}, ${names[1]} ${b[0]}, and they must be equal.`,
      "Set batch_first=True (graph edges carry the batch first).",
    );
  }
  return ok(out === 0 ? a : b, batchWarnings(ctx, type, a.length));
}

/** `nn.LayerNorm(d, eps=…, bias=…)` as nn.Transformer builds its final norms. */
function finalNorm(ctx: TLayerContext): string {
  const args = [pyInt(width(ctx))];
  const eps = floatOrNull(ctx.params, "layer_norm_eps") ?? 1e-5;
  if (eps !== 1e-5) args.push(`eps=${pyFloat(eps)}`);
  if (!boolParam(ctx.params, "bias")) args.push("bias=False");
  return pyModule("LayerNorm", args);
}

const TWO_INPUTS = (inputs: string[], self: string): string =>
  `${self}(${inputs[0] ?? "x0"}, ${inputs[1] ?? "x1"})`;

const ENCODER_DEF: TLayerDef = {
  type: "TransformerEncoder",
  family: "attention",
  label: "Transformer encoder",
  description:
    "num_layers stacked TransformerEncoderLayers (+ an optional final LayerNorm) over a [L, E] sequence (torch.nn.TransformerEncoder).",
  aliases: ["transformer encoder", "encoder stack", "bert"],
  params: ENCODER_PARAMS,
  inputs: 1,
  orderRole: null,
  dtype: FLOAT_ONLY,
  inferShape: encoderShape,
  paramCount(ctx) {
    const norm = strParam(ctx.params, "norm") === "LayerNorm";
    const d = width(ctx);
    return (
      intParam(ctx.params, "num_layers") * encoderLayerParams(ctx) +
      (norm ? layerNorms(d, boolParam(ctx.params, "bias"), 1) : 0)
    );
  },
  macs(ctx, output) {
    const l = steps(output);
    const e = width(ctx);
    const perLayer = attentionMacs(l, l, e) + 2 * l * e * intParam(ctx.params, "dim_feedforward");
    return intParam(ctx.params, "num_layers") * perLayer;
  },
  toPyTorch(ctx) {
    const layerArgs = [
      pyInt(width(ctx)),
      pyInt(intParam(ctx.params, "nhead")),
      ...pyKwargs(ENCODER_DEF, ctx.params, ["d_model", "nhead", ...ENCODER_ONLY]),
    ];
    const args = [
      pyModule("TransformerEncoderLayer", layerArgs),
      pyInt(intParam(ctx.params, "num_layers")),
    ];
    if (strParam(ctx.params, "norm") === "LayerNorm") args.push(`norm=${finalNorm(ctx)}`);
    if (!boolParam(ctx.params, "enable_nested_tensor")) args.push("enable_nested_tensor=False");
    if (!boolParam(ctx.params, "mask_check")) args.push("mask_check=False");
    return { module: pyModule("TransformerEncoder", args) };
  },
};

const DECODER_LAYER_DEF: TLayerDef = {
  type: "TransformerDecoderLayer",
  family: "attention",
  label: "Transformer decoder layer",
  description:
    "Self-attention on tgt (port 0), cross-attention to memory (port 1), MLP, with residuals and LayerNorms (torch.nn.TransformerDecoderLayer).",
  aliases: ["transformer decoder", "decoder", "cross attention"],
  params: LAYER_PARAMS,
  inputs: 2,
  orderRole: null,
  dtype: FLOAT_ONLY,
  inferShape: (ctx) => pairShape(ctx, "TransformerDecoderLayer", ["tgt", "memory"], 0),
  paramCount: decoderLayerParams,
  macs(ctx, output) {
    const t = steps(output);
    const s = steps(ctx.inputs[1]);
    const e = width(ctx);
    const ff = intParam(ctx.params, "dim_feedforward");
    return attentionMacs(t, t, e) + attentionMacs(t, s, e) + 2 * t * e * ff;
  },
  toPyTorch(ctx) {
    const args = [
      pyInt(width(ctx)),
      pyInt(intParam(ctx.params, "nhead")),
      ...pyKwargs(DECODER_LAYER_DEF, ctx.params, ["d_model", "nhead"]),
    ];
    return { module: pyModule("TransformerDecoderLayer", args), forward: TWO_INPUTS };
  },
};

const TRANSFORMER_DEF: TLayerDef = {
  type: "Transformer",
  family: "attention",
  label: "Transformer",
  description:
    "The encoder-decoder transformer (torch.nn.Transformer): src on port 0, tgt on port 1; outputs tgt's shape.",
  aliases: ["transformer", "seq2seq", "encoder-decoder"],
  params: TRANSFORMER_PARAMS,
  inputs: 2,
  orderRole: null,
  dtype: FLOAT_ONLY,
  inferShape: (ctx) => pairShape(ctx, "Transformer", ["src", "tgt"], 1),
  paramCount(ctx) {
    const d = width(ctx);
    const bias = boolParam(ctx.params, "bias");
    return (
      intParam(ctx.params, "num_encoder_layers") * encoderLayerParams(ctx) +
      intParam(ctx.params, "num_decoder_layers") * decoderLayerParams(ctx) +
      layerNorms(d, bias, 2)
    );
  },
  macs(ctx, output) {
    const s = steps(ctx.inputs[0]);
    const t = steps(output);
    const e = width(ctx);
    const ff = intParam(ctx.params, "dim_feedforward");
    const encoder = attentionMacs(s, s, e) + 2 * s * e * ff;
    const decoder = attentionMacs(t, t, e) + attentionMacs(t, s, e) + 2 * t * e * ff;
    return (
      intParam(ctx.params, "num_encoder_layers") * encoder +
      intParam(ctx.params, "num_decoder_layers") * decoder
    );
  },
  toPyTorch(ctx) {
    return {
      module: pyModule("Transformer", pyKwargs(TRANSFORMER_DEF, ctx.params)),
      forward: TWO_INPUTS,
    };
  },
};

/** TransformerEncoder, TransformerDecoderLayer and Transformer (attention family). */
export const TRANSFORMER_LAYERS: readonly TLayerDef[] = [
  ENCODER_DEF,
  DECODER_LAYER_DEF,
  TRANSFORMER_DEF,
];
