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

  it("a deletion is saved only by an acknowledgement after the answer to a later sync step 1", () => {
    const doc = new Y.Doc();
    doc.getMap("nodes").set("a", 1);
    const tracker = new PersistedTracker(doc, sv(doc));
    tracker.sentSyncStep1(); // on connect, before the deletion
    doc.getMap("nodes").delete("a");
    expect(tracker.isSaved()).toBe(false);
    expect(tracker.hasPendingDeletions()).toBe(true);
    // The answer to the step 1 sent before the deletion proves nothing about it.
    tracker.receivedSyncStep2();
    tracker.acknowledge(sv(doc));
    expect(tracker.isSaved()).toBe(false);
    tracker.sentSyncStep1();
    tracker.acknowledge(sv(doc)); // a commit of someone else's, before the answer
    expect(tracker.isSaved()).toBe(false);
    tracker.receivedSyncStep2();
    tracker.acknowledge(sv(doc));
    expect(tracker.isSaved()).toBe(true);
    expect(tracker.hasPendingDeletions()).toBe(false);
    tracker.destroy();
  });

  it("a lost connection forgets the sync step 1 in flight", () => {
    const doc = new Y.Doc();
    const tracker = new PersistedTracker(doc);
    doc.getMap("nodes").set("a", 1);
    tracker.acknowledge(sv(doc));
    doc.getMap("nodes").delete("a");
    tracker.sentSyncStep1();
    tracker.connectionLost();
    tracker.receivedSyncStep2(); // an answer on the new socket to nothing we track
    tracker.acknowledge(sv(doc));
    expect(tracker.isSaved()).toBe(false);
    tracker.destroy();
  });

  it("deletions that arrive from the server are not local work", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getMap("nodes").set("x", 1);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a), "server");
    const tracker = new PersistedTracker(b, sv(b), (origin) => origin !== "server");
    a.getMap("nodes").delete("x");
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a), "server");
    expect(tracker.isSaved()).toBe(true);
    tracker.destroy();
  });

  it("what an update message from the server carries is stored; a sync answer needs message 100", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const fromA: Uint8Array[] = [];
    a.on("update", (u: Uint8Array) => fromA.push(u));
    const tracker = new PersistedTracker(b, sv(b), (origin) => origin !== "server");
    a.getMap("nodes").set("x", 1);
    a.getMap("nodes").set("y", 2);
    // A sync step 2 answer (not a broadcast): unsaved until the persisted message after it.
    Y.applyUpdate(b, fromA[0]!, "server");
    expect(tracker.isSaved()).toBe(false);
    tracker.acknowledge(sv(b));
    expect(tracker.isSaved()).toBe(true);
    // A broadcast is committed before it is sent: saved at once, with no message 100.
    tracker.receiveBroadcast(() => Y.applyUpdate(b, fromA[1]!, "server"));
    expect(tracker.isSaved()).toBe(true);
    // A local edit made while a broadcast is applied (an observer's) is still this user's work.
    const later = new Y.Doc();
    Y.applyUpdate(later, Y.encodeStateAsUpdate(a));
    later.getMap("nodes").set("z", 3);
    tracker.receiveBroadcast(() => {
      Y.applyUpdate(b, Y.encodeStateAsUpdate(later, Y.encodeStateVector(b)), "server");
      b.getMap("nodes").set("mine", 4);
    });
    expect(tracker.isSaved()).toBe(false);
    expect(isCoveredBy(new Map([[later.clientID, 1]]), tracker["persisted"])).toBe(true);
    tracker.destroy();
  });
});
