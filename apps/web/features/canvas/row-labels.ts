import type { TShape } from "@layerwise/graph-core";

/** One bar as the row labels read it: top-left corner, drawn height, output shape. */
export interface TRowBar {
  x: number;
  y: number;
  height: number;
  shape: TShape | null;
}

/** A U-Net row's label ("128²"): right-aligned at `x`, centred on the row's line `y`. */
export interface TRowLabel {
  label: string;
  x: number;
  y: number;
}

/** How far left of the leftmost bar a row label ends. */
export const ROW_LABEL_GAP = 16;

/**
 * The labels of a U-Net layout's rows, one per distinct spatial size: "128²" for a square size,
 * "32×48" otherwise, on the median centre line of that size's bars, left of the leftmost bar.
 * The canvas and the exported figure both draw these, so they read the same.
 */
export function rowLabels(bars: readonly TRowBar[]): TRowLabel[] {
  let left = Infinity;
  const byKey = new Map<string, { label: string; ys: number[] }>();
  for (const b of bars) {
    left = Math.min(left, b.x);
    const shape = b.shape;
    if (!shape || shape.length < 2) continue;
    const dims = shape.length === 2 ? [shape[1]!] : shape.slice(1);
    const key = dims.join("×");
    const label = dims.length === 2 && dims[0] === dims[1] ? `${dims[0]}²` : key;
    const entry = byKey.get(key) ?? { label, ys: [] };
    entry.ys.push(b.y + b.height / 2);
    byKey.set(key, entry);
  }
  return [...byKey.values()].map((r) => ({
    label: r.label,
    y: r.ys.sort((a, b) => a - b)[r.ys.length >> 1]!,
    x: left - ROW_LABEL_GAP,
  }));
}
