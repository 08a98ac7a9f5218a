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
 * Spacing of the compact model-figure layout: layers are bars side by side, each column as wide
 * as its widest bar plus `gapX`, each row as tall as its tallest bar plus `gapY` — the figures of
 * the U-Net and VGG papers, not grid cells sized for the largest possible node. `pitchX` is the
 * offset the editor uses to place a new layer right of another before the next layout.
 */
export const LAYOUT_GRID = {
  gapX: 14,
  gapY: 56,
  pitchX: 96,
  /**
   * U-Net mode spreads its rows so that the model is at least this tall for its width: at fit
   * view the largest and the smallest spatial size are then far apart, and the U is the first
   * thing one sees.
   */
  unetAspect: 0.42,
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
  const previous = previousCells(toMap(options.previous), visuals);
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
    const prevCell = previous.get(id) ?? null;
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

  return placeCells(doc, cells, visuals, options.mode);
}

/**
 * Turns cells into top-left positions: column x from the widths of the columns before it, row
 * centre lines from the heights of the rows above (U-Net mode: one pitch for every row, wide
 * enough to show the U). Every node is centred on its column and its row's centre line.
 */
function placeCells(
  doc: TModelFlow,
  cells: ReadonlyMap<string, TCell>,
  visuals: NonNullable<TLayoutOptions["visuals"]>,
  mode: TLayoutMode,
): Map<string, TPosition> {
  const colWidth = new Map<number, number>();
  const rowHeight = new Map<number, number>();
  for (const [id, cell] of cells) {
    const { width, height } = sizeOf(visuals, id);
    colWidth.set(cell.col, Math.max(colWidth.get(cell.col) ?? 0, width));
    rowHeight.set(cell.row, Math.max(rowHeight.get(cell.row) ?? 0, height));
  }
  const colLeft = new Map<number, number>();
  let x = 0;
  for (const col of [...colWidth.keys()].sort((p, q) => p - q)) {
    colLeft.set(col, x);
    x += colWidth.get(col)! + LAYOUT_GRID.gapX;
  }
  const rows = [...rowHeight.keys()].sort((p, q) => p - q);
  const rowCentre = new Map<number, number>();
  if (mode === "unet") {
    const tallest = Math.max(0, ...rowHeight.values());
    const spread = rows.length > 1 ? (x * LAYOUT_GRID.unetAspect) / (rows.length - 1) : 0;
    const pitch = Math.round(Math.max(tallest + LAYOUT_GRID.gapY, spread));
    rows.forEach((row, i) => rowCentre.set(row, Math.round(tallest / 2) + i * pitch));
  } else {
    let y = 0;
    for (const row of rows) {
      const h = rowHeight.get(row)!;
      rowCentre.set(row, y + Math.round(h / 2));
      y += h + LAYOUT_GRID.gapY;
    }
  }
  const positions = new Map<string, TPosition>();
  for (const node of doc.nodes) {
    const cell = cells.get(node.id);
    if (!cell || positions.has(node.id)) continue;
    const { width, height } = sizeOf(visuals, node.id);
    positions.set(node.id, {
      x: colLeft.get(cell.col)! + Math.round((colWidth.get(cell.col)! - width) / 2),
      y: rowCentre.get(cell.row)! - Math.round(height / 2),
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

/**
 * Recovers the cells of a previous layout from its positions: a node's column is the rank of its
 * centre x among the distinct centre x's (columns are centred), its row the rank of its centre y.
 * Ranks, not a pitch, because column widths vary; they keep the order of columns and rows, which
 * is all the placement needs, and absorb small manual drags (a dragged node lands between).
 */
function previousCells(
  previous: ReadonlyMap<string, TPosition>,
  visuals: NonNullable<TLayoutOptions["visuals"]>,
): Map<string, TCell> {
  const centres = new Map<string, { x: number; y: number }>();
  for (const [id, p] of previous) {
    if (!p || !Number.isFinite(p.x) || !Number.isFinite(p.y)) continue;
    const { width, height } = sizeOf(visuals, id);
    centres.set(id, { x: Math.round(p.x + width / 2), y: Math.round(p.y + height / 2) });
  }
  const colOf = rankClusters(
    [...centres.values()].map((c) => c.x),
    MIN_CENTRE_GAP.x,
  );
  const rowOf = rankClusters(
    [...centres.values()].map((c) => c.y),
    MIN_CENTRE_GAP.y,
  );
  const cells = new Map<string, TCell>();
  for (const [id, c] of centres) cells.set(id, { col: colOf.get(c.x)!, row: rowOf.get(c.y)! });
  return cells;
}

/**
 * Half the smallest distance between the centres of two columns (rows) of a layout: values
 * closer than this belong to one column (row) — a node dragged a little, or placed by the editor
 * next to another before the next layout, stays in its column (row).
 */
const MIN_CENTRE_GAP = {
  x: Math.floor((SIZE_ENCODING.width.min + LAYOUT_GRID.gapX) / 2),
  y: Math.floor((SIZE_ENCODING.height.min + LAYOUT_GRID.gapY) / 2),
};

/** Rank of each value's cluster, a cluster starting wherever a value is `tolerance` past its start. */
function rankClusters(values: number[], tolerance: number): Map<number, number> {
  const out = new Map<number, number>();
  let rank = -1;
  let start = -Infinity;
  for (const v of [...new Set(values)].sort((p, q) => p - q)) {
    if (v - start >= tolerance) {
      rank += 1;
      start = v;
    }
    out.set(v, rank);
  }
  return out;
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
