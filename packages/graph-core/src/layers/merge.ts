/**
 * The merge family: Concat (torch.cat), Add and Multiply (torch broadcasting). Inputs arrive in
 * port order. Mismatch messages name both shapes and say how to make them meet.
 */
import type { TShape } from "../graph/types";
import { batchDimIndex, broadcastShapes, formatShape, numel } from "../shape/arithmetic";
import { fail, ok } from "../shape/result";
import { intParam } from "./params";
import type { TLayerContext, TLayerDef, TShapeResult } from "./types";

/** A hint for two shapes that should meet: upsample the deeper (smaller) branch, or project channels. */
export function meetHint(a: TShape, b: TShape, channelsMayDiffer: boolean): string {
  if (a.length !== b.length)
    return `The inputs have different ranks (${a.length} vs ${b.length}); flatten or reshape one of them.`;
  const sa = a.slice(1);
  const sb = b.slice(1);
  const spatialDiffers = sa.some((d, i) => d !== sb[i]);
  if (spatialDiffers) {
    const [big, small] = numel(sa) >= numel(sb) ? [sa, sb] : [sb, sa];
    const ratios = big.map((d, i) => d / small[i]!);
    const integer = ratios.every((r) => Number.isInteger(r) && r === ratios[0]);
    return integer
      ? `Upsample the deeper branch to ${formatShape(big)} (Upsample(scale_factor=${ratios[0]}) or ConvTranspose with stride ${ratios[0]}).`
      : `Upsample the deeper branch to ${formatShape(big)} (Upsample(size=[${big.join(", ")}])), or crop the other; use padding=1 with 3×3 convs so sizes halve exactly.`;
  }
  return channelsMayDiffer ? "" : `Project one branch to ${a[0]} channels with a 1×1 convolution.`;
}

function inferConcat(ctx: TLayerContext): TShapeResult {
  const inputs = ctx.inputs;
  const first = inputs[0]!;
  const dim = intParam(ctx.params, "dim");
  const axis = batchDimIndex(dim, first.length);
  if (axis === null) {
    return fail(
      ctx,
      "invalid-param",
      `Concat dim=${dim} is out of range for ${first.length + 1}-D tensors (batch included): use ${-(first.length + 1)}…${first.length}`,
      "dim=1 joins channels.",
    );
  }
  if (axis === -1) {
    return fail(
      ctx,
      "invalid-param",
      "Concat dim=0 joins along the batch dimension, which changes the batch size",
      "Use dim=1 to join channels.",
    );
  }
  const out = first.slice();
  for (let k = 1; k < inputs.length; k++) {
    const s = inputs[k]!;
    if (s.length !== first.length) {
      return fail(
        ctx,
        "shape-mismatch",
        `Concat inputs need the same number of dims: input 0 is ${formatShape(first)}, input ${k} is ${formatShape(s)}`,
        meetHint(first, s, true),
      );
    }
    for (let i = 0; i < s.length; i++) {
      if (i !== axis && s[i] !== first[i]) {
        return fail(
          ctx,
          "shape-mismatch",
          `Concat along dim ${dim} needs all other sizes equal: input 0 is ${formatShape(first)}, input ${k} is ${formatShape(s)}`,
          meetHint(first, s, true),
        );
      }
    }
    out[axis] = out[axis]! + s[axis]!;
  }
  return ok(out);
}

function inferBroadcast(ctx: TLayerContext, type: string): TShapeResult {
  let out: TShape = ctx.inputs[0]!;
  for (let k = 1; k < ctx.inputs.length; k++) {
    const s = ctx.inputs[k]!;
    const r = broadcastShapes(out, s);
    if (!r.ok && r.dim === -1) {
      return fail(
        ctx,
        "shape-mismatch",
        `${type} inputs need the same number of dims: ${formatShape(out)} and ${formatShape(s)} (input ${k}); with the batch dim, torch would align the batch against a feature dim`,
        meetHint(out, s, false),
      );
    }
    if (!r.ok) {
      return fail(
        ctx,
        "shape-mismatch",
        `${type} needs shapes that broadcast: ${formatShape(out)} and ${formatShape(s)} (input ${k}) differ at dim ${r.dim + 1} (batch = 0)`,
        meetHint(out, s, false),
      );
    }
    out = r.shape;
  }
  return ok(out);
}

function mergeDef(type: "Add" | "Multiply"): TLayerDef {
  const op = type === "Add" ? " + " : " * ";
  return {
    type,
    family: "merge",
    label: type,
    description:
      type === "Add"
        ? "Element-wise sum of its inputs with torch broadcasting (residual connections)."
        : "Element-wise product of its inputs with torch broadcasting (gating, attention masks).",
    aliases:
      type === "Add"
        ? ["add", "sum", "residual", "skip", "plus"]
        : ["multiply", "mul", "product", "gate"],
    params: [],
    inputs: "variadic",
    orderRole: null,
    // Integer tensors add and multiply as integers; mixed inputs promote to float.
    dtype: { input: "any", output: "same" },
    inferShape: (ctx) => inferBroadcast(ctx, type),
    paramCount: () => 0,
    macs: (ctx, output) => (type === "Multiply" ? numel(output) * (ctx.inputs.length - 1) : 0),
    toPyTorch: () => ({ module: null, forward: (inputs) => inputs.join(op) }),
  };
}

const CONCAT: TLayerDef = {
  type: "Concat",
  family: "merge",
  label: "Concat",
  description:
    "Joins its inputs along a dim (torch.cat); dim counts the batch dim like torch, so 1 joins channels (U-Net skip connections).",
  aliases: ["concat", "cat", "concatenate", "join", "skip"],
  params: [
    {
      name: "dim",
      label: "Dim",
      tooltip:
        "Dim to join along, counting the batch dim (1 = channels; negative counts from the end).",
      spec: { kind: "int" },
      default: 1,
    },
  ],
  inputs: "variadic",
  orderRole: null,
  dtype: { input: "any", output: "same" },
  inferShape: inferConcat,
  paramCount: () => 0,
  macs: () => 0,
  toPyTorch: (ctx) => ({
    module: null,
    forward: (inputs) => `torch.cat([${inputs.join(", ")}], dim=${intParam(ctx.params, "dim")})`,
  }),
};

/** The merge family. */
export const MERGE_LAYERS: readonly TLayerDef[] = [CONCAT, mergeDef("Add"), mergeDef("Multiply")];
