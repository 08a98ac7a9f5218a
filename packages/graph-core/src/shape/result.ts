/**
 * Small builders for shape results and diagnostics used by every family file, so that messages
 * share one form: what torch refuses, with which numbers, and how to fix it.
 */
import type { TDiagnostic, TDiagnosticCode, TSeverity } from "../analysis/types";
import type { TShape } from "../graph/types";
import type { TLayerContext, TShapeResult } from "../layers/types";
import { formatShape } from "./arithmetic";

/** A diagnostic on the context's node. */
export function diagnostic(
  ctx: TLayerContext,
  code: TDiagnosticCode,
  severity: TSeverity,
  message: string,
  hint?: string,
): TDiagnostic {
  const d: TDiagnostic = { code, severity, node: ctx.nodeId, message };
  if (hint !== undefined) d.hint = hint;
  return d;
}

/** A failed shape result with one error. */
export function fail(
  ctx: TLayerContext,
  code: TDiagnosticCode,
  message: string,
  hint?: string,
): TShapeResult {
  return { ok: false, diagnostics: [diagnostic(ctx, code, "error", message, hint)] };
}

/** A successful shape result. */
export function ok(shape: TShape, diagnostics?: TDiagnostic[]): TShapeResult {
  return diagnostics === undefined || diagnostics.length === 0
    ? { ok: true, shape }
    : { ok: true, shape, diagnostics };
}

/** Spatial dim names for messages: L; H, W; D, H, W. */
export function spatialName(spatialRank: number, i: number): string {
  if (spatialRank === 1) return "L";
  if (spatialRank === 2) return i === 0 ? "H" : "W";
  if (spatialRank === 3) return (["D", "H", "W"] as const)[i] ?? `dim ${i}`;
  return `dim ${i}`;
}

/** `[C, H, W]`-style layout names for a layer that takes channels plus `spatialRank` dims. */
export function layoutName(spatialRank: number): string {
  return spatialRank === 1 ? "[C, L]" : spatialRank === 2 ? "[C, H, W]" : "[C, D, H, W]";
}

/**
 * The `rank-mismatch` failure for a layer that needs one of `ranks` (batch-free), with a hint
 * that names the usual fix.
 */
export function rankMismatch(
  ctx: TLayerContext,
  type: string,
  input: TShape,
  expected: string,
  hint: string,
): TShapeResult {
  return fail(
    ctx,
    "rank-mismatch",
    `${type} expects a ${expected} input (batch dimension not counted), got ${formatShape(input)} (${input.length} dims)`,
    hint,
  );
}

/** Checks the input rank of a channel-agnostic `n`-d op: n or n + 1 dims (batch-free). */
export function checkPoolRank(ctx: TLayerContext, type: string, n: number): TShapeResult | null {
  const input = ctx.inputs[0]!;
  if (input.length === n || input.length === n + 1) return null;
  const expected =
    n === 1 ? "[C, L] or [L]" : n === 2 ? "[C, H, W] or [H, W]" : "[C, D, H, W] or [D, H, W]";
  const hint =
    input.length > n + 1
      ? `Use the ${input.length - 1}d variant, or flatten leading dims first.`
      : `A ${input.length}-dim tensor has too few dims for ${type}; use the ${Math.max(1, input.length - 1)}d variant.`;
  return rankMismatch(ctx, type, input, expected, hint);
}
