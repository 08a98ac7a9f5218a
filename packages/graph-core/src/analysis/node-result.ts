/**
 * Building and comparing `TNodeAnalysis` values. Equal results keep the previous object so the
 * editor's memoised nodes do not re-render, and so incremental analysis can stop propagating.
 */
import type { TShape } from "../graph/types";
import { numel } from "../shape/arithmetic";
import type { TDiagnostic, TNodeAnalysis } from "./types";

export const NO_DIAGNOSTICS: TDiagnostic[] = [];

/** A node result; activation bytes assume float32 (int64 for long index tensors). */
export function nodeResult(
  shape: TShape | null,
  params: number,
  macs: number,
  diagnostics: TDiagnostic[],
  long = false,
): TNodeAnalysis {
  if (long && shape !== null)
    return { shape, params, macs, activationBytes: numel(shape) * 8, diagnostics, dtype: "long" };
  return {
    shape,
    params,
    macs,
    activationBytes: shape === null ? 0 : numel(shape) * 4,
    diagnostics,
  };
}

function sameShape(a: TShape | null, b: TShape | null): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameDiagnostics(a: TDiagnostic[], b: TDiagnostic[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (
      x.code !== y.code ||
      x.severity !== y.severity ||
      x.node !== y.node ||
      x.message !== y.message ||
      x.hint !== y.hint
    )
      return false;
  }
  return true;
}

/** Structural equality of two node results. */
export function sameNodeResult(a: TNodeAnalysis, b: TNodeAnalysis): boolean {
  return (
    a === b ||
    (a.params === b.params &&
      a.dtype === b.dtype &&
      a.macs === b.macs &&
      a.activationBytes === b.activationBytes &&
      sameShape(a.shape, b.shape) &&
      sameDiagnostics(a.diagnostics, b.diagnostics))
  );
}

/** Error diagnostic on a node. */
export function nodeError(
  node: string,
  code: TDiagnostic["code"],
  message: string,
  hint?: string,
): TDiagnostic {
  return hint === undefined
    ? { code, severity: "error", node, message }
    : { code, severity: "error", node, message, hint };
}

/** Warning diagnostic on a node. */
export function nodeWarning(
  node: string,
  code: TDiagnostic["code"],
  message: string,
  hint?: string,
): TDiagnostic {
  return hint === undefined
    ? { code, severity: "warning", node, message }
    : { code, severity: "warning", node, message, hint };
}

/** True when the list holds an error. */
export function hasError(diagnostics: readonly TDiagnostic[]): boolean {
  for (let i = 0; i < diagnostics.length; i++)
    if (diagnostics[i]!.severity === "error") return true;
  return false;
}
