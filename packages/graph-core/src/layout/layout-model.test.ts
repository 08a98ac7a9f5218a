import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { TPosition, TShape } from "../graph/types";
import { analyze } from "../analysis/analyze";
import { TEMPLATE_IDS, loadTemplate } from "../templates";
import { encodeVisuals, spatialDims } from "../visual/visual-encoding";
import { fakeLookup, fixture, type TFixtureNode } from "../visual/test-fixtures";
import { LAYOUT_GRID, applyLayout, layoutModel, type TLayoutMode } from "./layout-model";

const MODES: TLayoutMode[] = ["simple", "unet"];

function boxes(f: ReturnType<typeof fixture>, pos: Map<string, TPosition>) {
  const v = encodeVisuals(f.doc, f.analysis, { lookup: fakeLookup });
  return f.doc.nodes.map((n) => ({
    id: n.id,
    ...pos.get(n.id)!,
    w: v.get(n.id)!.width,
    h: v.get(n.id)!.height,
  }));
}

function overlaps(bs: ReturnType<typeof boxes>): boolean {
  for (let i = 0; i < bs.length; i++)
    for (let j = i + 1; j < bs.length; j++) {
      const a = bs[i]!;
      const b = bs[j]!;
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) return true;
    }
  return false;
}

/** A node's centre line as the layout places it (top = centre − round(h / 2)). */
const centreY = (p: TPosition, h: number) => p.y + Math.round(h / 2);

/** Input → conv → pool → conv → up-ish conv → concat(skip) : a tiny U. */
function tinyUnet() {
  const s = (c: number, h: number): TShape => [c, h, h];
  return fixture(
    [
      { id: "in", type: "Input", shape: s(3, 64) },
      { id: "c1", type: "Conv2d", shape: s(16, 64) },
      { id: "p1", type: "MaxPool2d", shape: s(16, 32) },
      { id: "c2", type: "Conv2d", shape: s(32, 32) },
      { id: "p2", type: "MaxPool2d", shape: s(32, 16) },
      { id: "c3", type: "Conv2d", shape: s(64, 16) },
      { id: "u2", type: "Conv2d", shape: s(32, 32) },
      { id: "cat2", type: "Concat", shape: s(64, 32) },
      { id: "u1", type: "Conv2d", shape: s(16, 64) },
      { id: "cat1", type: "Concat", shape: s(32, 64) },
      { id: "out", type: "Output", shape: s(1, 64) },
    ],
    [
      { source: "in", target: "c1" },
      { source: "c1", target: "p1" },
      { source: "p1", target: "c2" },
      { source: "c2", target: "p2" },
      { source: "p2", target: "c3" },
      { source: "c3", target: "u2" },
      { source: "u2", target: "cat2", port: 0 },
      { source: "c2", target: "cat2", port: 1 },
      { source: "cat2", target: "u1" },
      { source: "u1", target: "cat1", port: 0 },
      { source: "c1", target: "cat1", port: 1 },
      { source: "cat1", target: "out" },
    ],
  );
}

describe("layoutModel simple", () => {
  it("puts a chain on one line, left to right in topological order", () => {
    const f = tinyUnet();
    const pos = layoutModel(f.doc, f.analysis, { mode: "simple", lookup: fakeLookup });
    const bs = boxes(f, pos);
    const ys = new Set(bs.map((b) => centreY(b, b.h)));
    expect(ys.size).toBe(1);
    const order = f.analysis.order;
    for (let i = 1; i < order.length; i++)
      expect(pos.get(order[i]!)!.x).toBeGreaterThan(pos.get(order[i - 1]!)!.x);
  });

  it("stacks parallel branches below the main line", () => {
    const s: TShape = [8, 8, 8];
    const f = fixture(
      [
        { id: "in", type: "Input", shape: s },
        { id: "a", type: "Conv2d", shape: s },
        { id: "b", type: "Conv2d", shape: s },
        { id: "add", type: "Add", shape: s },
      ],
      [
        { source: "in", target: "a" },
        { source: "in", target: "b" },
        { source: "a", target: "add", port: 0 },
        { source: "b", target: "add", port: 1 },
      ],
    );
    const pos = layoutModel(f.doc, f.analysis, { mode: "simple", lookup: fakeLookup });
    expect(pos.get("a")!.x).toBe(pos.get("b")!.x);
    expect(pos.get("b")!.y).toBeGreaterThan(pos.get("a")!.y);
    expect(pos.get("add")!.y).toBe(pos.get("a")!.y);
  });
});

