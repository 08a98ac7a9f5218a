import {
  analyze,
  encodeVisuals,
  layoutModel,
  routeEdges,
  sourceAnchor,
  targetAnchor,
  type TBox,
  type TLayoutMode,
  type TModelFlow,
  type TPosition,
  type TRouteRequest,
} from "@layerwise/graph-core";
import { edgePath } from "./edge-path";
import { nodeTitle } from "./node-title";

/** How a node is highlighted in a version comparison. */
export type THighlight = "added" | "removed" | "changed";

/** One node as drawn: top-left corner, size, fill from graph-core's visual encoding. */
export interface TGeometryNode {
  id: string;
  type: string;
  /** The name as in the code: its label, a Block's block name ("DoubleConv 64"), the layer's. */
  label: string;
  /** Output shape as on the canvas (`64 × 128 × 128`, `?` when unknown). */
  shape: string;
  x: number;
  y: number;
  width: number;
  height: number;
  fill: string;
  hasError: boolean;
  highlight?: THighlight;
}

export interface TGeometryEdge {
  key: string;
  /** Source anchor (right middle of the source) and target anchor (its port on the left). */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** SVG path along graph-core's route: never behind or through a node; ends at the target. */
  d: string;
}

/** Everything an SVG needs to draw a model: no React, so the server computes it once. */
export interface TModelGeometry {
  viewBox: { x: number; y: number; width: number; height: number };
  nodes: TGeometryNode[];
  edges: TGeometryEdge[];
}

/** Options of {@link computeModelGeometry}. */
export interface TGeometryOptions {
  /** Where each node is drawn (e.g. the editor's canvas); else the document's, else a layout. */
  positions?: ReadonlyMap<string, TPosition>;
  /** Layout when positions are missing; default U-Net rows when the model concatenates. */
  mode?: TLayoutMode;
  /** Make room for the slanted titles above and shapes below each bar (labelled figures). */
  labels?: boolean;
}

/** Font sizes of a labelled figure in flow units: at 1:1 (the export's size) at least 11 px. */
export const FIGURE_TEXT = { title: 12, shape: 11, slant: 35 } as const;

const PADDING = 40;

/** Rough width of `text` at `size` px (a figure has no DOM to measure with). */
export function textWidth(text: string, size: number): number {
  return text.length * size * 0.6;
}

/**
 * Lays a model out for a picture (dashboard thumbnail, read-only view, version comparison,
 * figure export) the way the editor's canvas draws it: sizes and colours from graph-core's
 * visual encoding, positions from `options.positions`, the document, or graph-core's compact
 * layout, and edges along graph-core's routes (skips arc over the nodes between their ends).
 */
export function computeModelGeometry(
  model: TModelFlow,
  highlights: ReadonlyMap<string, THighlight> = new Map(),
  options: TGeometryOptions = {},
): TModelGeometry {
  const analysis = analyze(model);
  const visuals = encodeVisuals(model, analysis);
  const allPlaced = model.nodes.length > 0 && model.nodes.every((n) => isPosition(n.position));
  const positions: ReadonlyMap<string, TPosition> =
    options.positions ??
    (allPlaced
      ? new Map(model.nodes.map((n) => [n.id, n.position as TPosition]))
      : layoutModel(model, analysis, {
          mode: options.mode ?? (model.nodes.some((n) => n.type === "Concat") ? "unet" : "simple"),
          visuals,
        }));

  const nodes: TGeometryNode[] = [];
  const byId = new Map<string, TGeometryNode>();
  for (const node of model.nodes) {
    if (byId.has(node.id)) continue;
    const visual = visuals.get(node.id);
    const position = positions.get(node.id) ?? node.position ?? { x: 0, y: 0 };
    const info = analysis.nodes.get(node.id);
    const geometry: TGeometryNode = {
      id: node.id,
      type: node.type,
      label: nodeTitle(node, model.blocks),
      shape: info?.shape ? (info.shape.length ? info.shape.join(" × ") : "scalar") : "?",
      x: position.x,
      y: position.y,
      width: visual?.width ?? 96,
      height: visual?.height ?? 56,
      fill: visual?.fill ?? "#6b7280",
      hasError: (info?.diagnostics ?? []).some((d) => d.severity === "error"),
      highlight: highlights.get(node.id),
    };
    nodes.push(geometry);
    byId.set(node.id, geometry);
  }

  const edges = routedEdges(model, byId);
  if (nodes.length === 0) return { viewBox: { x: 0, y: 0, width: 320, height: 180 }, nodes, edges };
  return { viewBox: viewBoxOf(nodes, edges, options.labels ?? false), nodes, edges };
}

