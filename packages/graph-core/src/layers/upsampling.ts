/**
 * The upsampling family: Upsample (size or scale_factor, torch's mode/rank limits and
 * align_corners rule), PixelShuffle and PixelUnshuffle.
 */
import { formatShape, numel } from "../shape/arithmetic";
import { fail, ok, rankMismatch, spatialName } from "../shape/result";
import {
  FLOAT_ONLY,
  intParam,
  intTuple,
  KEEPS_DTYPE,
  pyKwargs,
  pyModule,
  strParam,
} from "./params";
import type { TLayerContext, TLayerDef, TShapeResult } from "./types";

const MODES = [
  "nearest",
  "linear",
  "bilinear",
  "bicubic",
  "trilinear",
  "area",
  "nearest-exact",
] as const;
const INTERPOLATING = new Set(["linear", "bilinear", "bicubic", "trilinear"]);
/** Batch-free input rank each mode requires (torch: 3D for linear, 4D for bi*, 5D for trilinear). */
const MODE_RANK: Record<string, number> = { linear: 2, bilinear: 3, bicubic: 3, trilinear: 4 };
const RANK_MODE: Record<number, string> = { 2: "linear", 3: "bilinear", 4: "trilinear" };

function inferUpsample(ctx: TLayerContext): TShapeResult {
  const input = ctx.inputs[0]!;
  const { size, scale_factor: scale } = ctx.params;
  const mode = strParam(ctx.params, "mode") ?? "nearest";
  if ((size === null) === (scale === null)) {
    return fail(
      ctx,
      "invalid-param",
      size === null
        ? "Upsample needs either size or scale_factor"
        : "Upsample takes only one of size and scale_factor",
      "Set scale_factor (e.g. 2) or size (e.g. [64, 64]), not both.",
    );
  }
  if (size !== null && ctx.params.recompute_scale_factor === true) {
    return fail(
      ctx,
      "invalid-param",
      "Upsample recompute_scale_factor is not meaningful with an explicit size",
      "Clear recompute_scale_factor, or use scale_factor instead of size.",
    );
  }
  if (ctx.params.align_corners !== null && !INTERPOLATING.has(mode)) {
    return fail(
      ctx,
      "invalid-param",
      `Upsample align_corners can only be set with the interpolating modes linear, bilinear, bicubic and trilinear (mode is "${mode}")`,
      "Clear align_corners (None), or pick an interpolating mode.",
    );
  }
  if (input.length < 2 || input.length > 4) {
    return rankMismatch(
      ctx,
      "Upsample",
      input,
      "[C, L], [C, H, W] or [C, D, H, W]",
      "Upsample needs channels plus 1 to 3 spatial dims.",
    );
  }
  const need = MODE_RANK[mode];
  if (need !== undefined && need !== input.length) {
    return rankMismatch(
      ctx,
      `Upsample(mode="${mode}")`,
      input,
      need === 2 ? "[C, L]" : need === 3 ? "[C, H, W]" : "[C, D, H, W]",
      `For a ${formatShape(input)} tensor use mode "${RANK_MODE[input.length]}" or "nearest".`,
    );
  }
  const n = input.length - 1;
  if (Array.isArray(size) && size.length !== n) {
    return fail(
      ctx,
      "invalid-param",
      `Upsample size has ${size.length} entries but the input ${formatShape(input)} has ${n} spatial dims`,
      `Give ${n} sizes, or one int for all.`,
    );
  }
  if (Array.isArray(scale) && scale.length !== n) {
    return fail(
      ctx,
      "invalid-param",
      `Upsample scale_factor has ${scale.length} entries but the input ${formatShape(input)} has ${n} spatial dims`,
      `Give ${n} factors, or one number for all.`,
    );
  }
  const sizes = size === null ? null : intTuple(ctx.params, "size", n);
  const factors = scale === null ? null : intTuple(ctx.params, "scale_factor", n);
  const out = [input[0]!];
  for (let i = 0; i < n; i++) {
    // torch: floor(float(in * scale)) in float64, exactly what JS computes.
    const length = sizes !== null ? sizes[i]! : Math.floor(input[i + 1]! * factors![i]!);
    if (length < 1) {
      return fail(
        ctx,
        "empty-output",
        `Upsample output ${spatialName(n, i)} would be ${length} (${input[i + 1]} × ${factors?.[i]})`,
        "Use a larger scale_factor or an explicit size.",
      );
    }
    out.push(length);
  }
  return ok(out);
}

