/**
 * The padding family: ZeroPad2d, ReflectionPad2d, ReplicationPad2d. `padding` is an int or
 * (left, right, top, bottom); negative values crop, as in torch.
 */
import { formatShape } from "../shape/arithmetic";
import { fail, ok, rankMismatch } from "../shape/result";
import { intTuple, KEEPS_DTYPE, pyModule } from "./params";
import type { TLayerContext, TLayerDef, TShapeResult } from "./types";

type TPadKind = "Zero" | "Reflection" | "Replication";

function inferPad(ctx: TLayerContext, kind: TPadKind): TShapeResult {
  const type = `${kind}Pad2d`;
  const input = ctx.inputs[0]!;
  const [left, right, top, bottom] = intTuple(ctx.params, "padding", 4) as [
    number,
    number,
    number,
    number,
  ];
  if (kind === "Zero" && input.length === 1 && top === 0 && bottom === 0) {
    // torch pads the batched [N, W]: the (top, bottom) pair lands on the batch dim, harmless at 0.
    const outW = input[0]! + left + right;
    if (outW < 1)
      return fail(
        ctx,
        "empty-output",
        `${type} crops ${formatShape(input)} to ${outW}: nothing would be left`,
        "Use smaller negative padding.",
      );
    return ok([outW]);
  }
  // Constant padding works on any rank ≥ 2; reflection/replication need [H, W] or [C, H, W].
  if (input.length < 2 || (kind !== "Zero" && input.length > 3)) {
    return rankMismatch(
      ctx,
      type,
      input,
      kind === "Zero" ? "[…, H, W]" : "[C, H, W] or [H, W]",
      "Padding 2d works on the last two (spatial) dims.",
    );
  }
  const k = input.length;
  const h = input[k - 2]!;
  const w = input[k - 1]!;
  if (kind === "Reflection" && (left >= w || right >= w || top >= h || bottom >= h)) {
    return fail(
      ctx,
      "invalid-param",
      `ReflectionPad2d padding (${left}, ${right}, ${top}, ${bottom}) must be smaller than the input size ${h}×${w} in its dim`,
      `Use at most ${Math.min(h, w) - 1}, or ReplicationPad2d for larger padding.`,
    );
  }
  const outH = h + top + bottom;
  const outW = w + left + right;
  if (outH < 1 || outW < 1) {
    return fail(
      ctx,
      "empty-output",
      `${type} crops ${formatShape(input)} to ${outH}×${outW}: nothing would be left`,
      "Use smaller negative padding.",
    );
  }
  return ok([...input.slice(0, k - 2), outH, outW]);
}

function padDef(kind: TPadKind): TLayerDef {
  const type = `${kind}Pad2d`;
  return {
    type,
    family: "padding",
    label: `${kind} Pad 2D`,
    description:
      kind === "Zero"
        ? "Pads the borders with zeros (torch.nn.ZeroPad2d)."
        : kind === "Reflection"
          ? "Pads with a mirror image of the border, excluding the edge (torch.nn.ReflectionPad2d); padding must be smaller than the input."
          : "Pads by repeating the edge value (torch.nn.ReplicationPad2d).",
    aliases: [
      "pad",
      "padding",
      kind === "Zero" ? "zero pad" : kind === "Reflection" ? "reflect pad" : "replicate pad",
    ],
    params: [
      {
        name: "padding",
        label: "Padding",
        tooltip: "One int for all sides, or [left, right, top, bottom]. Negative values crop.",
        spec: { kind: "int-tuple", rank: 4 },
      },
    ],
    inputs: 1,
    orderRole: null,
    dtype: KEEPS_DTYPE,
    inferShape: (ctx) => inferPad(ctx, kind),
    paramCount: () => 0,
    macs: () => 0,
    toPyTorch(ctx) {
      const p = ctx.params.padding!;
      return { module: pyModule(type, [Array.isArray(p) ? `(${p.join(", ")})` : String(p)]) };
    },
  };
}

/** The padding family. */
export const PADDING_LAYERS: readonly TLayerDef[] = [
  padDef("Zero"),
  padDef("Reflection"),
  padDef("Replication"),
];
