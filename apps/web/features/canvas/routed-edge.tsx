"use client";

import type { TRoute } from "@layerwise/graph-core";
import { roundedPath } from "@layerwise/model-summary";
import { BaseEdge, getBezierPath, type Edge, type EdgeProps } from "@xyflow/react";
import { memo } from "react";
import { useEditor } from "../editor/editor-context";

/** A canvas edge; its route (graph-core's waypoints) is in the editor state's `routes`. */
export type TRoutedEdge = Edge<Record<string, unknown>, "routed">;

const DIRECT: TRoute = [];

/**
 * An edge drawn along its route: a curve when the direct way is free, otherwise the router's
 * orthogonal path (along a level, or an arc over the nodes between its ends). The handles'
 * live positions are its ends, so it follows a node being dragged.
 */
function RoutedEdgeView(props: EdgeProps<TRoutedEdge>) {
  const { sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition } = props;
  // Empty: a direct curve is free. Read here, so a re-route re-renders only this edge.
  const route = useEditor((s) => s.routes.get(props.id)) ?? DIRECT;
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
