import { describe, expect, it } from "vitest";
import { LAYOUT_GRID } from "@layerwise/graph-core";
import { RECONNECT_RADIUS, endsGrabbable } from "./edge-routes";

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
