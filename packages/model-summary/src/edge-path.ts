/** A point in flow coordinates. */
export interface TPoint {
  x: number;
  y: number;
}

const RADIUS = 10;

/**
 * An SVG path through `points` with rounded corners (each corner's radius limited by half of its
 * shorter leg, so short legs stay straight instead of looping).
 */
export function roundedPath(points: readonly TPoint[]): string {
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
 * The path of an edge from `a` (a source's output, right side) to `b` (a target's port, left
 * side) along graph-core's route: a horizontal-tangent curve when the route is empty (the direct
 * way touches no node), otherwise the route's orthogonal legs with rounded corners.
 */
export function edgePath(a: TPoint, route: readonly TPoint[], b: TPoint): string {
  if (route.length) return roundedPath([a, ...route, b]);
  const dx = Math.max(Math.abs(b.x - a.x) / 2, 12);
  return `M ${a.x} ${a.y} C ${a.x + dx} ${a.y} ${b.x - dx} ${b.y} ${b.x} ${b.y}`;
}
