/**
 * Dim helpers shared by the activation, dropout, reshape, linear, attention and embedding
 * families, on top of the engine's `../shape` helpers (diagnostics, arithmetic) and `./params`
 * (param access, Python formatting) so that messages and rules have one home.
 */
import type { TDiagnostic, TDiagnosticCode } from "../analysis/types";
import type { TShape } from "../graph/types";
import { batchDimIndex } from "../shape/arithmetic";
import { diagnostic, fail } from "../shape/result";
import type { TLayerContext, TShapeResult } from "./types";

/** A warning on the layer's node: torch runs, but probably not as the user meant. */
export function warningOn(
  ctx: TLayerContext,
  code: TDiagnosticCode,
  message: string,
  hint?: string,
): TDiagnostic {
  return diagnostic(ctx, code, "warning", message, hint);
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
  const index = batchDimIndex(dim, rank);
  return index === null ? null : index + 1;
}

/** The message torch gives for an out-of-range dim, phrased for our batch-counting convention. */
export function dimRangeMessage(name: string, dim: number, rank: number): string {
  const fullRank = rank + 1;
  return (
    `${name}=${dim} is out of range for a ${fullRank}-D tensor (batch included): ` +
    `torch accepts ${-fullRank}…${fullRank - 1}.`
  );
}

/** Python int literal of a validated integer (guards code generation against non-integers). */
export function pyInt(value: number): string {
  if (!Number.isInteger(value)) throw new Error(`non-integer ${value}`);
  return String(value);
}
