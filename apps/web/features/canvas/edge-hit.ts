import {
  sourceAnchor,
  targetAnchor,
  type TBox,
  type TPosition,
  type TRoute,
} from "@layerwise/graph-core";
import type { Edge } from "@xyflow/react";
import { nodeBox } from "./edge-routes";
import { handlePort, type TLayerNode } from "./layer-node-data";

/** Segments a direct (route-less) edge's curve is sampled into. */
const CURVE_STEPS = 16;

/**
 * The points an edge is drawn through, in flow coordinates: its route's legs between the two
 * anchors, or — for an empty route — React Flow's bezier (`getBezierPath`, curvature 0.25)
 * sampled, as `RoutedEdge` draws them.
 */
export function edgePolyline(a: TPosition, route: readonly TPosition[], b: TPosition): TPosition[] {
  if (route.length) return [a, ...route, b];
  const dx = b.x - a.x;
  const offset = dx >= 0 ? 0.5 * dx : 0.25 * 25 * Math.sqrt(-dx);
  const c1 = { x: a.x + offset, y: a.y };
  const c2 = { x: b.x - offset, y: b.y };
  const points: TPosition[] = [];
  for (let i = 0; i <= CURVE_STEPS; i++) {
    const t = i / CURVE_STEPS;
    const u = 1 - t;
    const w = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t] as const;
    points.push({
      x: w[0] * a.x + w[1] * c1.x + w[2] * c2.x + w[3] * b.x,
      y: w[0] * a.y + w[1] * c1.y + w[2] * c2.y + w[3] * b.y,
    });
  }
  return points;
}

/** Whether the segment p → q passes through the box (Liang–Barsky clipping). */
function segmentHitsBox(p: TPosition, q: TPosition, box: TBox): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  const sides: [number, number][] = [
    [-dx, p.x - box.x],
    [dx, box.x + box.width - p.x],
    [-dy, p.y - box.y],
    [dy, box.y + box.height - p.y],
  ];
  for (const [den, num] of sides) {
    if (den === 0) {
      if (num < 0) return false;
      continue;
    }
    const t = num / den;
    if (den < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}

function distanceToSegment(c: TPosition, p: TPosition, q: TPosition): number {
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  const len = dx * dx + dy * dy;
  const t = len ? Math.min(1, Math.max(0, ((c.x - p.x) * dx + (c.y - p.y) * dy) / len)) : 0;
  return Math.hypot(c.x - (p.x + t * dx), c.y - (p.y + t * dy));
}

/**
 * The canvas edge whose drawn line passes through `box` (flow coordinates) — where a pasted
 * layer lands — or null. When several do, the one passing nearest the box's centre.
 */
export function edgeThroughBox(
  nodes: readonly TLayerNode[],
  edges: readonly Edge[],
  routes: ReadonlyMap<string, TRoute>,
  box: TBox,
): Edge | null {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  let best: Edge | null = null;
  let bestDistance = Infinity;
  for (const e of edges) {
    const from = byId.get(e.source);
    const to = byId.get(e.target);
    if (!from || !to) continue;
    const port = handlePort(e.targetHandle) ?? 0;
    const route = routes.get(e.id) ?? [];
    const line = edgePolyline(
      sourceAnchor(nodeBox(from)),
      route,
      targetAnchor(nodeBox(to), port, to.data.ports),
    );
    for (let i = 1; i < line.length; i++) {
      if (!segmentHitsBox(line[i - 1]!, line[i]!, box)) continue;
      const d = distanceToSegment(centre, line[i - 1]!, line[i]!);
      if (d < bestDistance) {
        bestDistance = d;
        best = e;
      }
    }
  }
  return best;
}
