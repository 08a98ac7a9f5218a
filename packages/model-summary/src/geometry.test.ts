import { loadTemplate } from "@layerwise/graph-core";
import { describe, expect, it } from "vitest";
import { computeModelGeometry, type TGeometryNode } from "./geometry";

/** The points of an SVG path made of M / L / Q / C commands (control points included). */
function points(d: string): { x: number; y: number }[] {
  return [...d.matchAll(/(-?[\d.]+(?:e-?\d+)?) (-?[\d.]+(?:e-?\d+)?)/g)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
  }));
}

/** Whether the segment a–b passes through the inside of `n` (its border excluded). */
function crosses(a: { x: number; y: number }, b: { x: number; y: number }, n: TGeometryNode) {
  for (let t = 0; t <= 1; t += 1 / 64) {
    const x = a.x + (b.x - a.x) * t;
    const y = a.y + (b.y - a.y) * t;
    if (x > n.x + 1 && x < n.x + n.width - 1 && y > n.y + 1 && y < n.y + n.height - 1) return true;
  }
  return false;
}

describe("computeModelGeometry", () => {
  it("draws the U-Net's edges along routes that never cross a layer", () => {
    const g = computeModelGeometry(loadTemplate("unet-small"));
    const byId = new Map(g.nodes.map((n) => [n.id, n]));
    let routed = 0;
    for (const e of g.edges) {
      const [, source, target] = /^\d+:(.+)->(.+)$/.exec(e.key)!;
      const pts = points(e.d);
      expect(pts[0]).toEqual({ x: e.x1, y: e.y1 });
      expect(pts.at(-1)).toEqual({ x: e.x2, y: e.y2 });
      if (!e.d.includes(" C ")) routed += 1;
      else continue;
      for (let i = 1; i < pts.length; i++)
        for (const n of g.nodes)
          if (n.id !== source && n.id !== target)
            expect(crosses(pts[i - 1]!, pts[i]!, n), `${e.key} crosses ${n.id}`).toBe(false);
      expect(byId.has(source!) && byId.has(target!)).toBe(true);
    }
    // The skip connections arc over the U: at least one per level.
    expect(routed).toBeGreaterThanOrEqual(3);
  });

  it("names Block nodes as the code does and keeps the viewBox around slanted labels", () => {
    const model = loadTemplate("unet");
    const plain = computeModelGeometry(model);
    const labelled = computeModelGeometry(model, new Map(), { labels: true });
    const enc1 = plain.nodes.find((n) => n.id === "enc1")!;
    expect(enc1.label).toBe("DoubleConv 64");
    expect(enc1.shape).toBe("64 × 512 × 512");
    expect(plain.nodes.some((n) => n.label === "Block")).toBe(false);
    expect(labelled.viewBox.y).toBeLessThan(plain.viewBox.y);
    expect(labelled.viewBox.height).toBeGreaterThan(plain.viewBox.height);
  });
});
