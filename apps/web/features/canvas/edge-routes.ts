import {
  routeEdges,
  sourceAnchor,
  targetAnchor,
  type TBox,
  type TModelFlow,
  type TNodeVisual,
  type TRoute,
  type TRouteRequest,
} from "@layerwise/graph-core";
import { MarkerType, type EdgeMarker } from "@xyflow/react";
import type { TRoutedEdge } from "./routed-edge";

/** Arrowheads on every edge: the direction of a connection is part of what the picture says. */
const ARROW: EdgeMarker = { type: MarkerType.ArrowClosed, width: 14, height: 14 };

/**
 * The radius of an edge end's grab circle (React Flow's `reconnectRadius`, passed explicitly): the
 * circle sits this far out from its handle, so a circle's centre is never under a handle.
 */
export const RECONNECT_RADIUS = 10;

/**
 * Whether an edge's two grab circles are clear of each other. Between neighbours in the compact
 * layout (14 px gaps) they overlap, the one drawn last takes every press, and a drag on what looks
 * like the source end moves the target end: such an edge is re-wired from its layers' handles
 * instead (drag from the input handle to another output, which replaces the input).
 */
export function endsGrabbable(source: TBox, target: TBox, port: number, ports: number): boolean {
  const s = sourceAnchor(source);
  const t = targetAnchor(target, port, ports);
  return (
    Math.hypot(t.x - RECONNECT_RADIUS - (s.x + RECONNECT_RADIUS), t.y - s.y) >= 2 * RECONNECT_RADIUS
  );
}

/** A React Flow edge's id for a model-flow edge (stable across re-derivations). */
export function edgeId(e: TModelFlow["edges"][number], i: number): string {
  return `${e.source}->${e.target}:${e.port ?? ""}#${i}`;
}

function sameRoute(a: TRoute, b: TRoute): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.x !== b[i]!.x || a[i]!.y !== b[i]!.y) return false;
  return true;
}

/**
 * Builds the canvas edges with graph-core's routes, re-routing only when the edges or a node's
 * box changed, and keeping the object of every edge whose route is the same (memoised edges do
 * not re-render after an unrelated edit).
 */
export class EdgeRouter {
  private boxes = new Map<string, TBox>();
  private edges: readonly TModelFlow["edges"][number][] | null = null;
  private byId = new Map<string, TRoutedEdge>();
  private list: TRoutedEdge[] = [];

  /**
   * The edges for `flow`: `position(id)` is where the canvas draws a node, `ports(id)` how many
   * input handles it has.
   */
  derive(
    flow: TModelFlow,
    visuals: ReadonlyMap<string, TNodeVisual>,
    position: (id: string) => { x: number; y: number },
    ports: (id: string) => number,
  ): TRoutedEdge[] {
    const boxes = new Map<string, TBox>();
    let changed = flow.edges !== this.edges || flow.nodes.length !== this.boxes.size;
    for (const n of flow.nodes) {
      const v = visuals.get(n.id);
      const p = position(n.id);
      const b = { x: p.x, y: p.y, width: v?.width ?? 40, height: v?.height ?? 40 };
      const old = this.boxes.get(n.id);
      if (
        !old ||
        old.x !== b.x ||
        old.y !== b.y ||
        old.width !== b.width ||
        old.height !== b.height
      )
        changed = true;
      boxes.set(n.id, b);
    }
    if (!changed) return this.list;
    this.boxes = boxes;
    this.edges = flow.edges;
    const requests: TRouteRequest[] = flow.edges.map((e, i) => ({
      id: edgeId(e, i),
      source: e.source,
      target: e.target,
      port: typeof e.port === "number" ? e.port : 0,
      ports: ports(e.target),
    }));
    const routes = routeEdges(boxes, requests);
    const byId = new Map<string, TRoutedEdge>();
    const list = flow.edges.map((e, i) => {
      const id = requests[i]!.id;
      const route = routes.get(id) ?? [];
      const { port, ports: count } = requests[i]!;
      const from = boxes.get(e.source);
      const to = boxes.get(e.target);
      const reconnectable = !from || !to || endsGrabbable(from, to, port, count);
      const old = this.byId.get(id);
      const edge: TRoutedEdge =
        old && old.reconnectable === reconnectable && sameRoute(old.data?.route ?? [], route)
          ? old
          : {
              id,
              type: "routed",
              source: e.source,
              target: e.target,
              targetHandle: `in-${typeof e.port === "number" ? e.port : 0}`,
              sourceHandle: "out",
              markerEnd: ARROW,
              reconnectable,
              data: { route },
            };
      byId.set(id, edge);
      return edge;
    });
    this.byId = byId;
    // Every route the same (a resize that moved nothing): the same array, so React Flow does not
    // rebuild its edge and connection lookups — O(edges) on every edit otherwise.
    if (list.length !== this.list.length || list.some((e, i) => e !== this.list[i]))
      this.list = list;
    return this.list;
  }
}
