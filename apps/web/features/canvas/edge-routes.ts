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
import { inputHandle } from "./layer-node-data";
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

const DIRECT: TRoute = [];

/** Beyond this many changed boxes (a re-layout) every edge is routed again: cheaper than testing. */
const INCREMENTAL_UP_TO = 24;
/** A route reads boxes overlapping its ends' x-range widened by its 2-unit legs (and 0.5 slack). */
const ROUTE_REACH = 3;

/** What the router needs of a canvas node: where it is drawn, its size, its input handles. */
export interface TRoutedNode {
  id: string;
  position: { x: number; y: number };
  data: { visual: Pick<TNodeVisual, "width" | "height">; ports: number };
}

interface TEnd {
  box: TBox;
  ports: number;
  /** The canvas node the box was read from: the same object has the same box and ports. */
  node: TRoutedNode;
}

/** An edge as last routed, with what its route was found from. */
interface TRouted {
  request: TRouteRequest;
  /** The x-range of boxes this route was found among (see `ROUTE_REACH`). */
  lo: number;
  hi: number;
  route: TRoute;
  edge: TRoutedEdge;
}

/** Where the canvas draws a node: its position and its drawn size. */
export function nodeBox(n: TRoutedNode): TBox {
  return {
    x: n.position.x,
    y: n.position.y,
    width: n.data.visual.width,
    height: n.data.visual.height,
  };
}

function sameBox(a: TBox, b: TBox): boolean {
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}

/**
 * Builds the canvas edges with graph-core's routes, re-routing only the edges a changed box can
 * affect, and keeping the object of every edge whose route is the same (memoised edges do not
 * re-render after an unrelated edit). A route depends only on its two ends and on the boxes
 * overlapping the x-range between them, so after an edit that resizes a few layers only the
 * edges at them or spanning them are routed again: O(edges) comparisons instead of routing all.
 */
export class EdgeRouter {
  /**
   * Every edge's route by edge id: a new map when a route changed. The routes live beside the
   * React Flow edges, not in them, so a re-routed edge does not make a new edge array — React
   * Flow would rebuild its lookups and run every node's and edge's store selector for it.
   */
  routes: ReadonlyMap<string, TRoute> = new Map();
  private ends = new Map<string, TEnd>();
  private edges: TModelFlow["edges"] | null = null;
  /** Aligned with `edges`. */
  private routed: TRouted[] = [];
  private list: TRoutedEdge[] = [];

  /** Edges whose grab circles (`reconnectable`) are due to change: see `derive`'s `deferFlags`. */
  private pendingFlags = new Set<string>();

  /** Whether `applyFlags` has flags to apply. */
  get hasPendingFlags(): boolean {
    return this.pendingFlags.size > 0;
  }

