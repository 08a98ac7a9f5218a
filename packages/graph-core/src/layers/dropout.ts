/**
 * The dropout family. Shapes pass through; what differs is which ranks torch 2.13 accepts
 * (verified with torch, batch dimension included):
 *
 * - Dropout, AlphaDropout: any rank.
 * - Dropout1d: 2-D or 3-D tensors only, i.e. `[C]`/`[C, L]` here; anything else raises.
 * - Dropout2d: raises below 2-D ("Feature dropout requires at least 2 dimensions"); a 3-D tensor
 *   runs as channel-wise 1-D dropout with a warning; ranks other than 3-D/4-D are deprecated.
 * - Dropout3d: never raises; warns outside 4-D/5-D. FeatureAlphaDropout raises below 2-D.
 *
 * The ranks here never go below 1 without batch, so "below 2-D" only arises for rank-0 shapes.
 * A p outside [0, 1] makes the constructor raise; the param range expresses that. On integer
 * (index) tensors torch only runs p = 0 or 1 (nothing to rescale), so that check lives here.
 * `inplace` is not offered, for the same reason as in activation.ts (shared tensors in a graph).
 */
import { fail } from "../shape/result";
import { isShape, singleInput, warningOn } from "./layer-helpers";
import { floatOrNull, KEEPS_DTYPE, pyKwargs, pyModule } from "./params";
import type { TLayerContext, TLayerDef, TParamDef, TShapeResult } from "./types";

const P_PARAM: TParamDef = {
  name: "p",
  label: "Probability",
  tooltip: "Probability of zeroing an element (or a whole channel), between 0 and 1.",
  spec: { kind: "float", min: 0, max: 1 },
  default: 0.5,
};

/**
 * Rank rule for one dropout variant, given the batch-inclusive rank torch sees.
 * Returns an error message, a warning message, or null.
 */
type TRankRule = (fullRank: number) => { error?: string; warning?: string; hint?: string } | null;

function dropout(
  type: string,
  label: string,
  description: string,
  aliases: readonly string[],
  rankRule: TRankRule | null,
): TLayerDef {
  const params = [P_PARAM];
  const def: TLayerDef = {
    type,
    family: "dropout",
    label,
    description,
    aliases,
    params,
    inputs: 1,
    orderRole: null,
    // The rule admits integer input so that inferShape can apply torch's p-dependent verdict.
    dtype: KEEPS_DTYPE,
    inferShape(ctx: TLayerContext): TShapeResult {
      const input = singleInput(ctx);
      if (!isShape(input)) return input;
      const p = floatOrNull(ctx.params, "p") ?? 0.5;
      if (ctx.inputDtypes?.[0] === "long" && p > 0 && p < 1) {
        // torch scales the kept values by 1/(1-p): "result type Float can't be cast to … Long".
        return fail(
          ctx,
          "dtype-mismatch",
          `${type} with p=${p} cannot run on integer indices (it rescales them to floats).`,
          "Apply dropout after the Embedding, not to the token ids.",
        );
      }
      const verdict = rankRule?.(input.length + 1) ?? null;
      if (verdict?.error !== undefined)
        return fail(ctx, "rank-mismatch", verdict.error, verdict.hint);
      if (verdict?.warning !== undefined) {
        return {
          ok: true,
          shape: input,
          diagnostics: [warningOn(ctx, "rank-mismatch", verdict.warning, verdict.hint)],
        };
      }
      return { ok: true, shape: input };
    },
    paramCount: () => 0,
    macs: () => 0,
    toPyTorch: (ctx) => ({ module: pyModule(type, pyKwargs(def, ctx.params)) }),
  };
  return def;
}

const featureRule =
  (name: string, expected: readonly number[], hint: string, minRank: number): TRankRule =>
  (fullRank) => {
    if (fullRank < minRank) {
      return { error: `${name} needs at least a channel dimension.`, hint };
    }
    if (!expected.includes(fullRank)) {
      return {
        warning: `${name} got a ${fullRank}-D tensor (batch included); torch expects ${expected.join(" or ")}-D and warns.`,
        hint,
      };
    }
    return null;
  };

const dropout2dRule: TRankRule = (fullRank) => {
  if (fullRank === 3) {
    return {
      warning: "Dropout2d on a [C, L] input runs as channel-wise 1-D dropout (torch warns).",
      hint: "Use Dropout1d for sequences.",
    };
  }
  return featureRule("Dropout2d", [4], "Use Dropout2d on [C, H, W] inputs.", 2)(fullRank);
};

const dropout1dRule: TRankRule = (fullRank) =>
  fullRank === 2 || fullRank === 3
    ? null
    : {
        error: `Dropout1d expects a [C] or [C, L] input; got rank ${fullRank - 1} without batch.`,
        hint: "Use Dropout2d/Dropout3d for images and volumes, or plain Dropout.",
      };

/** The dropout family. */
export const DROPOUT_LAYERS: readonly TLayerDef[] = [
  dropout("Dropout", "Dropout", "Zeroes random elements with probability p.", ["drop"], null),
  dropout(
    "Dropout1d",
    "Dropout1d",
    "Zeroes whole channels of [C, L] inputs.",
    ["channel dropout"],
    dropout1dRule,
  ),
  dropout(
    "Dropout2d",
    "Dropout2d",
    "Zeroes whole channels of [C, H, W] inputs.",
    ["spatial dropout"],
    dropout2dRule,
  ),
  dropout(
    "Dropout3d",
    "Dropout3d",
    "Zeroes whole channels of [C, D, H, W] inputs.",
    [],
    featureRule("Dropout3d", [4, 5], "Use Dropout3d on [C, D, H, W] inputs.", 0),
  ),
  dropout(
    "AlphaDropout",
    "AlphaDropout",
    "Dropout that keeps SELU's self-normalisation.",
    ["selu dropout"],
    null,
  ),
  dropout(
    "FeatureAlphaDropout",
    "FeatureAlphaDropout",
    "Channel-wise AlphaDropout.",
    [],
    (fullRank) =>
      fullRank < 2 ? { error: "FeatureAlphaDropout needs at least a channel dimension." } : null,
  ),
];
