import { describe, expect, it } from "vitest";
import {
  LAYOUT_GRID,
  analyze,
  encodeVisuals,
  layoutModel,
  loadTemplate,
  type TModelFlow,
} from "@layerwise/graph-core";
import { EdgeRouter, RECONNECT_RADIUS, endsGrabbable, type TRoutedNode } from "./edge-routes";
import { seededRandom } from "./seeded-random";

const bar = (x: number, y = 0, width = 20, height = 200) => ({ x, y, width, height });

describe("endsGrabbable", () => {
  it("refuses an edge between neighbours of the compact layout: its grab circles overlap", () => {
    const a = bar(0);
    expect(endsGrabbable(a, bar(a.width + LAYOUT_GRID.gapX), 0, 1)).toBe(false);
  });

  it("allows an edge whose grab circles are at least a diameter apart", () => {
    const a = bar(0);
    expect(endsGrabbable(a, bar(a.width + 4 * RECONNECT_RADIUS), 0, 1)).toBe(true);
    expect(endsGrabbable(a, bar(a.width + 4 * RECONNECT_RADIUS - 1), 0, 1)).toBe(false);
  });

  it("counts the vertical distance: a short gap to a node in another row is grabbable", () => {
    expect(endsGrabbable(bar(0), bar(34, 300), 0, 1)).toBe(true);
  });

  it("aims at the port's handle on a two-input layer", () => {
    // Port 0 of a 2-port target sits at a third of its height, level with a source a third down.
    const source = bar(0, 200 / 3 - 100);
    const target = bar(20 + 4 * RECONNECT_RADIUS - 1);
    expect(endsGrabbable(source, target, 0, 2)).toBe(false);
    expect(endsGrabbable(source, target, 1, 2)).toBe(true);
  });
});

describe("EdgeRouter", () => {
  const routesOf = (router: EdgeRouter, edges: ReturnType<EdgeRouter["derive"]>) =>
    new Map(
      edges.map((e) => [e.id, { route: router.routes.get(e.id), reconnectable: e.reconnectable }]),
    );

  it.each(["unet-small", "resnet18"] as const)(
    "%s: routing only what changed gives the routes of routing everything, edit after edit",
    (id) => {
      const model = loadTemplate(id);
      const analysis = analyze(model);
      const visuals = encodeVisuals(model, analysis);
      const positions = layoutModel(model, analysis, { mode: "unet", visuals });
      let nodes: TRoutedNode[] = model.nodes.map((n) => ({
        id: n.id,
        position: positions.get(n.id)!,
        data: { visual: visuals.get(n.id)!, ports: n.type === "Concat" ? 2 : 1 },
      }));
      let flow: TModelFlow = model;
      const router = new EdgeRouter();
      router.derive(flow, nodes);
      const next = seededRandom(11);
      const pick = () => Math.floor(next() * nodes.length);
      for (let step = 0; step < 120; step++) {
        const kind = next();
        if (kind < 0.45) {
          // Resize one layer (an edit of its channels or size).
          const i = pick();
          const v = nodes[i]!.data.visual;
          nodes = nodes.with(i, {
            ...nodes[i]!,
            data: {
              ...nodes[i]!.data,
              visual: { width: v.width + (next() < 0.5 ? -3 : 5), height: v.height + 4 },
            },
          });
        } else if (kind < 0.8) {
          // Move a few layers (a drag, a partial re-layout).
          for (let k = 0; k < 1 + Math.floor(next() * 3); k++) {
            const i = pick();
            const p = nodes[i]!.position;
            nodes = nodes.with(i, {
              ...nodes[i]!,
              position: { x: p.x + (next() - 0.5) * 200, y: p.y + (next() - 0.5) * 200 },
            });
          }
        } else if (kind < 0.9 && flow.edges.length > 2) {
          const k = Math.floor(next() * flow.edges.length);
          flow = { ...flow, edges: flow.edges.filter((_, j) => j !== k) };
        } else {
          const [s, t] = [nodes[pick()]!.id, nodes[pick()]!.id];
          if (s !== t) flow = { ...flow, edges: [...flow.edges, { source: s, target: t }] };
        }
        const incremental = routesOf(router, router.derive(flow, nodes));
        const fresh = new EdgeRouter();
        expect(incremental).toEqual(routesOf(fresh, fresh.derive(flow, nodes)));
      }
    },
  );

  it("keeps the edge array when a resize leaves every route the same", () => {
    const model = loadTemplate("unet-small");
    const analysis = analyze(model);
    const visuals = encodeVisuals(model, analysis);
    const positions = layoutModel(model, analysis, { mode: "unet", visuals });
    const nodes: TRoutedNode[] = model.nodes.map((n) => ({
      id: n.id,
      position: positions.get(n.id)!,
      data: { visual: visuals.get(n.id)!, ports: n.type === "Concat" ? 2 : 1 },
    }));
    const router = new EdgeRouter();
    const first = router.derive(model, nodes);
    expect(router.derive(model, nodes.slice())).toBe(first);
  });

  it("with deferred flags, a resize keeps the edge array; applyFlags then gives fresh flags", () => {
    // Three layers side by side: widening the middle one closes the gap to the next, so its
    // outgoing edge's grab circles overlap and it stops being reconnectable.
    const chain: TModelFlow = {
      format: "layerwise.model-flow",
      version: 1,
      name: "chain",
      nodes: ["a", "b", "c"].map((id) => ({ id, type: "ReLU", params: {} })),
      edges: [
        { source: "a", target: "b" },
        { source: "b", target: "c" },
      ],
    };
    const at = (id: string, x: number, width = 20): TRoutedNode => ({
      id,
      position: { x, y: 0 },
      data: { visual: { width, height: 100 }, ports: 1 },
    });
    const router = new EdgeRouter();
    const first = router.derive(chain, [at("a", 0), at("b", 100), at("c", 200)]);
    expect(first.map((e) => e.reconnectable)).toEqual([true, true]);
    const wide = [at("a", 0), at("b", 100, 90), at("c", 200)];
    expect(router.derive(chain, wide, { deferFlags: true })).toBe(first);
    expect(router.hasPendingFlags).toBe(true);
    const applied = router.applyFlags();
    expect(applied).not.toBe(first);
    expect(applied.map((e) => e.reconnectable)).toEqual([true, false]);
    expect(applied[0]).toBe(first[0]);
    expect(new EdgeRouter().derive(chain, wide).map((e) => e.reconnectable)).toEqual([true, false]);
  });
});