function routedEdges(model: TModelFlow, byId: ReadonlyMap<string, TGeometryNode>): TGeometryEdge[] {
  const boxes = new Map<string, TBox>(
    [...byId.values()].map((n) => [n.id, { x: n.x, y: n.y, width: n.width, height: n.height }]),
  );
  const ports = new Map<string, number>();
  for (const e of model.edges) {
    const p = typeof e.port === "number" ? e.port + 1 : 1;
    ports.set(e.target, Math.max(ports.get(e.target) ?? 0, p));
  }
  const requests: TRouteRequest[] = [];
  model.edges.forEach((e, index) => {
    if (!byId.has(e.source) || !byId.has(e.target)) return;
    requests.push({
      id: `${index}:${e.source}->${e.target}`,
      source: e.source,
      target: e.target,
      port: typeof e.port === "number" ? e.port : 0,
      ports: ports.get(e.target) ?? 1,
    });
  });
  const routes = routeEdges(boxes, requests);
  return requests.map((r) => {
    const a = sourceAnchor(boxes.get(r.source)!);
    const b = targetAnchor(boxes.get(r.target)!, r.port, r.ports);
    return {
      key: r.id,
      x1: a.x,
      y1: a.y,
      x2: b.x,
      y2: b.y,
      d: edgePath(a, routes.get(r.id) ?? [], b),
    };
  });
}

function viewBoxOf(
  nodes: readonly TGeometryNode[],
  edges: readonly TGeometryEdge[],
  labels: boolean,
): TModelGeometry["viewBox"] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const add = (x: number, y: number) => {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  };
  const rad = (FIGURE_TEXT.slant * Math.PI) / 180;
  for (const n of nodes) {
    add(n.x, n.y);
    add(n.x + n.width, n.y + n.height);
    if (!labels) continue;
    // Titles lean up-right from the bar's top centre, shapes down-right from its bottom centre.
    const cx = n.x + n.width / 2;
    const t = textWidth(n.label, FIGURE_TEXT.title);
    add(
      cx + t * Math.cos(rad) + FIGURE_TEXT.title,
      n.y - 4 - t * Math.sin(rad) - FIGURE_TEXT.title,
    );
    const s = textWidth(n.shape, FIGURE_TEXT.shape);
    add(
      cx + s * Math.cos(rad) + FIGURE_TEXT.shape,
      n.y + n.height + 4 + s * Math.sin(rad) + FIGURE_TEXT.shape,
    );
  }
  // Arcs over the U leave the nodes' box: the picture keeps them.
  for (const e of edges) {
    for (const m of e.d.matchAll(/(-?[\d.]+(?:e-?\d+)?) (-?[\d.]+(?:e-?\d+)?)/g))
      add(Number(m[1]), Number(m[2]));
  }
  return {
    x: minX - PADDING,
    y: minY - PADDING,
    width: maxX - minX + 2 * PADDING,
    height: maxY - minY + 2 * PADDING,
  };
}

function isPosition(value: unknown): value is TPosition {
  return (
    typeof value === "object" &&
    value !== null &&
    Number.isFinite((value as TPosition).x) &&
    Number.isFinite((value as TPosition).y)
  );
}
