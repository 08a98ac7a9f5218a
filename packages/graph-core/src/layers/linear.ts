/**
 * The linear family. `Linear` applies to the last dimension, as in torch, so `[L, E]` inputs map
 * to `[L, out_features]`; `in_features` is inferred from the input and only checked when pinned.
 * (Bilinear takes two un-ported inputs, which model-flow reserves for merge nodes, so it is not
 * offered.)
 */
import { fail } from "../shape/result";
import { numel } from "../shape/arithmetic";
import { isShape, pyInt, singleInput } from "./layer-helpers";
import { boolParam, FLOAT_ONLY, floatOrNull, intParam, pyModule } from "./params";
import type { TLayerContext, TLayerDef, TParamDef, TShapeResult } from "./types";

const LINEAR_PARAMS: readonly TParamDef[] = [
  {
    name: "in_features",
    label: "In features",
    tooltip: "Inferred from the input's last dimension; set it only to assert that size.",
    spec: { kind: "int", min: 1 },
    default: null,
    nullable: true,
  },
  {
    name: "out_features",
    label: "Out features",
    tooltip: "Size of the output's last dimension.",
    spec: { kind: "int", min: 1 },
  },
  {
    name: "bias",
    label: "Bias",
    tooltip: "Learn an additive bias (turn off before a norm layer).",
    spec: { kind: "bool" },
    default: true,
  },
];

function inFeatures(ctx: TLayerContext): number {
  const input = ctx.inputs[0] ?? [];
  return input[input.length - 1] ?? 0;
}

function linearShape(ctx: TLayerContext): TShapeResult {
  const input = singleInput(ctx);
  if (!isShape(input)) return input;
  const last = input[input.length - 1];
  if (last === undefined) {
    return fail(
      ctx,
      "rank-mismatch",
      "Linear needs at least one feature dimension.",
      "Give the Input a shape such as [features].",
    );
  }
  const pinned = floatOrNull(ctx.params, "in_features");
  if (pinned !== null && pinned !== last) {
    return fail(
      ctx,
      "shape-mismatch",
      `in_features=${pinned}, but the input's last dimension is ${last}.`,
      "Clear in_features so it is inferred, or add a Flatten before this layer.",
    );
  }
  return { ok: true, shape: [...input.slice(0, -1), intParam(ctx.params, "out_features")] };
}

/** The linear family. */
export const LINEAR_LAYERS: readonly TLayerDef[] = [
  {
    type: "Linear",
    family: "linear",
    label: "Linear",
    description: "Fully connected layer y = xWᵀ + b on the last dimension.",
    aliases: ["dense", "fc", "fully connected", "mlp"],
    params: LINEAR_PARAMS,
    inputs: 1,
    orderRole: "conv",
    // torch: "mat1 and mat2 must have the same dtype" on integer input.
    dtype: FLOAT_ONLY,
    inferShape: linearShape,
    paramCount(ctx) {
      const out = intParam(ctx.params, "out_features");
      return inFeatures(ctx) * out + (boolParam(ctx.params, "bias") ? out : 0);
    },
    macs(ctx, output) {
      // One multiply-accumulate per input feature for every output element.
      return inFeatures(ctx) * numel(output);
    },
    toPyTorch(ctx) {
      const args = [pyInt(inFeatures(ctx)), pyInt(intParam(ctx.params, "out_features"))];
      if (!boolParam(ctx.params, "bias")) args.push("bias=False");
      return { module: pyModule("Linear", args) };
    },
  },
];
