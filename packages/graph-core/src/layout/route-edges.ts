import type { TPosition } from "../graph/types";

/** A node's box in flow coordinates (top-left, size). */
export interface TBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** An edge to route: from the source's output (right, middle) to an input port (left side). */
export interface TRouteRequest {
  id: string;
  source: string;
  target: string;
  /** Input port of the target (0, 1, …). */
  port: number;
  /** Number of input ports drawn on the target (ports sit at (port + 1) / (ports + 1) of its height). */
  ports: number;
}

/** Options of {@link routeEdges}. */
export interface TRouteOptions {
  /** Distance kept from boxes by vertical legs and arcs. */
  clearance?: number;
}

/**
 * Waypoints between an edge's two handles; empty when the edge may be drawn directly (a curve
 * from source to target touches no other node).
 */
export type TRoute = readonly TPosition[];

const DIRECT: TRoute = [];

/** Where an edge leaves its source (right edge, middle). */
export function sourceAnchor(box: TBox): TPosition {
  return { x: box.x + box.width, y: box.y + box.height / 2 };
}

/** Where an edge enters its target's port (left edge). */
export function targetAnchor(box: TBox, port: number, ports: number): TPosition {
  return { x: box.x, y: box.y + (box.height * (port + 1)) / (Math.max(ports, 1) + 1) };
}

/**
 * Routes edges so that none passes behind or through a node: an edge whose straight path is free
 * is drawn directly; otherwise it runs orthogonally — along the source's or the target's level
 * when that is free, else as an arc over (or under) every node between its ends, the way skip
 * connections arc over a U-Net in its paper's figure. Legs run in the gaps beside the two end
 * nodes. Deterministic; `O(E · k)` with `k` the nodes between an edge's ends.
 */
export function routeEdges(
  boxes: ReadonlyMap<string, TBox>,
  edges: readonly TRouteRequest[],
  options: TRouteOptions = {},
): Map<string, TRoute> {
  const clearance = options.clearance ?? 14;
  const index = new BoxIndex(boxes);
  const out = new Map<string, TRoute>();
  for (const e of edges) {
    const s = boxes.get(e.source);
    const t = boxes.get(e.target);
    if (!s || !t) {
      out.set(e.id, DIRECT);
      continue;
    }
    out.set(e.id, routeOne(index, e, s, t, clearance));
  }
  return out;
}

function routeOne(index: BoxIndex, e: TRouteRequest, s: TBox, t: TBox, clearance: number): TRoute {
  const a = sourceAnchor(s);
  const b = targetAnchor(t, e.port, e.ports);
  const skip = new Set([e.source, e.target]);
  const free = (points: readonly TPosition[]) => {
    for (let i = 1; i < points.length; i++) {
      if (index.hits(points[i - 1]!, points[i]!, skip)) return false;
    }
    return true;
  };
  const leg = Math.max(2, Math.min(clearance, (b.x - a.x) / 3));
  // A curve between the anchors stays inside their bounding box: free box, direct edge.
  if (b.x > a.x && !index.hits(a, b, skip)) return DIRECT;
  const xOut = a.x + leg;
  const xIn = b.x - leg;
  if (b.x - a.x > 2 * leg) {
    const along = [
      [
        { x: xIn, y: a.y },
        { x: xIn, y: b.y },
      ],
      [
        { x: xOut, y: a.y },
        { x: xOut, y: b.y },
      ],
    ];
    for (const mid of along) if (free([a, ...mid, b])) return mid;
  }
  const lo = Math.min(a.x, b.x);
  const hi = Math.max(a.x, b.x);
  const over = index.extent(lo, hi, skip, "top");
  const top = Math.min(over, s.y, t.y) - clearance;
  const overRoute = arc(a, b, leg, top);
  if (free([a, ...overRoute, b])) return overRoute;
  const under = index.extent(lo, hi, skip, "bottom");
  const bottom = Math.max(under, s.y + s.height, t.y + t.height) + clearance;
  const underRoute = arc(a, b, leg, bottom);
  return free([a, ...underRoute, b]) ? underRoute : overRoute;
}

function arc(a: TPosition, b: TPosition, leg: number, y: number): TPosition[] {
  const xOut = a.x + leg;
  const xIn = b.x - leg;
  return [
    { x: xOut, y: a.y },
    { x: xOut, y },
    { x: xIn, y },
    { x: xIn, y: b.y },
  ];
}

/** Boxes sorted by left edge, for "which boxes overlap this x-range" queries. */
class BoxIndex {
  private readonly ids: string[];
  private readonly list: TBox[];
  private readonly maxWidth: number;

  constructor(boxes: ReadonlyMap<string, TBox>) {
    const entries = [...boxes].sort((p, q) => p[1].x - q[1].x);
    this.ids = entries.map(([id]) => id);
    this.list = entries.map(([, b]) => b);
    this.maxWidth = Math.max(0, ...this.list.map((b) => b.width));
  }

  /** Calls `visit` for every box whose x-range overlaps [lo, hi]. */
  private each(lo: number, hi: number, visit: (id: string, b: TBox) => void): void {
    let i = lowerBound(this.list, lo - this.maxWidth);
    for (; i < this.list.length; i++) {
      const b = this.list[i]!;
      if (b.x > hi) break;
      if (b.x + b.width >= lo) visit(this.ids[i]!, b);
    }
  }

  /** Whether the axis-aligned segment p–q (or its bounding box) crosses a box not in `skip`. */
  hits(p: TPosition, q: TPosition, skip: ReadonlySet<string>): boolean {
    const x0 = Math.min(p.x, q.x);
    const x1 = Math.max(p.x, q.x);
    const y0 = Math.min(p.y, q.y);
    const y1 = Math.max(p.y, q.y);
    let hit = false;
    this.each(x0, x1, (id, b) => {
      if (hit || skip.has(id)) return;
      if (x0 < b.x + b.width && b.x < x1 + 0.5 && y0 < b.y + b.height && b.y < y1 + 0.5) {
        hit = true;
      }
    });
    return hit;
  }

  /** Highest top (or lowest bottom) of the boxes overlapping [lo, hi], ends excluded. */
  extent(lo: number, hi: number, skip: ReadonlySet<string>, side: "top" | "bottom"): number {
    let v = side === "top" ? Infinity : -Infinity;
    this.each(lo, hi, (id, b) => {
      if (skip.has(id)) return;
      v = side === "top" ? Math.min(v, b.y) : Math.max(v, b.y + b.height);
    });
    return v;
  }
}

function lowerBound(list: readonly TBox[], x: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.x < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
