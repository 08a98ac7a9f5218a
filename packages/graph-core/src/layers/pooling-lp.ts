/**
 * More of the pooling family: LPPool1d/2d/3d (a power-average pool: avg_pool of xᵖ, then the
 * p-th root, no padding) and FractionalMaxPool2d/3d (max over pseudo-random windows, to a given
 * `output_size` or `output_ratio` of the input). Both are channel-agnostic like torch's
 * pools: [C, …n dims] or […n dims].
 */
import { numel } from "../shape/arithmetic";
import { checkPoolRank, fail, ok, spatialName } from "../shape/result";
import { inferPool } from "./pooling";
import { boolParam, dimOf, FLOAT_ONLY, pyKwargs, pyModule, tupleProd } from "./params";
import type { TDtypeRule, TLayerContext, TLayerDef, TParamDef, TShapeResult } from "./types";

/** lp_pool takes integer tensors and gives floats (the p-th root). */
const ANY_TO_FLOAT: TDtypeRule = { input: "any", output: "float" };

function kernelParam(n: number): TParamDef {
  return {
    name: "kernel_size",
    label: "Kernel size",
    tooltip: `Window size: an int or ${n} ints.`,
    spec: { kind: "int-tuple", rank: n, min: 1 },
  };
}

function lpPoolDef(n: number): TLayerDef {
  const type = `LPPool${n}d`;
  const def: TLayerDef = {
    type,
    family: "pooling",
    label: `LP Pool ${n}D`,
    description: `Power-average pooling (torch.nn.${type}): (Σ xᵖ)^(1/p) over each window; p = 1 is sum pooling, p → ∞ max pooling.`,
    aliases: [`lppool${n}d`, "power pool"],
    params: [
      {
        name: "norm_type",
        label: "Norm p",
        tooltip: "The power p of the power average (2 for an L2 pool).",
        spec: { kind: "float" },
      },
      kernelParam(n),
      {
        name: "stride",
        label: "Stride",
        tooltip: "Step between windows; empty (None) means the kernel size.",
        spec: { kind: "int-tuple", rank: n, min: 1 },
        nullable: true,
        default: null,
      },
      {
        name: "ceil_mode",
        label: "Ceil mode",
        tooltip: "Round the output size up: a partial last window is kept.",
        spec: { kind: "bool" },
        default: false,
      },
    ],
    inputs: 1,
    orderRole: null,
    dtype: ANY_TO_FLOAT,
    // lp_pool is avg_pool (no padding) of xᵖ: the same shape rules.
    inferShape: (ctx) => inferPool(ctx, type, n, false),
    paramCount: () => 0,
    macs: (ctx, output) => numel(output) * tupleProd(ctx.params.kernel_size, n),
    toPyTorch(ctx) {
      return { module: pyModule(type, pyKwargs(def, ctx.params)) };
    },
  };
  return def;
}

function fractionalShape(ctx: TLayerContext, type: string, n: number): TShapeResult {
  const rank = checkPoolRank(ctx, type, n);
  if (rank !== null) return rank;
  const { output_size: size, output_ratio: ratio } = ctx.params;
  if ((size === null) === (ratio === null)) {
    return fail(
      ctx,
      "invalid-param",
      size === null
        ? `${type} needs output_size or output_ratio`
        : `${type} takes output_size or output_ratio, not both`,
      "Give output_size (the target size) or output_ratio (a fraction of the input in (0, 1)).",
    );
  }
  if (boolParam(ctx.params, "return_indices")) {
    return fail(
      ctx,
      "invalid-param",
      `${type} with return_indices=True returns (output, indices); an edge carries one tensor`,
      "Set return_indices to false.",
    );
  }
  const input = ctx.inputs[0]!;
  const lead = input.length - n;
  const out = input.slice();
  for (let i = 0; i < n; i++) {
    const size = fractionalSize(ctx, type, n, i, input[lead + i]!);
    if (typeof size !== "number") return size;
    out[lead + i] = size;
  }
  return ok(out);
}

/** Output size of spatial dim `i` (input `length`), or the failure torch would give. */
function fractionalSize(
  ctx: TLayerContext,
  type: string,
  n: number,
  i: number,
  length: number,
): number | TShapeResult {
  const { output_size: size, output_ratio: ratio, kernel_size: kernel } = ctx.params;
  if (ratio !== null && dimOf(ratio, i) >= 1) {
    return fail(
      ctx,
      "invalid-param",
      `${type} output_ratio ${dimOf(ratio, i)} must be below 1 (it is a fraction of the input)`,
      "Use a ratio in (0, 1), e.g. 0.5 halves each size.",
    );
  }
  // torch truncates size × ratio, as int(input_size * ratio) in Python.
  const target = size !== null ? dimOf(size, i) : Math.trunc(length * dimOf(ratio, i));
  const k = dimOf(kernel, i);
  const name = spatialName(n, i);
  if (target < 1) {
    return fail(
      ctx,
      "empty-output",
      `${type} output_ratio leaves ${name} = ${length} with ${target} elements: the output would be empty`,
      "Use a larger output_ratio, or output_size.",
    );
  }
  // torch's 3d kernel is stricter than its 2d one: output + kernel - 1 must stay below the input.
  const limit = n === 3 ? length - k : length - k + 1;
  if (target > limit) {
    return fail(
      ctx,
      "invalid-param",
      `${type} cannot make ${target} windows of ${k} from ${name} = ${length} (needs output + kernel - 1 ${n === 3 ? "<" : "≤"} input)`,
      limit >= 1
        ? `Use output size ≤ ${limit} or a smaller kernel_size in ${name}.`
        : `Use a smaller kernel_size in ${name}.`,
    );
  }
  return target;
}

function fractionalDef(n: number): TLayerDef {
  const type = `FractionalMaxPool${n}d`;
  const def: TLayerDef = {
    type,
    family: "pooling",
    label: `Fractional Max Pool ${n}D`,
    description: `Max over pseudo-random overlapping windows to a fractional size (torch.nn.${type}); give output_size or output_ratio.`,
    aliases: [`fractionalmaxpool${n}d`, "fractional pool"],
    params: [
      kernelParam(n),
      {
        name: "output_size",
        label: "Output size",
        tooltip: `Target size: an int or ${n} ints (or give output_ratio instead).`,
        spec: { kind: "int-tuple", rank: n, min: 1 },
        nullable: true,
        default: null,
      },
      {
        name: "output_ratio",
        label: "Output ratio",
        tooltip: `Output size as a fraction of the input, in (0, 1): a number or ${n} numbers.`,
        spec: { kind: "float-tuple", rank: n, min: 0 },
        nullable: true,
        default: null,
      },
      {
        name: "return_indices",
        label: "Return indices",
        tooltip:
          "Also return argmax indices. Not usable in a graph edge, which carries one tensor.",
        spec: { kind: "bool" },
        default: false,
      },
    ],
    inputs: 1,
    orderRole: null,
    dtype: FLOAT_ONLY,
    inferShape: (ctx) => fractionalShape(ctx, type, n),
    paramCount: () => 0,
    macs: (ctx, output) => numel(output) * tupleProd(ctx.params.kernel_size, n),
    toPyTorch(ctx) {
      return { module: pyModule(type, pyKwargs(def, ctx.params)) };
    },
  };
  return def;
}

/** LPPool1d/2d/3d and FractionalMaxPool2d/3d (pooling family). */
export const LP_FRACTIONAL_POOLING_LAYERS: readonly TLayerDef[] = [
  lpPoolDef(1),
  lpPoolDef(2),
  lpPoolDef(3),
  fractionalDef(2),
  fractionalDef(3),
];