const UPSAMPLE: TLayerDef = {
  type: "Upsample",
  family: "upsampling",
  label: "Upsample",
  description:
    "Resizes by interpolation without learned weights (torch.nn.Upsample): scale_factor 2 doubles each spatial size.",
  aliases: ["upsample", "resize", "interpolate", "upsampling", "up"],
  params: [
    {
      name: "size",
      label: "Size",
      tooltip: "Target spatial size (an int or one per spatial dim). Set this or scale_factor.",
      spec: { kind: "int-tuple", rank: 0, min: 1 },
      nullable: true,
      default: null,
    },
    {
      name: "scale_factor",
      label: "Scale factor",
      tooltip: "Multiplier for each spatial size (2 doubles). Set this or size.",
      spec: { kind: "float-tuple", rank: 0, min: 0 },
      nullable: true,
      default: null,
    },
    {
      name: "mode",
      label: "Mode",
      tooltip:
        "nearest (any rank), linear ([C, L]), bilinear/bicubic ([C, H, W]), trilinear ([C, D, H, W]), area, nearest-exact.",
      spec: { kind: "enum", values: MODES },
      default: "nearest",
    },
    {
      name: "align_corners",
      label: "Align corners",
      tooltip:
        "Only for linear/bilinear/bicubic/trilinear: align the corner pixels of input and output.",
      spec: { kind: "bool" },
      nullable: true,
      default: null,
    },
    {
      name: "recompute_scale_factor",
      label: "Recompute scale factor",
      tooltip: "Recompute the scale from the output size for the interpolation itself.",
      spec: { kind: "bool" },
      nullable: true,
      default: null,
    },
  ],
  inputs: 1,
  orderRole: null,
  dtype: FLOAT_ONLY,
  inferShape: inferUpsample,
  paramCount: () => 0,
  macs: (_ctx, output) => numel(output),
  toPyTorch: (ctx) => ({ module: pyModule("Upsample", pyKwargs(UPSAMPLE, ctx.params)) }),
};

function pixelShuffleDef(down: boolean): TLayerDef {
  const type = down ? "PixelUnshuffle" : "PixelShuffle";
  const name = down ? "downscale_factor" : "upscale_factor";
  const def: TLayerDef = {
    type,
    family: "upsampling",
    label: down ? "Pixel Unshuffle" : "Pixel Shuffle",
    description: down
      ? "Moves r×r spatial blocks into channels (torch.nn.PixelUnshuffle): [C, H, W] → [C·r², H/r, W/r]."
      : "Moves channels into r×r spatial blocks (torch.nn.PixelShuffle, sub-pixel convolution): [C·r², H, W] → [C, H·r, W·r].",
    aliases: down
      ? ["pixel unshuffle", "space to depth"]
      : ["pixel shuffle", "subpixel", "depth to space"],
    params: [
      {
        name,
        label: down ? "Downscale factor" : "Upscale factor",
        tooltip: "The factor r.",
        spec: { kind: "int", min: 1 },
      },
    ],
    inputs: 1,
    orderRole: null,
    dtype: KEEPS_DTYPE,
    inferShape(ctx) {
      const input = ctx.inputs[0]!;
      // Factor 1 is an identity, which torch also runs on [H, W] (read as an unbatched [C, H, W]).
      if (input.length === 2 && intParam(ctx.params, name) === 1) return ok(input);
      if (input.length < 3) {
        return rankMismatch(
          ctx,
          type,
          input,
          "[C, H, W]",
          "Pixel shuffles need channels and two spatial dims.",
        );
      }
      const r = intParam(ctx.params, name);
      const k = input.length;
      const [c, h, w] = [input[k - 3]!, input[k - 2]!, input[k - 1]!];
      if (!down) {
        if (c % (r * r) !== 0) {
          return fail(
            ctx,
            "invalid-param",
            `PixelShuffle needs channels divisible by upscale_factor² = ${r * r}, got ${c}`,
            `Make the conv before it output a multiple of ${r * r} channels (e.g. ${Math.max(1, Math.round(c / (r * r))) * r * r}).`,
          );
        }
        return ok([...input.slice(0, k - 3), c / (r * r), h * r, w * r]);
      }
      if (h % r !== 0 || w % r !== 0) {
        return fail(
          ctx,
          "invalid-param",
          `PixelUnshuffle needs height and width divisible by downscale_factor ${r}, got ${h}×${w}`,
          `Pad or crop to a multiple of ${r}.`,
        );
      }
      return ok([...input.slice(0, k - 3), c * r * r, h / r, w / r]);
    },
    paramCount: () => 0,
    macs: () => 0,
    toPyTorch: (ctx) => ({ module: pyModule(type, [String(intParam(ctx.params, name))]) }),
  };
  return def;
}

/** The upsampling family. */
export const UPSAMPLING_LAYERS: readonly TLayerDef[] = [
  UPSAMPLE,
  pixelShuffleDef(false),
  pixelShuffleDef(true),
];
