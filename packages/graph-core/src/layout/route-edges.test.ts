import { describe, expect, it } from "vitest";
import { analyze } from "../analysis/analyze";
import type { TPosition } from "../graph/types";
import { TEMPLATE_IDS, loadTemplate } from "../templates";
import { encodeVisuals } from "../visual/visual-encoding";
import { layoutModel } from "./layout-model";
import {
  routeEdges,
  sourceAnchor,
  targetAnchor,
  type TBox,
  type TRoute,
  type TRouteRequest,
} from "./route-edges";

const box = (x: number, y: number, width = 20, height = 40): TBox => ({ x, y, width, height });

function req(source: string, target: string, port = 0, ports = 1): TRouteRequest {
  return { id: `${source}->${target}:${port}`, source, target, port, ports };
}

/** The polyline an edge is drawn along: its anchors and waypoints. */
function polyline(boxes: ReadonlyMap<string, TBox>, e: TRouteRequest, route: TRoute): TPosition[] {
  return [
    sourceAnchor(boxes.get(e.source)!),
    ...route,
    targetAnchor(boxes.get(e.target)!, e.port, e.ports),
  ];
}

/** Every box (other than the edge's own ends) that one of the polyline's segments crosses. */
function crossed(boxes: ReadonlyMap<string, TBox>, e: TRouteRequest, route: TRoute): string[] {
  const pts = polyline(boxes, e, route);
  const out: string[] = [];
  for (const [id, b] of boxes) {
    if (id === e.source || id === e.target) continue;
    for (let i = 1; i < pts.length; i++) {
      const p = pts[i - 1]!;
      const q = pts[i]!;
      const x0 = Math.min(p.x, q.x);
      const x1 = Math.max(p.x, q.x);
      const y0 = Math.min(p.y, q.y);
      const y1 = Math.max(p.y, q.y);
      if (x0 < b.x + b.width && b.x < x1 && y0 < b.y + b.height && b.y < y1) out.push(id);
    }
  }
  return out;
}

describe("routeEdges", () => {
  it("draws neighbours in a chain directly", () => {
    const boxes = new Map([
      ["a", box(0, 0)],
      ["b", box(40, 0)],
      ["c", box(80, 0)],
    ]);
    const routes = routeEdges(boxes, [req("a", "b"), req("b", "c")]);
    expect([...routes.values()]).toEqual([[], []]);
  });

  it("arcs a skip over the nodes between its ends (the U-Net skip past the up-convolution)", () => {
    const boxes = new Map([
      ["enc", box(0, 100)],
      ["deep", box(40, 200)],
      ["up", box(80, 100)],
      ["cat", box(120, 100)],
    ]);
    const e = req("enc", "cat", 1, 2);
    const route = routeEdges(boxes, [e]).get(e.id)!;
    expect(route.length).toBeGreaterThan(0);
    expect(crossed(boxes, e, route)).toEqual([]);
    expect(Math.min(...route.map((p) => p.y))).toBeLessThan(100);
  });

  it("runs a branch below along its own level, then up into the merge", () => {
    const boxes = new Map([
      ["in", box(0, 0)],
      ["c1", box(40, 0)],
      ["c2", box(80, 0)],
      ["ds", box(40, 80)],
      ["add", box(120, 0)],
    ]);
    const e = req("ds", "add", 1, 2);
    const route = routeEdges(boxes, [e]).get(e.id)!;
    expect(crossed(boxes, e, route)).toEqual([]);
    expect(Math.max(...route.map((p) => p.y))).toBeLessThanOrEqual(100);
    expect(Math.min(...route.map((p) => p.y))).toBeGreaterThanOrEqual(0);
  });

  it("routes an edge whose target lies left of its source around the nodes", () => {
    const boxes = new Map([
      ["a", box(100, 0)],
      ["mid", box(60, 0)],
      ["b", box(0, 0)],
    ]);
    const e = req("a", "b");
    const route = routeEdges(boxes, [e]).get(e.id)!;
    expect(route.length).toBeGreaterThan(0);
    expect(crossed(boxes, e, route)).toEqual([]);
  });

  it.each(TEMPLATE_IDS.flatMap((id) => (["simple", "unet"] as const).map((m) => [id, m] as const)))(
    "%s laid out in %s mode: no edge crosses a node",
    (id, mode) => {
      const doc = loadTemplate(id);
      const analysis = analyze(doc);
      const visuals = encodeVisuals(doc, analysis);
      const pos = layoutModel(doc, analysis, { mode, visuals });
      const boxes = new Map<string, TBox>();
      for (const n of doc.nodes) {
        const v = visuals.get(n.id)!;
        boxes.set(n.id, { ...pos.get(n.id)!, width: v.width, height: v.height });
      }
      const ports = new Map<string, number>();
      for (const e of doc.edges)
        ports.set(e.target, Math.max(ports.get(e.target) ?? 1, (e.port ?? 0) + 1));
      const reqs = doc.edges.map((e) => req(e.source, e.target, e.port ?? 0, ports.get(e.target)!));
      const routes = routeEdges(boxes, reqs);
      for (const e of reqs) expect(crossed(boxes, e, routes.get(e.id)!), e.id).toEqual([]);
    },
  );
});
