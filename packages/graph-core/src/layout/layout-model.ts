import type { TAnalysis } from "../analysis/types";
import { indexByLastId, type IdMap } from "../graph/id-map";
import type { TModelFlow, TPosition, TShape } from "../graph/types";
import type { TLayerFamily } from "../layers/types";
import {
  SIZE_ENCODING,
  encodeVisuals,
  spatialDims,
  type TLayerLookup,
  type TNodeVisual,
} from "../visual/visual-encoding";
import { sortRunsByPort } from "../graph/port-order";

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
  // Everything per node lives in arrays by document position (an id's last position, as the
  // Maps keyed by id that this replaced held), found through one id index: at 10,000 nodes each
  // Map or Set of ids cost milliseconds to build. Only the result is a Map.
  const nodes = doc.nodes;
  const n = nodes.length;
  const at = indexByLastId(nodes);
  const width = new Float64Array(n);
  const height = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const size = sizeOf(visuals, nodes[i]!.id);
    width[i] = size.width;
    height[i] = size.height;
  }
  const previous = previousCells(options.previous, visuals, at, n);
  const order = placementOrder(doc, analysis, at);
  const preds = predecessors(doc, at);
  const sizeRow = options.mode === "unet" ? sizeRows(doc, analysis, visuals, at) : null;

  const cells: TCells = {
    col: new Float64Array(n),
    row: new Float64Array(n),
    has: new Uint8Array(n),
  };
  const taken = new CellSet(order.length);
  for (let k = 0; k < order.length; k++) {
    const v = order[k]!;
    let minCol = 0;
    let firstRow: number | undefined;
    let minRow = Infinity;
    for (let e = preds.start[v]!; e < preds.start[v + 1]!; e++) {
      const p = preds.source[e]!;
      if (p === -1 || cells.has[p] === 0) continue;
      const col = cells.col[p]!;
      const row = cells.row[p]!;
      if (col + 1 > minCol) minCol = col + 1;
      if (firstRow === undefined) firstRow = row;
      if (row < minRow) minRow = row;
    }
    const hasPrev = previous.has[v] === 1;
    let col = Math.max(minCol, hasPrev ? previous.col[v]! : minCol);
    let row: number;
    if (sizeRow) {
      row = sizeRow[v] !== -1 ? sizeRow[v]! : (firstRow ?? 0);
      while (taken.has(col, row)) col += 1;
    } else {
      // Continue the row of the highest input: a chain stays on one line, branches go below.
      row = hasPrev ? previous.row[v]! : minRow === Infinity ? 0 : minRow;
      while (taken.has(col, row)) row += 1;
    }
    cells.col[v] = col;
    cells.row[v] = row;
    cells.has[v] = 1;
    taken.add(col, row);
  }

  return placeCells(doc, at, order, cells, width, height, options.mode);
}

/** Cells by document position; `has` is 1 where a cell is set. */
interface TCells {
  col: Float64Array;
  row: Float64Array;
  has: Uint8Array;
}

/**
 * Turns cells into top-left positions: column x from the widths of the columns before it, row
 * centre lines from the heights of the rows above (U-Net mode: one pitch for every row, wide
 * enough to show the U). Every node is centred on its column and its row's centre line.
 */
