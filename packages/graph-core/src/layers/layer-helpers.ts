/**
 * Diagnostics and dim helpers shared by the activation, dropout, reshape, linear, attention and
 * embedding families. Param access and Python formatting live in `./params` (one place for both).
 */
import type { TDiagnostic, TDiagnosticCode } from "../analysis/types";
import type { TShape } from "../graph/types";
import type { TLayerContext, TShapeResult } from "./types";

/** An error diagnostic on the layer's node. */
export function errorOn(
  ctx: TLayerContext,
  code: TDiagnosticCode,
  message: string,
  hint?: string,
): TDiagnostic {
  return hint === undefined
    ? { code, severity: "error", node: ctx.nodeId, message }
    : { code, severity: "error", node: ctx.nodeId, message, hint };
}

/** A warning diagnostic on the layer's node (torch runs, but probably not as the user meant). */
export function warningOn(
  ctx: TLayerContext,
  code: TDiagnosticCode,
  message: string,
  hint?: string,
): TDiagnostic {
  return hint === undefined
    ? { code, severity: "warning", node: ctx.nodeId, message }
    : { code, severity: "warning", node: ctx.nodeId, message, hint };
}

/** A failed shape result carrying one error. */
export function fail(
  ctx: TLayerContext,
  code: TDiagnosticCode,
  message: string,
  hint?: string,
): TShapeResult {
  return { ok: false, diagnostics: [errorOn(ctx, code, message, hint)] };
}

/** The single input shape, or a `missing-input` failure when the engine passed none. */
export function singleInput(ctx: TLayerContext): TShape | TShapeResult {
  const input = ctx.inputs[0];
  if (input === undefined) {
    return fail(ctx, "missing-input", "This layer needs an input.", "Connect an edge into it.");
  }
  return input;
}

/** Narrowing helper for `singleInput`. */
export function isShape(value: TShape | TShapeResult): value is TShape {
  return Array.isArray(value);
}

/**
 * Resolves a torch `dim` that counts the batch dimension against a batch-free shape of rank `rank`
 * (so the torch tensor has rank `rank + 1`). Returns the torch dim in `[0, rank]` (0 = batch), or
 * `null` when torch would raise `IndexError: Dimension out of range`.
 */
export function resolveTorchDim(dim: number, rank: number): number | null {
  const fullRank = rank + 1;
  if (dim < -fullRank || dim >= fullRank) return null;
  return dim < 0 ? dim + fullRank : dim;
}

/** The message torch gives for an out-of-range dim, phrased for our batch-counting convention. */
export function dimRangeMessage(name: string, dim: number, rank: number): string {
  const fullRank = rank + 1;
  return (
    `${name}=${dim} is out of range for a ${fullRank}-D tensor (batch included): ` +
    `torch accepts ${-fullRank}…${fullRank - 1}.`
  );
}

/** Product of the dims; 1 for an empty shape. */
export function product(dims: readonly number[]): number {
  let out = 1;
  for (const d of dims) out *= d;
  return out;
}

/** Python int literal of a validated integer (guards code generation against non-integers). */
export function pyInt(value: number): string {
  if (!Number.isInteger(value)) throw new Error(`non-integer ${value}`);
  return String(value);
}
