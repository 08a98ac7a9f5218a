/**
 * Shape arithmetic shared by the layer families, written to match ATen's formulas exactly
 * (aten/src/ATen/native/Pool.h `pooling_output_shape`, ConvUtils.h). Shapes here never include
 * the batch dimension.
 */
import type { TShape } from "../graph/types";

/**
 * Output length of a convolution along one dim: ⌊(L + padTotal − d·(k − 1) − 1) / s⌋ + 1.
 * `padTotal` is left + right padding (2·p for symmetric padding). A result < 1 means torch
 * refuses ("Kernel size can't be greater than actual input size").
 */
export function convOutputLength(
  length: number,
  kernel: number,
  stride: number,
  padTotal: number,
  dilation: number,
): number {
  return Math.floor((length + padTotal - dilation * (kernel - 1) - 1) / stride) + 1;
}

/** Output length of a transposed convolution: (L − 1)·s − 2p + d·(k − 1) + output_padding + 1. */
export function convTransposeOutputLength(
  length: number,
  kernel: number,
  stride: number,
  padding: number,
  outputPadding: number,
  dilation: number,
): number {
  return (length - 1) * stride - 2 * padding + dilation * (kernel - 1) + outputPadding + 1;
}

/**
 * Output length of a max/avg pool along one dim, torch's rule: with `ceil_mode` the division
 * rounds up, but a last window that would start beyond the input plus left padding is dropped.
 */
export function poolOutputLength(
  length: number,
  kernel: number,
  stride: number,
  padding: number,
  dilation: number,
  ceilMode: boolean,
): number {
  const span = length + 2 * padding - dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0);
  let out = Math.floor(span / stride) + 1;
  if (ceilMode && (out - 1) * stride >= length + padding) out--;
  return out;
}

/**
 * How many input rows a pool/conv leaves unused at the end (0 when the windows cover the input
 * exactly). Used by the `odd-pool-drop` warning.
 */
export function droppedTail(
  length: number,
  kernel: number,
  stride: number,
  padding: number,
  dilation: number,
  out: number,
): number {
  const covered = (out - 1) * stride + dilation * (kernel - 1) + 1;
  return Math.max(0, length + 2 * padding - covered - padding);
}

/** Number of elements; 1 for a scalar shape. */
export function numel(shape: TShape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
}

/** True when both shapes have the same rank and dims. */
export function shapesEqual(a: TShape, b: TShape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `[64, 128, 128]` → `64×128×128` (how the UI writes shapes). */
export function formatShape(shape: TShape): string {
  return shape.length === 0 ? "scalar" : shape.join("×");
}

/**
 * Torch broadcasting of two batch-free shapes. Both tensors carry the same batch dim, so shapes
 * of different rank never broadcast safely: torch would align the shorter one's batch dim with a
 * feature dim (it only works for some batch sizes). Those return `dim: -1`. Equal ranks broadcast
 * per dim (sizes equal or one of them 1); otherwise the first conflicting index is returned.
 */
export function broadcastShapes(
  a: TShape,
  b: TShape,
): { ok: true; shape: number[] } | { ok: false; dim: number } {
  if (a.length !== b.length) return { ok: false, dim: -1 };
  const out = new Array<number>(a.length);
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y && x !== 1 && y !== 1) return { ok: false, dim: i };
    out[i] = x === 1 ? y : x;
  }
  return { ok: true, shape: out };
}

/**
 * Resolves a torch `dim` that counts the batch dimension against a batch-free shape of rank
 * `rank`. Returns the index into the batch-free shape (−1 for the batch dim itself), or null
 * when torch raises "Dimension out of range".
 */
export function batchDimIndex(dim: number, rank: number): number | null {
  const full = rank + 1;
  if (dim < -full || dim >= full) return null;
  return (dim < 0 ? dim + full : dim) - 1;
}
