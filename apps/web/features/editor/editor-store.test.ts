import { loadTemplate } from "@layerwise/graph-core";
import { LAYOUT_ORIGIN, modelFlowToDoc, setParam } from "@layerwise/model-doc";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { EditorStore } from "./editor-store";

function unetDoc(): Y.Doc {
  const ydoc = new Y.Doc();
  modelFlowToDoc(ydoc, loadTemplate("unet-small"), null);
  return ydoc;
}

describe("EditorStore", () => {
  it("a parameter edit replaces only the affected React Flow nodes (identity contract)", () => {
    const ydoc = unetDoc();
    const store = new EditorStore(ydoc);
    store.attach();
    const before = new Map(store.getState().nodes.map((n) => [n.id, n]));
    setParam(ydoc, "enc1_conv1", "out_channels", 24);
    const after = store.getState().nodes;
    const changed = after.filter((n) => before.get(n.id) !== n).map((n) => n.id);
    expect(changed).toContain("enc1_conv1");
    expect(changed).toContain("enc1_bn1");
    // The decoder far away keeps its objects: memoised nodes there do not re-render.
    expect(changed.length).toBeLessThan(after.length / 4);
    expect(after.find((n) => n.id === "input")).toBe(before.get("input"));
    store.detach();
  });

  it("an editable editor writes a layout for nodes without positions; a read-only one never writes", () => {
    const ydoc = unetDoc();
    const origins: unknown[] = [];
    ydoc.on("update", (_u: Uint8Array, origin: unknown) => origins.push(origin));
    const viewer = new EditorStore(ydoc, { readOnly: true });
    viewer.attach();
    expect(origins).toEqual([]);
    const ys = new Set(viewer.getState().nodes.map((n) => `${n.position.x},${n.position.y}`));
    expect(ys.size).toBe(viewer.getState().nodes.length);
    viewer.detach();

    const editor = new EditorStore(ydoc);
    expect(origins).toEqual([]);
    editor.attach();
    expect(origins).toEqual([LAYOUT_ORIGIN]);
    expect(editor.getState().flow.nodes.every((n) => n.position)).toBe(true);
    editor.detach();
  });

  it("detach stops following the doc; attach catches up", () => {
    const ydoc = unetDoc();
    const store = new EditorStore(ydoc);
    store.attach();
    store.detach();
    setParam(ydoc, "enc1_conv1", "out_channels", 40);
    expect(store.getState().analysis.nodes.get("enc1_conv1")?.shape?.[0]).toBe(16);
    store.attach();
    expect(store.getState().analysis.nodes.get("enc1_conv1")?.shape?.[0]).toBe(40);
    store.detach();
  });
});