describe("layoutModel unet", () => {
  it("puts equal spatial sizes on the same row and larger sizes higher", () => {
    const f = tinyUnet();
    const pos = layoutModel(f.doc, f.analysis, { mode: "unet", lookup: fakeLookup });
    const bs = boxes(f, pos);
    const rowOf = new Map<number, Set<number>>();
    for (const b of bs) {
      const h = f.analysis.nodes.get(b.id)!.shape![1]!;
      if (!rowOf.has(h)) rowOf.set(h, new Set());
      rowOf.get(h)!.add(centreY(b, b.h));
    }
    for (const ys of rowOf.values()) expect(ys.size).toBe(1);
    const y = (h: number) => [...rowOf.get(h)!][0]!;
    expect(y(64)).toBeLessThan(y(32));
    expect(y(32)).toBeLessThan(y(16));
    expect(overlaps(bs)).toBe(false);
  });
});

describe("layoutModel properties", () => {
  const arbGraph = fc
    .array(
      fc.record({
        preds: fc.uniqueArray(fc.nat(), { maxLength: 3 }),
        c: fc.integer({ min: 1, max: 2048 }),
        h: fc.constantFrom(1, 4, 8, 16, 32, 224),
        known: fc.boolean(),
        type: fc.constantFrom("Conv2d", "ReLU", "BatchNorm2d", "Linear", "Concat", "Mystery"),
      }),
      { minLength: 1, maxLength: 40 },
    )
    .map((specs) => {
      const nodes: TFixtureNode[] = specs.map((s, i) => ({
        id: `n${i}`,
        type: s.type,
        shape: s.known ? [s.c, s.h, s.h] : null,
      }));
      const edges = specs.flatMap((s, i) =>
        i === 0 ? [] : s.preds.map((p, port) => ({ source: `n${p % i}`, target: `n${i}`, port })),
      );
      return fixture(nodes, edges);
    });

  it.each(MODES)("%s: never overlaps, is deterministic, keeps inputs to the left", (mode) => {
    fc.assert(
      fc.property(arbGraph, (f) => {
        const a = layoutModel(f.doc, f.analysis, { mode, lookup: fakeLookup });
        const b = layoutModel(f.doc, f.analysis, { mode, lookup: fakeLookup });
        expect([...a]).toEqual([...b]);
        expect(a.size).toBe(f.doc.nodes.length);
        expect(overlaps(boxes(f, a))).toBe(false);
        for (const e of f.doc.edges) expect(a.get(e.target)!.x).toBeGreaterThan(a.get(e.source)!.x);
        // Re-layout with its own output as `previous` is a fixed point: nothing moves.
        const again = layoutModel(f.doc, f.analysis, { mode, lookup: fakeLookup, previous: a });
        expect([...again]).toEqual([...a]);
      }),
      { numRuns: 150 },
    );
  });
});

