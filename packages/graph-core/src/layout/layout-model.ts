import type { TAnalysis } from "../analysis/types";
import type { TModelFlow, TPosition } from "../graph/types";
import {
  SIZE_ENCODING,
  encodeVisuals,
  spatialDims,
  type TLayerLookup,
  type TNodeVisual,
} from "../visual/visual-encoding";

/** `simple`: one line left to right, branches stacked. `unet`: rows by spatial size. */
export type TLayoutMode = "simple" | "unet";

/** Options of {@link layoutModel}. */
export interface TLayoutOptions {
  mode: TLayoutMode;
  /** Positions from the previous layout (or the document): nodes keep their cell when they can. */
  previous?: ReadonlyMap<string, TPosition> | Readonly<Record<string, TPosition>>;
  /** Node sizes; computed with `lookup` when absent. */
  visuals?: ReadonlyMap<string, Pick<TNodeVisual, "width" | "height" | "family">>;
  /** Catalogue lookup used to compute `visuals` when they are not given (default: the registry). */
  lookup?: TLayerLookup;
}

/**
 * Grid pitch. Cells are as large as the largest possible node plus a gap, so nodes can never
 * overlap whatever their size, and a param edit that resizes a node moves no other node.
 */
export const LAYOUT_GRID = {
  cellWidth: SIZE_ENCODING.width.max,
  cellHeight: SIZE_ENCODING.height.max,
  pitchX: SIZE_ENCODING.width.max + 60,
  pitchY: SIZE_ENCODING.height.max + 40,
} as const;

interface TCell {
  col: number;
  row: number;
}

/**
 * Computes a top-left position for every node of `doc`.
 *
 * Columns follow the topological order (a node sits right of all its inputs, as close as it
 * can). In `simple` mode a node continues the row of its main input and parallel branches stack
 * below; in `unet` mode the row is fixed by the spatial size (equal size → same row, larger sizes
 * higher) and collisions push a node right instead. With `previous`, a node keeps its former
 * column/row whenever that stays consistent, so a small edit moves few nodes. Deterministic.
 */
export function layoutModel(
  doc: TModelFlow,
  analysis: TAnalysis,
  options: TLayoutOptions,
): Map<string, TPosition> {
  const visuals = options.visuals ?? visualsFor(doc, analysis, options.lookup);
  const previous = toMap(options.previous);
  const order = placementOrder(doc, analysis);
  const preds = predecessors(doc);
  const sizeRow = options.mode === "unet" ? sizeRows(doc, analysis, visuals) : null;

  const cells = new Map<string, TCell>();
  const taken = new Set<number>();
  for (const id of order) {
    let minCol = 0;
    let firstRow: number | undefined;
    let minRow = Infinity;
    for (const p of preds.get(id) ?? NO_PREDS) {
      const c = cells.get(p);
      if (!c) continue;
      if (c.col + 1 > minCol) minCol = c.col + 1;
      if (firstRow === undefined) firstRow = c.row;
      if (c.row < minRow) minRow = c.row;
    }
    const prev = previous.get(id);
    const prevCell = prev ? cellOf(prev, sizeOf(visuals, id)) : null;
    let col = Math.max(minCol, prevCell?.col ?? minCol);
    let row: number;
    if (sizeRow) {
      row = sizeRow.get(id) ?? firstRow ?? 0;
      while (taken.has(key(col, row))) col += 1;
    } else {
      // Continue the row of the highest input: a chain stays on one line, branches go below.
      row = prevCell?.row ?? (minRow === Infinity ? 0 : minRow);
      while (taken.has(key(col, row))) row += 1;
    }
    cells.set(id, { col, row });
    taken.add(key(col, row));
  }

  const positions = new Map<string, TPosition>();
  for (const node of doc.nodes) {
    const cell = cells.get(node.id);
    if (!cell || positions.has(node.id)) continue;
    const { width, height } = sizeOf(visuals, node.id);
    // Centre each node in its cell so the centres of a row sit on one line.
    positions.set(node.id, {
      x: cell.col * LAYOUT_GRID.pitchX + Math.round((LAYOUT_GRID.cellWidth - width) / 2),
      y: cell.row * LAYOUT_GRID.pitchY + Math.round((LAYOUT_GRID.cellHeight - height) / 2),
    });
  }
  return positions;
}

