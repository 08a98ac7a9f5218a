import { describe, expect, it } from "vitest";
import { pickFairly, type TWaitingRun } from "./fair-pick";

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
const runs = (team: string, n: number, start: number): TWaitingRun[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `${team}${i}`,
    teamId: team,
    queuedAt: at(start + i),
  }));

describe("pickFairly", () => {
  it("gives a slot to a team with one run ahead of a team that queued a hundred first", () => {
    const waiting = [...runs("a", 100, 0), ...runs("b", 1, 200)].sort(
      (x, y) => x.queuedAt.getTime() - y.queuedAt.getTime(),
    );
    expect(pickFairly(waiting, new Map([["a", 1]]), 1, 10).map((r) => r.id)).toEqual(["b0"]);
    expect(pickFairly(waiting, new Map(), 3, 10).map((r) => r.id)).toEqual(["a0", "b0", "a1"]);
  });

  it("never passes the per-team limit, even with free slots", () => {
    const waiting = runs("a", 5, 0);
    expect(pickFairly(waiting, new Map([["a", 1]]), 4, 2).map((r) => r.id)).toEqual(["a0"]);
    expect(pickFairly(waiting, new Map([["a", 2]]), 4, 2)).toEqual([]);
  });

  it("picks nothing without free slots and keeps each team's order", () => {
    expect(pickFairly(runs("a", 3, 0), new Map(), 0, 5)).toEqual([]);
    const picked = pickFairly([...runs("a", 2, 0), ...runs("c", 2, 1)], new Map(), 4, 5);
    expect(picked.map((r) => r.id)).toEqual(["a0", "c0", "a1", "c1"]);
  });
});
