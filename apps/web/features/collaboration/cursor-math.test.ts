import { describe, expect, it } from "vitest";
import { createThrottle, flowToPane, paneToFlow, rectToPane, roundPoint } from "./cursor-math";

describe("cursor transforms", () => {
  const views = [
    { x: 0, y: 0, zoom: 1 },
    { x: -340, y: 125, zoom: 0.35 },
    { x: 812.5, y: -40, zoom: 2.4 },
  ];

  it("a peer's flow point lands under the same layer at any zoom and pan", () => {
    // The point 10 px right of a node's corner, seen by two clients with different viewports.
    const node = { x: 400, y: 220 };
    const sender = views[1]!;
    const pointerOnPane = flowToPane({ x: node.x + 10, y: node.y }, sender);
    const sent = paneToFlow(pointerOnPane, sender);
    for (const receiver of views) {
      const drawn = flowToPane(sent, receiver);
      const corner = flowToPane(node, receiver);
      expect(drawn.x - corner.x).toBeCloseTo(10 * receiver.zoom, 6);
      expect(drawn.y).toBeCloseTo(corner.y, 6);
    }
  });

  it("paneToFlow inverts flowToPane", () => {
    for (const v of views) {
      const p = { x: 123.4, y: -56.7 };
      const back = paneToFlow(flowToPane(p, v), v);
      expect(back.x).toBeCloseTo(p.x, 9);
      expect(back.y).toBeCloseTo(p.y, 9);
    }
  });

  it("rectToPane scales sizes with the zoom", () => {
    expect(rectToPane({ x: 10, y: 20, width: 100, height: 50 }, { x: 5, y: 6, zoom: 2 })).toEqual({
      x: 25,
      y: 46,
      width: 200,
      height: 100,
    });
    expect(roundPoint({ x: 1.234, y: -9.876 })).toEqual({ x: 1.2, y: -9.9 });
  });
});

describe("createThrottle", () => {
  function fakeClock() {
    let now = 0;
    const timers: { at: number; fn: () => void }[] = [];
    return {
      now: () => now,
      setTimeout: (fn: () => void, ms: number) => timers.push({ at: now + ms, fn }),
      advance(ms: number) {
        now += ms;
        for (const t of timers.splice(0).sort((a, b) => a.at - b.at))
          if (t.at <= now) t.fn();
          else timers.push(t);
      },
    };
  }

  it("sends the first value at once, then at most one per interval, always the latest", () => {
    const clock = fakeClock();
    const sent: number[] = [];
    const t = createThrottle<number>((v) => sent.push(v), 50, clock);
    t.push(1);
    t.push(2);
    t.push(3);
    expect(sent).toEqual([1]);
    clock.advance(49);
    expect(sent).toEqual([1]);
    clock.advance(1);
    expect(sent).toEqual([1, 3]);
    clock.advance(200);
    t.push(4);
    expect(sent).toEqual([1, 3, 4]);
  });

  it("sends nothing after cancel", () => {
    const clock = fakeClock();
    const sent: number[] = [];
    const t = createThrottle<number>((v) => sent.push(v), 50, clock);
    t.push(1);
    t.push(2);
    t.cancel();
    clock.advance(100);
    t.push(3);
    expect(sent).toEqual([1]);
  });
});
