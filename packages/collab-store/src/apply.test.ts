import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { applyStoredState, type TStoredState } from "./log";

/** A log of `rows` edits by two clients on top of a snapshot, as a room stores it. */
function storedLog(rows: number): { state: TStoredState; expected: Y.Doc } {
  const a = new Y.Doc();
  a.getMap("params").set("start", 0);
  const snapshot = Y.encodeStateAsUpdate(a);
  const b = new Y.Doc();
  Y.applyUpdate(b, snapshot);
  const updates = [];
  for (let seq = 1; seq <= rows; seq++) {
    const writer = seq % 3 === 0 ? b : a;
    const sv = Y.encodeStateVector(writer);
    writer.getMap("params").set(`k${seq % 40}`, seq);
    writer.getArray<number>("order").push([seq]);
    const data = Y.encodeStateAsUpdate(writer, sv);
    Y.applyUpdate(writer === a ? b : a, data); // the room relays it before the next edit
    updates.push({ seq, data });
  }
  return { state: { snapshot, snapshotSeq: 0, updates, seq: rows }, expected: a };
}

describe("applyStoredState", () => {
  it.each([0, 1, 255, 256, 257, 1000])("rebuilds the document from a log of %i rows", (rows) => {
    const { state, expected } = storedLog(rows);
    const doc = new Y.Doc();
    applyStoredState(doc, state);
    expect(doc.store.pendingStructs).toBeNull();
    expect(doc.getMap("params").toJSON()).toEqual(expected.getMap("params").toJSON());
    expect(doc.getArray("order").toArray()).toEqual(expected.getArray("order").toArray());
  });

  it("throws on bytes that are not a Yjs update, never leaving an empty document unnoticed", () => {
    const { state } = storedLog(300);
    state.updates[270] = { seq: 271, data: new Uint8Array([255, 1, 2, 3]) };
    expect(() => applyStoredState(new Y.Doc(), state)).toThrow();
  });
});
