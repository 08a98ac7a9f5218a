import { describe, expect, it } from "vitest";
import { gridGap } from "./canvas-overlays";

describe("gridGap", () => {
  it("keeps the 24-unit grid while its dots are at least 12 px apart on screen", () => {
    expect(gridGap(1)).toBe(24);
    expect(gridGap(0.5)).toBe(24);
    expect(gridGap(2)).toBe(24);
  });

  it("doubles the spacing as one zooms out, so dots never crowd (zoom 0.05: 19 px, not 1.2)", () => {
    for (const zoom of [0.4, 0.2, 0.1, 0.05]) {
      const gap = gridGap(zoom);
      expect(gap * zoom).toBeGreaterThanOrEqual(12);
      expect(gap * zoom).toBeLessThan(24);
    }
    expect(gridGap(0.05)).toBe(384);
  });
});
