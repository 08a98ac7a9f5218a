import { loadTemplate } from "@layerwise/graph-core";
import { LAYOUT_ORIGIN, docToModelFlow, modelFlowToDoc, setParam } from "@layerwise/model-doc";
import { describe, expect, it, vi } from "vitest";
import type * as Y from "yjs";
import { addLayer } from "../editor/editor-actions";
import { EditorStore } from "../editor/editor-store";
import { syncedDocs } from "./test-sync";

function param(doc: Y.Doc, node: string, name: string): unknown {
  return docToModelFlow(doc).nodes.find((n) => n.id === node)?.params[name];
}

function twoStores() {
  const net = syncedDocs(2);
  const [a, b] = net.docs as [Y.Doc, Y.Doc];
  modelFlowToDoc(a, loadTemplate("unet-small"), null);
  const alice = new EditorStore(a);
  const bob = new EditorStore(b);
  alice.attach();
  bob.attach();
  return { ...net, a, b, alice, bob };
}

describe("per-user undo with two synced documents", () => {
  it("undo reverts only the local user's edit; the colleague's edit stays on both sides", () => {
    const { a, b, alice, bob } = twoStores();
    setParam(a, "enc1_conv1", "out_channels", 24);
    alice.undo.stopCapturing();
    setParam(b, "enc2_conv1", "out_channels", 48);
    expect(param(a, "enc2_conv1", "out_channels")).toBe(48);

    expect(alice.undo.canUndo()).toBe(true);
    alice.undo.undo();
    expect(param(a, "enc1_conv1", "out_channels")).toBe(16);
    expect(param(b, "enc1_conv1", "out_channels")).toBe(16);
    expect(param(a, "enc2_conv1", "out_channels")).toBe(48);
    expect(param(b, "enc2_conv1", "out_channels")).toBe(48);
    // Nothing of Alice's is left to undo: a second undo must not touch Bob's change.
    alice.undo.undo();
    expect(param(b, "enc2_conv1", "out_channels")).toBe(48);

    bob.undo.undo();
    expect(param(a, "enc2_conv1", "out_channels")).toBe(32);
    alice.detach();
    bob.detach();
  });

  it("a colleague's added layer survives the local user's undo of an earlier edit", () => {
    const { a, b, alice, bob } = twoStores();
    setParam(a, "head", "out_channels", 3);
    alice.undo.stopCapturing();
    const added = addLayer(bob, "ReLU", { x: 0, y: 900 });
    alice.undo.undo();
    expect(param(a, "head", "out_channels")).toBe(1);
    expect(docToModelFlow(a).nodes.some((n) => n.id === added)).toBe(true);
    expect(docToModelFlow(b).nodes.some((n) => n.id === added)).toBe(true);
    alice.detach();
    bob.detach();
  });

  it("an edit made offline merges on reconnect and stays undoable by its author only", () => {
    const { a, b, alice, bob, offline, online } = twoStores();
    offline(b);
    setParam(b, "enc3_conv1", "out_channels", 80);
    setParam(a, "enc3_conv2", "out_channels", 96);
    expect(param(a, "enc3_conv1", "out_channels")).toBe(64);
    online(b);
    expect(param(a, "enc3_conv1", "out_channels")).toBe(80);
    expect(param(b, "enc3_conv2", "out_channels")).toBe(96);
    alice.undo.undo();
    expect(param(b, "enc3_conv2", "out_channels")).toBe(64);
    expect(param(b, "enc3_conv1", "out_channels")).toBe(80);
    alice.detach();
    bob.detach();
  });

  it("a colleague's edit is laid out by their editor only, never written again here", async () => {
    const { a, b, alice, bob, offline } = twoStores();
    const layouts = (doc: Y.Doc) => {
      let n = 0;
      doc.on("afterTransaction", (txn: Y.Transaction) => {
        if (txn.origin === LAYOUT_ORIGIN && txn.changed.size) n += 1;
      });
      return () => n;
    };
    const byAlice = layouts(a);
    const byBob = layouts(b);
    setParam(a, "enc1_conv1", "out_channels", 200);
    // Alice's layout is still on its way (a later message): Bob has the edit, not the positions.
    offline(a);
    // Both editors schedule their layout pass the same way; once Alice's has run, Bob's would have.
    await vi.waitFor(() => expect(byAlice()).toBeGreaterThan(0));
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    expect(byBob()).toBe(0);
    alice.detach();
    bob.detach();
  });
});
