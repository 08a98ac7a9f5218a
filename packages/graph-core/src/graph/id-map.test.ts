import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IdMap } from "./id-map";

type TOp = { op: "set" | "delete" | "add"; key: string; value: number };

/** Keys from a small alphabet, so sets, deletes and re-sets of one key are frequent. */
const KEY = fc.oneof(
  fc.constantFrom("a", "b", "n1", "n2", "", "conv_3", "ü", "n10"),
  fc.string({ maxLength: 4 }),
);
const OP: fc.Arbitrary<TOp> = fc.record({
  op: fc.constantFrom("set", "delete", "add"),
  key: KEY,
  value: fc.integer({ min: 0, max: 1000 }),
});

/** Applies `ops` to an IdMap and to a real Map, checking every answer on the way. */
function replay(ops: TOp[], expected = 0): { ours: IdMap; theirs: Map<string, number> } {
  const ours = new IdMap(expected);
  const theirs = new Map<string, number>();
  for (const { op, key, value } of ops) {
    if (op === "set") {
      expect(ours.set(key, value)).toBe(ours);
      theirs.set(key, value);
    } else if (op === "delete") {
      expect(ours.delete(key)).toBe(theirs.delete(key));
    } else {
      const had = theirs.get(key);
      expect(ours.addIfAbsent(key, value)).toBe(had);
      if (had === undefined) theirs.set(key, value);
    }
    expect(ours.size).toBe(theirs.size);
    expect(ours.get(key)).toBe(theirs.get(key));
    expect(ours.has(key)).toBe(theirs.has(key));
  }
  return { ours, theirs };
}

describe("IdMap", () => {
  it("answers like a Map under any sequence of sets, adds and deletes (insertion order too)", () => {
    fc.assert(
      fc.property(fc.array(OP, { maxLength: 200 }), fc.nat(64), (ops, expected) => {
        const { ours, theirs } = replay(ops, expected);
        expect([...ours]).toEqual([...theirs]);
        expect([...ours.keys()]).toEqual([...theirs.keys()]);
        expect([...ours.values()]).toEqual([...theirs.values()]);
        for (const key of ["a", "b", "zz", "n1"]) expect(ours.get(key)).toBe(theirs.get(key));
      }),
      { numRuns: 300, seed: 20261201 },
    );
  });

  it("keeps every id of a large graph across growth and deletions", () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `node_${i}`);
    const map = new IdMap(); // no size hint: grows many times
    ids.forEach((id, i) => map.set(id, i));
    for (let i = 0; i < ids.length; i += 3) map.delete(ids[i]!);
    for (let i = 0; i < ids.length; i++) expect(map.get(ids[i]!)).toBe(i % 3 === 0 ? undefined : i);
    expect(map.size).toBe(ids.length - Math.ceil(ids.length / 3));
    expect(map.get("node_20000")).toBeUndefined();
  });

  it("treats keys that are not strings as a Map does (SameValueZero), even mixed with strings", () => {
    const map = new IdMap();
    map.set("1", 0);
    const odd = [1, Number.NaN, null, -0] as unknown as string[];
    odd.forEach((key, i) => map.set(key, i + 1));
    expect(map.get("1")).toBe(0);
    expect(map.get(1 as unknown as string)).toBe(1);
    expect(map.get(Number.NaN as unknown as string)).toBe(2);
    expect(map.get(0 as unknown as string)).toBe(4); // -0 and 0 are one key
    expect(map.addIfAbsent(null as unknown as string, 9)).toBe(3);
    expect(map.size).toBe(5);
    expect(map.delete("1")).toBe(true);
    expect([...map.keys()]).toEqual([1, Number.NaN, null, 0]);
  });
});
