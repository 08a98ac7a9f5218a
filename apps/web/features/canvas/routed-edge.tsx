"use client";

import type { TRoute } from "@layerwise/graph-core";
import { BaseEdge, getBezierPath, type Edge, type EdgeProps } from "@xyflow/react";
import { memo } from "react";

/** Edge data: the waypoints graph-core's router chose (empty: a direct curve is free). */
export interface TRoutedEdgeData extends Record<string, unknown> {
  route: TRoute;
}

export type TRoutedEdge = Edge<TRoutedEdgeData, "routed">;

const RADIUS = 10;

/**
 * An SVG path through `points` with rounded corners (each corner's radius limited by half of its
 * shorter leg, so short legs stay straight instead of looping).
 */
export function roundedPath(points: readonly { x: number; y: number }[]): string {
  if (points.length === 0) return "";
  const [first] = points;
  let d = `M ${first!.x} ${first!.y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i - 1]!;
    const c = points[i]!;
    const n = points[i + 1]!;
    const inLen = Math.hypot(c.x - p.x, c.y - p.y);
    const outLen = Math.hypot(n.x - c.x, n.y - c.y);
    const r = Math.min(RADIUS, inLen / 2, outLen / 2);
    if (r < 0.5) {
      d += ` L ${c.x} ${c.y}`;
      continue;
    }
    const a = { x: c.x - ((c.x - p.x) / inLen) * r, y: c.y - ((c.y - p.y) / inLen) * r };
    const b = { x: c.x + ((n.x - c.x) / outLen) * r, y: c.y + ((n.y - c.y) / outLen) * r };
    d += ` L ${a.x} ${a.y} Q ${c.x} ${c.y} ${b.x} ${b.y}`;
  }
  const last = points[points.length - 1]!;
  return `${d} L ${last.x} ${last.y}`;
}

/**
 * An edge drawn along its route: a curve when the direct way is free, otherwise the router's
 * orthogonal path (along a level, or an arc over the nodes between its ends). The handles'
 * live positions are its ends, so it follows a node being dragged.
 */
function RoutedEdgeView(props: EdgeProps<TRoutedEdge>) {
  const { sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data } = props;
  const route = data?.route ?? [];
  const path =
    route.length === 0
      ? getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition })[0]
      : roundedPath([{ x: sourceX, y: sourceY }, ...route, { x: targetX, y: targetY }]);
  return (
    <BaseEdge
      id={props.id}
      path={path}
      markerEnd={props.markerEnd}
      interactionWidth={props.interactionWidth}
      {...(props.style ? { style: props.style } : {})}
    />
  );
}

/** The memoised custom edge registered as `routed`. */
export const RoutedEdge = memo(RoutedEdgeView);