  /**
   * The edges for `flow`, drawn between `nodes` (the canvas nodes, at their drawn positions).
   * With `deferFlags`, an edge whose only change is whether its ends can be grabbed keeps its
   * object until `applyFlags`: the flag shows nothing until hovered, and a new edge array makes
   * React Flow rebuild its lookups and re-run every node's and edge's selectors in the frame.
   */
  derive(
    flow: TModelFlow,
    nodes: readonly TRoutedNode[],
    { deferFlags = false }: { deferFlags?: boolean } = {},
  ): TRoutedEdge[] {
    // Changed, added and removed boxes (old and new extent): what a kept route may not overlap.
    const moved: TBox[] = [];
    const changed = new Set<string>();
    for (const n of nodes) {
      const old = this.ends.get(n.id);
      if (old?.node === n) continue;
      const box = nodeBox(n);
      if (old && sameBox(old.box, box) && old.ports === n.data.ports) {
        old.node = n;
        continue;
      }
      changed.add(n.id);
      moved.push(box);
      if (old) moved.push(old.box);
      this.ends.set(n.id, { box, ports: n.data.ports, node: n });
    }
    if (this.ends.size > nodes.length) {
      const ids = new Set(nodes.map((n) => n.id));
      for (const [id, end] of this.ends)
        if (!ids.has(id)) {
          changed.add(id);
          moved.push(end.box);
          this.ends.delete(id);
        }
    }
    const full = moved.length > 2 * INCREMENTAL_UP_TO;
    const stale = (r: TRouted): boolean =>
      full ||
      changed.has(r.request.source) ||
      changed.has(r.request.target) ||
      moved.some((b) => b.x <= r.hi && b.x + b.width >= r.lo);

    let previous: (i: number, id: string) => TRouted | undefined;
    let requests: TRouteRequest[];
    if (flow.edges === this.edges) {
      const routed = this.routed;
      previous = (i) => routed[i];
      requests = routed.map((r) => r.request);
    } else {
      const byId = new Map(this.routed.map((r) => [r.request.id, r]));
      previous = (_i, id) => byId.get(id);
      requests = flow.edges.map((e, i) => ({
        id: edgeId(e, i),
        source: e.source,
        target: e.target,
        port: typeof e.port === "number" ? e.port : 0,
        ports: this.ends.get(e.target)?.ports ?? 1,
      }));
    }
    const todo: TRouteRequest[] = [];
    const flagsDue = deferFlags ? new Set<string>() : this.pendingFlags;
    if (!deferFlags) this.pendingFlags = new Set();
    requests.forEach((r, i) => {
      const old = previous(i, r.id);
      const ports = this.ends.get(r.target)?.ports ?? 1;
      if (old && old.request.ports === ports && !stale(old) && !flagsDue.has(r.id)) return;
      todo.push(r.ports === ports ? r : { ...r, ports });
    });
    if (!todo.length && flow.edges === this.edges) return this.list;
    const boxes = new Map<string, TBox>();
    for (const [id, end] of this.ends) boxes.set(id, end.box);
    const routes = todo.length ? routeEdges(boxes, todo) : new Map<string, TRoute>();
    const redo = new Map(todo.map((r) => [r.id, r]));
    let routesChanged = requests.length !== this.routed.length;
    this.routed = requests.map((r, i) => {
      const old = previous(i, r.id);
      const request = redo.get(r.id);
      if (old && !request) return old;
      const next = this.routedEdge(request ?? r, routes.get(r.id) ?? DIRECT, old, deferFlags);
      if (next.route !== old?.route) routesChanged = true;
      return next;
    });
    this.edges = flow.edges;
    if (routesChanged) this.routes = new Map(this.routed.map((r) => [r.request.id, r.route]));
    const list = this.routed.map((r) => r.edge);
    // The same edges (a resize that re-wired nothing): the same array, so React Flow does not
    // rebuild its edge and connection lookups — O(edges) and every selector on every edit.
    if (list.length !== this.list.length || list.some((e, i) => e !== this.list[i]))
      this.list = list;
    return this.list;
  }

  /** Applies the deferred grab-circle flags: the edge array, new when a flag changed. */
  applyFlags(): TRoutedEdge[] {
    if (!this.pendingFlags.size) return this.list;
    const due = this.pendingFlags;
    this.pendingFlags = new Set();
    let changed = false;
    this.routed = this.routed.map((r) => {
      if (!due.has(r.request.id)) return r;
      const next = this.routedEdge(r.request, r.route, r, false);
      if (next.edge !== r.edge) changed = true;
      return next;
    });
    if (changed) this.list = this.routed.map((r) => r.edge);
    return this.list;
  }

  private routedEdge(
    r: TRouteRequest,
    found: TRoute,
    old: TRouted | undefined,
    deferFlags: boolean,
  ): TRouted {
    const from = this.ends.get(r.source)?.box;
    const to = this.ends.get(r.target)?.box;
    const reconnectable = !from || !to || endsGrabbable(from, to, r.port, r.ports);
    const sameEnds =
      old !== undefined &&
      old.edge.source === r.source &&
      old.edge.target === r.target &&
      old.edge.targetHandle === inputHandle(r.port);
    if (sameEnds && deferFlags && old.edge.reconnectable !== reconnectable)
      this.pendingFlags.add(r.id);
    const edge: TRoutedEdge =
      sameEnds && (deferFlags || old.edge.reconnectable === reconnectable)
        ? old.edge
        : {
            id: r.id,
            type: "routed",
            source: r.source,
            target: r.target,
            targetHandle: inputHandle(r.port),
            sourceHandle: "out",
            markerEnd: ARROW,
            reconnectable,
          };
    const route = old && sameRoute(old.route, found) ? old.route : found;
    const a = from ? from.x + from.width : 0;
    const b = to ? to.x : 0;
    const lo = Math.min(a, b) - ROUTE_REACH;
    return { request: r, lo, hi: Math.max(a, b) + ROUTE_REACH, route, edge };
  }
}
