/**
 * The padding family: Zero, Constant, Reflection, Replication and Circular padding in 1, 2 and 3
 * dims (torch.nn.<Kind>Pad<d>d). `padding` is an int or 2·d ints, last dim first as in torch
 * (`(left, right, top, bottom, front, back)`); negative values crop.
 *
 * Ranks follow torch 2.13: constant (zero) padding pads the last d dims of any tensor with at
 * least d dims, so a batch-free input may have d - 1 dims, in which case the outermost pair lands
 * on the batch and must be zero (anything else changes or shifts the batch: refused). Reflection,
 * replication and circular padding take [C, …d dims] or […d dims] only.
 */
import { formatShape } from "../shape/arithmetic";
import { fail, ok, rankMismatch, spatialName } from "../shape/result";
import { dimOf, KEEPS_DTYPE, pyLiteral, pyModule } from "./params";
import type { TLayerContext, TLayerDef, TParamDef, TShapeResult } from "./types";

type TPadKind = "Zero" | "Constant" | "Reflection" | "Replication" | "Circular";

const DESCRIPTIONS: Readonly<Record<TPadKind, string>> = {
  Zero: "Pads the borders with zeros",
  Constant: "Pads the borders with a constant value",
  Reflection:
    "Pads with a mirror image of the border, excluding the edge; padding must be smaller than the input",
  Replication: "Pads by repeating the edge value",
  Circular: "Pads by wrapping around (periodic boundary); padding at most the input size",
};

const ALIAS: Readonly<Record<TPadKind, string>> = {
  Zero: "zero pad",
  Constant: "constant pad",
  Reflection: "reflect pad",
  Replication: "replicate pad",
  Circular: "circular pad",
};

/** Per-sample layouts a non-constant pad accepts, for messages. */
function layout(d: number): string {
  return d === 1 ? "[C, L] or [L]" : d === 2 ? "[C, H, W] or [H, W]" : "[C, D, H, W] or [D, H, W]";
}

/** The rank rule; null when the input rank is fine. */
function checkRank(
  ctx: TLayerContext,
  type: string,
  kind: TPadKind,
  d: number,
): TShapeResult | null {
  const input = ctx.inputs[0]!;
  const r = input.length;
  const isConstant = kind === "Zero" || kind === "Constant";
  if (isConstant) {
    if (r >= d) return null;
    // torch pads the batched tensor: the outermost pair lands on the batch dim, harmless at 0.
    const p = ctx.params.padding;
    if (r === d - 1 && dimOf(p, 2 * d - 2) === 0 && dimOf(p, 2 * d - 1) === 0) return null;
    return rankMismatch(
      ctx,
      type,
      input,
      `${d === 1 ? "[L]" : d === 2 ? "[…, H, W]" : "[…, D, H, W]"}`,
      r === d - 1
        ? `With ${r} dims the last padding pair would pad the batch: set it to 0, or use the ${r}d variant.`
        : `Padding ${d}d works on the last ${d} dims; use the ${Math.max(1, r)}d variant.`,
    );
  }
  if (r === d || r === d + 1) return null;
  return rankMismatch(
    ctx,
    type,
    input,
    layout(d),
    r > d + 1
      ? `Use the ${Math.min(3, r - 1)}d variant, or flatten leading dims first.`
      : `A ${r}-dim tensor has too few dims for ${type}; use the ${Math.max(1, r - 1)}d variant.`,
  );
}

/** The (low, high) padding of each padded dim, first padded dim first, as torch reads them. */
function pairs(ctx: TLayerContext, d: number): [number, number][] {
  const p = ctx.params.padding;
  const out: [number, number][] = [];
  // torch's tuple runs from the last dim outwards: pair j pads dim (-1 - j).
  for (let j = d - 1; j >= 0; j--) out.push([dimOf(p, 2 * j), dimOf(p, 2 * j + 1)]);
  return out;
}

function inferPad(ctx: TLayerContext, type: string, kind: TPadKind, d: number): TShapeResult {
  const rank = checkRank(ctx, type, kind, d);
  if (rank !== null) return rank;
  const input = ctx.inputs[0]!;
  // With d - 1 dims (constant pads only) the first pair is the batch's zero pair: skip it.
  const padded = Math.min(d, input.length);
  const lead = input.length - padded;
  const all = pairs(ctx, d).slice(d - padded);
  const out = input.slice();
  for (let i = 0; i < padded; i++) {
    const size = input[lead + i]!;
    const [lo, hi] = all[i]!;
    const name = spatialName(padded, i);
    if (kind === "Reflection" && (lo >= size || hi >= size)) {
      return fail(
        ctx,
        "invalid-param",
        `${type} padding (${lo}, ${hi}) must be smaller than the input size ${size} in its dim (${name})`,
        `Use at most ${size - 1} there, or Replication${type.slice(10)} for larger padding.`,
      );
    }
    if (kind === "Circular" && (lo > size || hi > size)) {
      return fail(
        ctx,
        "invalid-param",
        `${type} padding (${lo}, ${hi}) wraps around more than once: ${name} is only ${size}`,
        `Use at most ${size} there, or Replication${type.slice(8)} for larger padding.`,
      );
    }
    const length = size + lo + hi;
    if (length < 1) {
      return fail(
        ctx,
        "empty-output",
        `${type} crops ${formatShape(input)} to ${length} in ${name}: nothing would be left`,
        "Use smaller negative padding.",
      );
    }
    out[lead + i] = length;
  }
  return ok(out);
}

function padParams(kind: TPadKind, d: number): TParamDef[] {
  const names = ["left", "right", "top", "bottom", "front", "back"].slice(0, 2 * d).join(", ");
  const params: TParamDef[] = [
    {
      name: "padding",
      label: "Padding",
      tooltip: `One int for all sides, or [${names}]. Negative values crop.`,
      spec: { kind: "int-tuple", rank: 2 * d },
    },
  ];
  if (kind === "Constant") {
    params.push({
      name: "value",
      label: "Value",
      tooltip: "The fill value of the padded border.",
      spec: { kind: "float" },
    });
  }
  return params;
}

function padDef(kind: TPadKind, d: number): TLayerDef {
  const type = `${kind}Pad${d}d`;
  const params = padParams(kind, d);
  return {
    type,
    family: "padding",
    label: `${kind} Pad ${d}D`,
    description: `${DESCRIPTIONS[kind]} (torch.nn.${type}).`,
    // The short "pad" aliases stay with the 2d variants, the usual choice.
    aliases: d === 2 ? ["pad", "padding", ALIAS[kind]] : [`${kind.toLowerCase()}pad${d}d`],
    params,
    inputs: 1,
    orderRole: null,
    dtype: KEEPS_DTYPE,
    inferShape: (ctx) => inferPad(ctx, type, kind, d),
    paramCount: () => 0,
    macs: () => 0,
    toPyTorch(ctx) {
      const args = params.map((p) => pyLiteral(ctx.params[p.name]!, p.spec));
      return { module: pyModule(type, args) };
    },
  };
}

const KINDS: readonly TPadKind[] = ["Zero", "Constant", "Reflection", "Replication", "Circular"];

/** The padding family: the 2d variants first (the palette's usual picks), then 1d and 3d. */
export const PADDING_LAYERS: readonly TLayerDef[] = [2, 1, 3].flatMap((d) =>
  KINDS.map((kind) => padDef(kind, d)),
);