describe("layoutModel stability", () => {
  it("a param edit that widens one node moves only the nodes right of it, and only sideways", () => {
    const f = tinyUnet();
    const before = layoutModel(f.doc, f.analysis, { mode: "simple", lookup: fakeLookup });
    f.analysis.nodes.get("c3")!.shape = [1024, 16, 16];
    const after = layoutModel(f.doc, f.analysis, {
      mode: "simple",
      lookup: fakeLookup,
      previous: before,
    });
    const c3x = before.get("c3")!.x;
    for (const [id, p] of after) {
      const old = before.get(id)!;
      if (old.x < c3x) expect(p, id).toEqual(old);
      else if (id !== "c3") expect(p.x, id).toBeGreaterThan(old.x);
    }
    expect(overlaps(boxes(f, after))).toBe(false);
  });

  it("bars sit side by side with small gaps: columns are as wide as their widest node", () => {
    const f = tinyUnet();
    const pos = layoutModel(f.doc, f.analysis, { mode: "simple", lookup: fakeLookup });
    const bs = boxes(f, pos).sort((a, b) => a.x - b.x);
    for (let i = 1; i < bs.length; i++) {
      const gap = bs[i]!.x - (bs[i - 1]!.x + bs[i - 1]!.w);
      expect(gap, `${bs[i - 1]!.id} → ${bs[i]!.id}`).toBeLessThanOrEqual(LAYOUT_GRID.gapX + 1);
    }
  });

  it("adding a branch with previous positions moves no existing node", () => {
    const f = tinyUnet();
    const before = layoutModel(f.doc, f.analysis, { mode: "unet", lookup: fakeLookup });
    f.doc.nodes.push({ id: "side", type: "Conv2d", params: {} });
    f.doc.edges.push({ source: "c1", target: "side" });
    f.analysis.nodes.set("side", {
      shape: [8, 64, 64],
      params: 0,
      macs: 0,
      activationBytes: 0,
      diagnostics: [],
    });
    f.analysis.order.push("side");
    const after = layoutModel(f.doc, f.analysis, {
      mode: "unet",
      lookup: fakeLookup,
      previous: before,
    });
    for (const [id, p] of before) expect(after.get(id)).toEqual(p);
  });

  it("removing a node from a chain closes the gap: nodes before it stay, later ones keep their row and order", () => {
    const f = tinyUnet();
    const before = layoutModel(f.doc, f.analysis, { mode: "simple", lookup: fakeLookup });
    f.doc.nodes = f.doc.nodes.filter((n) => n.id !== "p2");
    f.doc.edges = f.doc.edges.filter((e) => e.source !== "p2" && e.target !== "p2");
    f.doc.edges.push({ source: "c2", target: "c3" });
    f.analysis.order = f.analysis.order.filter((id) => id !== "p2");
    const after = layoutModel(f.doc, f.analysis, {
      mode: "simple",
      lookup: fakeLookup,
      previous: before,
    });
    const p2x = before.get("p2")!.x;
    for (const [id, p] of after) {
      const old = before.get(id)!;
      if (old.x < p2x) expect(p, id).toEqual(old);
      else expect(p.y, id).toBe(old.y);
    }
    const order = f.analysis.order;
    for (let i = 1; i < order.length; i++)
      expect(after.get(order[i]!)!.x).toBeGreaterThan(after.get(order[i - 1]!)!.x);
  });

  it("applyLayout writes positions and keeps other fields", () => {
    const f = tinyUnet();
    f.doc.nodes[0]!.label = "keep me";
    const laid = applyLayout(
      f.doc,
      layoutModel(f.doc, f.analysis, { mode: "unet", lookup: fakeLookup }),
    );
    expect(laid.nodes[0]).toMatchObject({
      label: "keep me",
      position: { x: expect.any(Number), y: expect.any(Number) },
    });
    expect(f.doc.nodes[0]!.position).toBeUndefined();
  });
});

describe("layoutModel on the real templates", () => {
  it.each(TEMPLATE_IDS.flatMap((id) => MODES.map((mode) => [id, mode] as const)))(
    "%s in %s mode: no overlap; in unet mode equal spatial size shares a row",
    (id, mode) => {
      const doc = loadTemplate(id);
      const analysis = analyze(doc);
      const visuals = encodeVisuals(doc, analysis);
      const pos = layoutModel(doc, analysis, { mode, visuals });
      const bs = doc.nodes.map((n) => ({
        id: n.id,
        ...pos.get(n.id)!,
        w: visuals.get(n.id)!.width,
        h: visuals.get(n.id)!.height,
      }));
      expect(overlaps(bs)).toBe(false);
      if (mode !== "unet") return;
      const rowBySize = new Map<string, number>();
      for (const b of bs) {
        const shape = analysis.nodes.get(b.id)!.shape!;
        const key = spatialDims(shape, visuals.get(b.id)!.family).join("x");
        const y = centreY(b, b.h);
        if (!rowBySize.has(key)) rowBySize.set(key, y);
        expect(y, `${b.id} (${key})`).toBe(rowBySize.get(key));
      }
    },
  );
});
