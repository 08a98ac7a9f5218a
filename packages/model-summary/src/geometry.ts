import {
  analyze,
  encodeVisuals,
  layoutModel,
  type TModelFlow,
  type TPosition,
} from "@layerwise/graph-core";

/** How a node is highlighted in a version comparison. */
export type THighlight = "added" | "removed" | "changed";

/** One node as drawn: top-left corner, size, fill from graph-core's visual encoding. */
export interface TGeometryNode {
  id: string;
  type: string;
  label: string;
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
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Everything an SVG needs to draw a model: no React, so the server computes it once. */
export interface TModelGeometry {
  viewBox: { x: number; y: number; width: number; height: number };
  nodes: TGeometryNode[];
  edges: TGeometryEdge[];
}

const PADDING = 40;

/**
 * Lays a model out for a picture (dashboard thumbnail, read-only view, version comparison).
 * Node sizes and colours come from graph-core's visual encoding so the picture looks like the
 * editor's canvas; positions are the document's own when every node has one, otherwise
 * graph-core's layout (U-Net rows when the model merges tensors, one line otherwise).
 */
export function computeModelGeometry(
  model: TModelFlow,
  highlights: ReadonlyMap<string, THighlight> = new Map(),
): TModelGeometry {
  const analysis = analyze(model);
  const visuals = encodeVisuals(model, analysis);
  const allPlaced = model.nodes.length > 0 && model.nodes.every((n) => isPosition(n.position));
  const positions: Map<string, TPosition> = allPlaced
    ? new Map(model.nodes.map((n) => [n.id, n.position as TPosition]))
    : layoutModel(model, analysis, {
        mode: model.nodes.some((n) => n.type === "Concat") ? "unet" : "simple",
      });

  const nodes: TGeometryNode[] = [];
  const byId = new Map<string, TGeometryNode>();
  for (const node of model.nodes) {
    if (byId.has(node.id)) continue;
    const visual = visuals.get(node.id);
    const position = positions.get(node.id) ?? { x: 0, y: 0 };
    const geometry: TGeometryNode = {
      id: node.id,
      type: node.type,
      label: typeof node.label === "string" && node.label ? node.label : node.type,
      x: position.x,
      y: position.y,
      width: visual?.width ?? 96,
      height: visual?.height ?? 56,
      fill: visual?.fill ?? "#6b7280",
      hasError: (analysis.nodes.get(node.id)?.diagnostics ?? []).some(
        (d) => d.severity === "error",
      ),
      highlight: highlights.get(node.id),
    };
    nodes.push(geometry);
    byId.set(node.id, geometry);
  }

  const edges: TGeometryEdge[] = [];
  model.edges.forEach((edge, index) => {
    const a = byId.get(edge.source);
    const b = byId.get(edge.target);
    if (!a || !b) return;
    edges.push({
      key: `${index}:${edge.source}->${edge.target}`,
      x1: a.x + a.width,
      y1: a.y + a.height / 2,
      x2: b.x,
      y2: b.y + b.height / 2,
    });
  });

  if (nodes.length === 0) return { viewBox: { x: 0, y: 0, width: 320, height: 180 }, nodes, edges };
  const minX = Math.min(...nodes.map((n) => n.x)) - PADDING;
  const minY = Math.min(...nodes.map((n) => n.y)) - PADDING;
  const maxX = Math.max(...nodes.map((n) => n.x + n.width)) + PADDING;
  const maxY = Math.max(...nodes.map((n) => n.y + n.height)) + PADDING;
  return { viewBox: { x: minX, y: minY, width: maxX - minX, height: maxY - minY }, nodes, edges };
}

function isPosition(value: unknown): value is TPosition {
  return (
    typeof value === "object" &&
    value !== null &&
    Number.isFinite((value as TPosition).x) &&
    Number.isFinite((value as TPosition).y)
  );
}
