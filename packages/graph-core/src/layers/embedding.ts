/**
 * The embedding family: `Embedding` maps integer indices `[L]` (any shape) to `[L, embedding_dim]`.
 *
 * Index tensors: torch refuses float input ("Expected tensor for argument #1 'indices' to have one
 * of the following scalar types: Long, Int"). Shapes carry no dtype, so the Input node declares
 * it — `{"type": "Input", "params": {"shape": [128], "dtype": "long"}}` — and analysis carries it
 * along layers whose `dtype` rule keeps integers (Flatten, Unflatten, Identity, ReLU, …). The
 * `dtype` rule below makes analysis refuse anything but such an index tensor.
 */
import { fail } from "../shape/result";
import { isShape, pyInt, singleInput } from "./layer-helpers";
import { floatOrNull, intParam, pyKwargs, pyModule } from "./params";
import type { TLayerContext, TLayerDef, TParamDef, TShapeResult } from "./types";

const EMBEDDING_PARAMS: readonly TParamDef[] = [
  {
    name: "num_embeddings",
    label: "Vocabulary size",
    tooltip: "Number of rows: indices must be in 0…num_embeddings−1.",
    spec: { kind: "int", min: 1 },
  },
  {
    name: "embedding_dim",
    label: "Embedding dim",
    tooltip: "Size of each embedding vector (the new last dimension).",
    spec: { kind: "int", min: 1 },
  },
  {
    name: "padding_idx",
    label: "Padding index",
    tooltip:
      "Index whose vector stays zero and gets no gradient; −num_embeddings…num_embeddings−1.",
    spec: { kind: "int" },
    default: null,
    nullable: true,
  },
  {
    name: "max_norm",
    label: "Max norm",
    tooltip: "Renormalise looked-up vectors whose norm exceeds this.",
    spec: { kind: "float" },
    default: null,
    nullable: true,
  },
  {
    name: "norm_type",
    label: "Norm type",
    tooltip: "p of the p-norm used with max_norm.",
    spec: { kind: "float" },
    default: 2.0,
  },
  {
    name: "scale_grad_by_freq",
    label: "Scale grad by frequency",
    tooltip: "Scale gradients by the inverse frequency of words in the mini-batch.",
    spec: { kind: "bool" },
    default: false,
  },
  {
    name: "sparse",
    label: "Sparse gradients",
    tooltip: "Sparse weight gradients (only some optimisers support them).",
    spec: { kind: "bool" },
    default: false,
  },
];

function embeddingShape(ctx: TLayerContext): TShapeResult {
  const input = singleInput(ctx);
  if (!isShape(input)) return input;
  const rows = intParam(ctx.params, "num_embeddings");
  const padding = floatOrNull(ctx.params, "padding_idx");
  // torch asserts -num_embeddings <= padding_idx < num_embeddings at construction.
  if (padding !== null && (padding < -rows || padding >= rows)) {
    return fail(
      ctx,
      "invalid-param",
      `padding_idx=${padding} is outside the vocabulary (${-rows}…${rows - 1}).`,
      "Use 0 (or clear it).",
    );
  }
  return { ok: true, shape: [...input, intParam(ctx.params, "embedding_dim")] };
}

const EMBEDDING_DEF: TLayerDef = {
  type: "Embedding",
  family: "embedding",
  label: "Embedding",
  description: "Looks up a learned vector per integer index: [L] → [L, embedding_dim].",
  aliases: ["lookup", "token embedding", "word embedding"],
  params: EMBEDDING_PARAMS,
  inputs: 1,
  orderRole: null,
  // torch: "Expected tensor for argument #1 'indices' to have one of the following scalar types:
  // Long, Int"; analysis refuses a float input with `dtype-mismatch` before inferShape runs.
  dtype: { input: "long", output: "float" },
  inferShape: embeddingShape,
  paramCount: (ctx) =>
    intParam(ctx.params, "num_embeddings") * intParam(ctx.params, "embedding_dim"),
  // A lookup copies rows; nothing is multiplied.
  macs: () => 0,
  toPyTorch(ctx) {
    const head = [
      pyInt(intParam(ctx.params, "num_embeddings")),
      pyInt(intParam(ctx.params, "embedding_dim")),
    ];
    const rest = pyKwargs(EMBEDDING_DEF, ctx.params, ["num_embeddings", "embedding_dim"]);
    return { module: pyModule("Embedding", [...head, ...rest]) };
  },
};

/** The embedding family. */
export const EMBEDDING_LAYERS: readonly TLayerDef[] = [EMBEDDING_DEF];
