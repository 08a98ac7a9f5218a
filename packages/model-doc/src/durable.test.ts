import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { extendDurable, type TStateVector } from "./durable";

/** A doc whose every transaction's update is recorded, in order. */
function recording(): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on("update", (u: Uint8Array) => updates.push(u));
  return { doc, updates };
}

describe("extendDurable", () => {
  it("extends a client's durable prefix by each broadcast in order", () => {
    const { doc, updates } = recording();
    const map = doc.getMap<number>("m");
    map.set("a", 1);
    map.set("b", 2);
    const durable: TStateVector = new Map();
    expect(extendDurable(durable, updates[0]!)).toBe(true);
    expect(durable.get(doc.clientID)).toBe(1);
    expect(extendDurable(durable, updates[1]!)).toBe(true);
    expect(durable).toEqual(Y.decodeStateVector(Y.encodeStateVector(doc)));
    // A repeat moves nothing.
    expect(extendDurable(durable, updates[1]!)).toBe(false);
  });

  it("leaves a range that starts beyond the durable prefix for a persisted message", () => {
    const { doc, updates } = recording();
    const map = doc.getMap<number>("m");
    for (let i = 0; i < 3; i++) map.set(`k${i}`, i);
    const durable: TStateVector = new Map();
    // The second edit's update without the first: its structs start at clock 1.
    expect(extendDurable(durable, updates[1]!)).toBe(false);
    expect(durable.size).toBe(0);
    expect(extendDurable(durable, updates[0]!)).toBe(true);
    expect(extendDurable(durable, updates[2]!)).toBe(false);
    expect(durable.get(doc.clientID)).toBe(1);
  });

  it("takes a merged batch of several clients whole, and a deletion moves nothing", () => {
    const a = recording();
    const b = recording();
    a.doc.getMap<number>("m").set("x", 1);
    Y.applyUpdate(b.doc, a.updates[0]!);
    b.doc.getMap<number>("m").set("y", 2);
    a.doc.getMap<number>("m").set("z", 3);
    const durable: TStateVector = new Map([[a.doc.clientID, 1]]);
    const batch = Y.mergeUpdates([b.updates.at(-1)!, a.updates.at(-1)!]);
    expect(extendDurable(durable, batch)).toBe(true);
    expect(durable.get(a.doc.clientID)).toBe(2);
    expect(durable.get(b.doc.clientID)).toBe(1);
    a.doc.getMap<number>("m").delete("x");
    expect(extendDurable(durable, a.updates.at(-1)!)).toBe(false);
  });
});
