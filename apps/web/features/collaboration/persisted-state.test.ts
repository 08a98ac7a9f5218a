import * as decoding from "lib0/decoding";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  MESSAGE_PERSISTED,
  PersistedTracker,
  encodePersistedMessage,
  isCoveredBy,
  mergeStateVectors,
  readPersistedMessage,
} from "./persisted-state";

function sv(doc: Y.Doc) {
  return Y.decodeStateVector(Y.encodeStateVector(doc));
}

describe("persisted state (message 100)", () => {
  it("round-trips the server's state vector through the message encoding", () => {
    const doc = new Y.Doc();
    doc.getMap("nodes").set("a", 1);
    const decoder = decoding.createDecoder(encodePersistedMessage(Y.encodeStateVector(doc)));
    expect(decoding.readVarUint(decoder)).toBe(MESSAGE_PERSISTED);
    expect(readPersistedMessage(decoder)).toEqual(sv(doc));
  });

  it("merges acknowledgements client by client, whatever their order", () => {
    const merged = mergeStateVectors(
      new Map([
        [1, 5],
        [2, 1],
      ]),
      new Map([
        [1, 3],
        [3, 7],
      ]),
    );
    expect([...merged].sort()).toEqual([
      [1, 5],
      [2, 1],
      [3, 7],
    ]);
    expect(isCoveredBy(new Map([[1, 5]]), merged)).toBe(true);
    expect(isCoveredBy(new Map([[2, 2]]), merged)).toBe(false);
  });

  it("is saved only while the server's acknowledgement covers every local edit", () => {
    const doc = new Y.Doc();
    doc.getMap("nodes").set("a", 1);
    const tracker = new PersistedTracker(doc, sv(doc));
    const seen: boolean[] = [];
    tracker.subscribe(() => seen.push(tracker.isSaved()));
    expect(tracker.isSaved()).toBe(true);
    doc.getMap("nodes").set("b", 2);
    expect(tracker.isSaved()).toBe(false);
    const ackB = sv(doc);
    doc.getMap("nodes").set("c", 3);
    tracker.acknowledge(ackB);
    expect(tracker.isSaved()).toBe(false);
    tracker.acknowledge(sv(doc));
    expect(tracker.isSaved()).toBe(true);
    // A late, older acknowledgement does not make it unsaved again.
    tracker.acknowledge(ackB);
    expect(tracker.isSaved()).toBe(true);
    expect(seen).toEqual([false, true]);
    tracker.destroy();
  });
});