/** Returns a copy of `doc` with every node's `position` set from `positions`. */
export function applyLayout(
  doc: TModelFlow,
  positions: ReadonlyMap<string, TPosition>,
): TModelFlow {
  return {
    ...doc,
    nodes: doc.nodes.map((n) => {
      const p = positions.get(n.id);
      return p ? { ...n, position: { x: p.x, y: p.y } } : n;
    }),
  };
}

/**
 * Row per node in U-Net mode: distinct spatial sizes sorted largest first (by element count,
 * then by dims); flat vectors go below every spatial size; unknown shapes inherit a row later.
 */
function sizeRows(
  doc: TModelFlow,
  analysis: TAnalysis,
  visuals: NonNullable<TLayoutOptions["visuals"]>,
): Map<string, number> {
  const keyOf = new Map<string, number[]>();
  for (const n of doc.nodes) {
    const shape = analysis.nodes.get(n.id)?.shape;
    if (shape) keyOf.set(n.id, spatialDims(shape, visuals.get(n.id)?.family ?? null));
  }
  const distinct = new Map<string, number[]>();
  for (const dims of keyOf.values()) distinct.set(dims.join("x"), dims);
  const sorted = [...distinct.values()].sort((a, b) => {
    const pa = a.reduce((p, d) => p * d, 1);
    const pb = b.reduce((p, d) => p * d, 1);
    if (pa !== pb) return pb - pa;
    if (a.length !== b.length) return b.length - a.length;
    return a.join("x") < b.join("x") ? -1 : a.join("x") > b.join("x") ? 1 : 0;
  });
  const rowOfKey = new Map(sorted.map((dims, i) => [dims.join("x"), i]));
  const rows = new Map<string, number>();
  for (const [id, dims] of keyOf) rows.set(id, rowOfKey.get(dims.join("x")) ?? 0);
  return rows;
}

function visualsFor(
  doc: TModelFlow,
  analysis: TAnalysis,
  lookup: TLayerLookup | undefined,
): Map<string, TNodeVisual> {
  return encodeVisuals(doc, analysis, lookup ? { lookup } : {});
}

/** The analysis order, then any node it does not know (a stale analysis), in document order. */
function placementOrder(doc: TModelFlow, analysis: TAnalysis): string[] {
  const ids = new Set(doc.nodes.map((n) => n.id));
  const out: string[] = [];
  const seen = new Set<string>();
  for (const id of [...analysis.order, ...doc.nodes.map((n) => n.id)]) {
    if (ids.has(id) && !seen.has(id)) {
      seen.add(id);
      out.push(id);
    }
  }
  return out;
}

function predecessors(doc: TModelFlow): Map<string, string[]> {
  const out = new Map<string, string[]>();
  // Port order first so that a merge continues the row of its port-0 input.
  const edges = [...doc.edges].sort((a, b) => (a.port ?? 0) - (b.port ?? 0));
  for (const e of edges) {
    const list = out.get(e.target);
    if (list) list.push(e.source);
    else out.set(e.target, [e.source]);
  }
  return out;
}

function sizeOf(
  visuals: NonNullable<TLayoutOptions["visuals"]>,
  id: string,
): { width: number; height: number } {
  return visuals.get(id) ?? SIZE_ENCODING.unknown;
}

/** Inverse of the placement formula; rounding absorbs size changes and small manual drags. */
function cellOf(p: TPosition, size: { width: number; height: number }): TCell {
  return {
    col: Math.max(
      0,
      Math.round((p.x - (LAYOUT_GRID.cellWidth - size.width) / 2) / LAYOUT_GRID.pitchX),
    ),
    row: Math.max(
      0,
      Math.round((p.y - (LAYOUT_GRID.cellHeight - size.height) / 2) / LAYOUT_GRID.pitchY),
    ),
  };
}

function toMap(p: TLayoutOptions["previous"]): ReadonlyMap<string, TPosition> {
  if (!p) return new Map();
  if (p instanceof Map) return p;
  return new Map(Object.entries(p as Record<string, TPosition>));
}

const NO_PREDS: readonly string[] = [];

/** One number per cell (rows stay far below the multiplier for any real graph). */
function key(col: number, row: number): number {
  return col * 4_194_304 + row;
}