function placeCells(
  doc: TModelFlow,
  at: IdMap,
  placed: readonly number[],
  cells: TCells,
  width: Float64Array,
  height: Float64Array,
  mode: TLayoutMode,
): Map<string, TPosition> {
  // Columns and rows are small non-negative integers (ranks and counts): arrays indexed by them.
  const colWidth: number[] = [];
  const rowHeight: number[] = [];
  for (let k = 0; k < placed.length; k++) {
    const v = placed[k]!;
    const col = cells.col[v]!;
    const row = cells.row[v]!;
    colWidth[col] = Math.max(colWidth[col] ?? 0, width[v]!);
    rowHeight[row] = Math.max(rowHeight[row] ?? 0, height[v]!);
  }
  const colLeft: number[] = [];
  let x = 0;
  for (let col = 0; col < colWidth.length; col++) {
    const w = colWidth[col];
    if (w === undefined) continue;
    colLeft[col] = x;
    x += w + LAYOUT_GRID.gapX;
  }
  const rows: number[] = [];
  let tallest = 0;
  for (let row = 0; row < rowHeight.length; row++) {
    const h = rowHeight[row];
    if (h === undefined) continue;
    rows.push(row);
    if (h > tallest) tallest = h;
  }
  const rowCentre: number[] = [];
  if (mode === "unet") {
    const spread = rows.length > 1 ? (x * LAYOUT_GRID.unetAspect) / (rows.length - 1) : 0;
    const pitch = Math.round(Math.max(tallest + LAYOUT_GRID.gapY, spread));
    rows.forEach((row, i) => (rowCentre[row] = Math.round(tallest / 2) + i * pitch));
  } else {
    let y = 0;
    for (const row of rows) {
      const h = rowHeight[row]!;
      rowCentre[row] = y + Math.round(h / 2);
      y += h + LAYOUT_GRID.gapY;
    }
  }
  const positions = new Map<string, TPosition>();
  const done = new Uint8Array(doc.nodes.length);
  for (const node of doc.nodes) {
    const v = at.get(node.id)!;
    if (cells.has[v] === 0 || done[v] === 1) continue;
    done[v] = 1;
    const col = cells.col[v]!;
    positions.set(node.id, {
      x: colLeft[col]! + Math.round((colWidth[col]! - width[v]!) / 2),
      y: rowCentre[cells.row[v]!]! - Math.round(height[v]! / 2),
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
 * Row per node in U-Net mode (by document position, -1 for none): distinct spatial sizes sorted
 * largest first (by element count, then by dims); flat vectors go below every spatial size;
 * unknown shapes inherit a row later.
 */
function sizeRows(
  doc: TModelFlow,
  analysis: TAnalysis,
  visuals: NonNullable<TLayoutOptions["visuals"]>,
  at: IdMap,
): Int32Array {
  const nodes = doc.nodes;
  const keyOf = new Array<string | undefined>(nodes.length);
  const distinct = new Map<string, number[]>();
  // Runs of nodes share one shape array (a norm or activation passes its input's on): the last
  // key is reused for the same shape and family instead of joining the dims again.
  let lastShape: TShape | undefined;
  let lastFamily: TLayerFamily | null = null;
  let lastKey = "";
  for (let i = 0; i < nodes.length; i++) {
    const id = nodes[i]!.id;
    if (at.get(id) !== i) continue;
    const shape = analysis.nodes.get(id)?.shape;
    if (!shape) continue;
    const family = visuals.get(id)?.family ?? null;
    if (shape !== lastShape || family !== lastFamily) {
      const dims = spatialDims(shape, family);
      lastKey = dims.join("x");
      lastShape = shape;
      lastFamily = family;
      distinct.set(lastKey, dims);
    }
    keyOf[i] = lastKey;
  }
  const sorted = [...distinct.values()].sort((a, b) => {
    const pa = a.reduce((p, d) => p * d, 1);
    const pb = b.reduce((p, d) => p * d, 1);
    if (pa !== pb) return pb - pa;
    if (a.length !== b.length) return b.length - a.length;
    return a.join("x") < b.join("x") ? -1 : a.join("x") > b.join("x") ? 1 : 0;
  });
  const rowOfKey = new Map(sorted.map((dims, i) => [dims.join("x"), i]));
  const rows = new Int32Array(nodes.length).fill(-1);
  for (let i = 0; i < nodes.length; i++) {
    const key = keyOf[i];
    if (key !== undefined) rows[i] = rowOfKey.get(key) ?? 0;
  }
  return rows;
}

function visualsFor(
  doc: TModelFlow,
  analysis: TAnalysis,
  lookup: TLayerLookup | undefined,
): Map<string, TNodeVisual> {
  return encodeVisuals(doc, analysis, lookup ? { lookup } : {});
}

/**
 * The analysis order, then any node it does not know (a stale analysis), in document order; as
 * document positions (each id once).
 */
function placementOrder(doc: TModelFlow, analysis: TAnalysis, at: IdMap): number[] {
  const seen = new Uint8Array(doc.nodes.length);
  const out: number[] = [];
  const visit = (id: string) => {
    const v = at.get(id);
    if (v !== undefined && seen[v] === 0) {
      seen[v] = 1;
      out.push(v);
    }
  };
  for (const id of analysis.order) visit(id);
  for (const node of doc.nodes) visit(node.id);
  return out;
}

/**
 * Each node's inputs as document positions (-1: not a node), ports first so that a merge
 * continues the row of its port-0 input, ties in edge order: sources of target v are
 * `source[start[v]] … source[start[v + 1] - 1]`.
 */
function predecessors(doc: TModelFlow, at: IdMap): { start: Int32Array; source: Int32Array } {
  const n = doc.nodes.length;
  let edges = doc.edges;
  if (!edges.every((e) => e.port === undefined || typeof e.port === "number")) {
    // A port that is not a number: order exactly as a sort of every edge by it would.
    edges = [...edges].sort((a, b) => (a.port ?? 0) - (b.port ?? 0));
  }
  const targetOf = new Int32Array(edges.length);
  const start = new Int32Array(n + 1);
  for (let e = 0; e < edges.length; e++) {
    const t = at.get(edges[e]!.target);
    targetOf[e] = t === undefined ? -1 : t;
    if (t !== undefined) start[t + 1]!++;
  }
  for (let v = 0; v < n; v++) start[v + 1]! += start[v]!;
  const fill = start.slice(0, n);
  const source = new Int32Array(start[n]!);
  const port = new Float64Array(start[n]!);
  for (let e = 0; e < edges.length; e++) {
    const t = targetOf[e]!;
    if (t === -1) continue;
    const edge = edges[e]!;
    const k = fill[t]!++;
    const s = at.get(edge.source);
    source[k] = s === undefined ? -1 : s;
    port[k] = edge.port ?? 0;
  }
  sortRunsByPort(start, source, port);
  return { start, source };
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
 * Returned by document position (`has` is 1 where a previous cell exists).
 */
function previousCells(
  previous: TLayoutOptions["previous"],
  visuals: NonNullable<TLayoutOptions["visuals"]>,
  at: IdMap,
  n: number,
): TCells {
  const cells: TCells = {
    col: new Float64Array(n),
    row: new Float64Array(n),
    has: new Uint8Array(n),
  };
  if (!previous) return cells;
  const entries: Iterable<[string, TPosition]> =
    previous instanceof Map
      ? previous
      : Object.entries(previous as Readonly<Record<string, TPosition>>);
  const ids: string[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [id, p] of entries) {
    if (!p || !Number.isFinite(p.x) || !Number.isFinite(p.y)) continue;
    const { width, height } = sizeOf(visuals, id);
    ids.push(id);
    xs.push(Math.round(p.x + width / 2));
    ys.push(Math.round(p.y + height / 2));
  }
  const colOf = rankClusters(xs, MIN_CENTRE_GAP.x);
  const rowOf = rankClusters(ys, MIN_CENTRE_GAP.y);
  for (let k = 0; k < ids.length; k++) {
    const v = at.get(ids[k]!);
    if (v === undefined) continue;
    cells.col[v] = colOf[k]!;
    cells.row[v] = rowOf[k]!;
    cells.has[v] = 1;
  }
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

/**
 * The rank of each value's cluster (same order as `values`), a cluster starting wherever a value
 * is `tolerance` past its start.
 */
function rankClusters(values: readonly number[], tolerance: number): Int32Array {
  const sorted = Float64Array.from(values).sort();
  // Ranks of the distinct values, in sorted order.
  const distinct: number[] = [];
  const rankOf: number[] = [];
  let rank = -1;
  let start = -Infinity;
  for (let k = 0; k < sorted.length; k++) {
    const v = sorted[k]!;
    if (distinct.length > 0 && distinct[distinct.length - 1] === v) continue;
    if (v - start >= tolerance) {
      rank += 1;
      start = v;
    }
    distinct.push(v);
    rankOf.push(rank);
  }
  const out = new Int32Array(values.length);
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    let lo = 0;
    let hi = distinct.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (distinct[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    out[k] = rankOf[lo]!;
  }
  return out;
}

/**
 * The set of taken cells: an open-addressing table of (col, row) pairs on typed arrays (a Set of
 * 10,000 numbers, like a Map, costs milliseconds to build; see IdMap).
 */
class CellSet {
  private cols: Float64Array;
  private rows: Float64Array;
  private used: Uint8Array;
  private mask: number;
  private size = 0;

  constructor(expected: number) {
    let cap = 16;
    while (cap < expected * 2) cap <<= 1;
    this.cols = new Float64Array(cap);
    this.rows = new Float64Array(cap);
    this.used = new Uint8Array(cap);
    this.mask = cap - 1;
  }

  private slot(col: number, row: number): number {
    let i = (Math.imul(col | 0, 0x9e3779b1) ^ Math.imul(row | 0, 0x85ebca6b)) & this.mask;
    while (this.used[i] === 1 && (this.cols[i] !== col || this.rows[i] !== row))
      i = (i + 1) & this.mask;
    return i;
  }

  has(col: number, row: number): boolean {
    return this.used[this.slot(col, row)] === 1;
  }

  add(col: number, row: number): void {
    const i = this.slot(col, row);
    if (this.used[i] === 1) return;
    this.cols[i] = col;
    this.rows[i] = row;
    this.used[i] = 1;
    if (++this.size * 2 > this.used.length) this.rehash();
  }

  private rehash(): void {
    const { cols, rows, used } = this;
    const cap = used.length * 2;
    this.cols = new Float64Array(cap);
    this.rows = new Float64Array(cap);
    this.used = new Uint8Array(cap);
    this.mask = cap - 1;
    for (let i = 0; i < used.length; i++) {
      if (used[i] === 0) continue;
      const j = this.slot(cols[i]!, rows[i]!);
      this.cols[j] = cols[i]!;
      this.rows[j] = rows[i]!;
      this.used[j] = 1;
    }
  }
}
