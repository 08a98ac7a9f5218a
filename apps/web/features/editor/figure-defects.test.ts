// Defects of issue 11 ("the editor as a person sees it") that a unit test can pin down; the
// on-screen ones are in e2e/editor-figures.spec.ts.
import { loadTemplate } from "@layerwise/graph-core";
import { REPLACE_ORIGIN, modelFlowToDoc, setParam } from "@layerwise/model-doc";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addLayer } from "./editor-actions";
import { EditorStore } from "./editor-store";

function storeWith(id: "unet" | "unet-small"): EditorStore {
  const ydoc = new Y.Doc();
  modelFlowToDoc(ydoc, loadTemplate(id), null);
  const store = new EditorStore(ydoc);
  store.attach();
  return store;
}

const has = (store: EditorStore, source: string, target: string) =>
  store.getState().flow.edges.some((e) => e.source === source && e.target === target);

describe("issue 11 defects", () => {
  it("a layer dropped onto an edge is spliced into it, in one undo step", () => {
    const store = storeWith("unet-small");
    const id = addLayer(
      store,
      "Dropout2d",
      { x: 0, y: 0 },
      {
        source: "enc1_relu1",
        target: "enc1_conv2",
      },
    );
    expect(has(store, "enc1_relu1", id)).toBe(true);
    expect(has(store, id, "enc1_conv2")).toBe(true);
    expect(has(store, "enc1_relu1", "enc1_conv2")).toBe(false);
    expect(store.getState().analysis.nodes.get(id)?.shape).toEqual([16, 128, 128]);
    store.undo.undo();
    expect(store.getState().flow.nodes.some((n) => n.id === id)).toBe(false);
    expect(has(store, "enc1_relu1", "enc1_conv2")).toBe(true);
  });

  it("after a template replaces the model, nothing of the old model stays selected (the inspector)", () => {
    const store = storeWith("unet-small");
    store.select(["input"]);
    store.ydoc.transact(() => modelFlowToDoc(store.ydoc, loadTemplate("vgg16")), REPLACE_ORIGIN);
    expect(store.getState().selection).toEqual([]);
    expect(store.getState().nodes.some((n) => n.selected)).toBe(false);
  });

  it("a Block glyph is named as in the code (DoubleConv 64), not 'Block'", () => {
    const store = storeWith("unet");
    const titles = store
      .getState()
      .nodes.filter((n) => n.data.type === "Block")
      .map((n) => n.data.title);
    expect(titles).toContain("DoubleConv 64");
    expect(titles).toContain("DoubleConv 1024");
    expect(titles).not.toContain("Block");
  });

  it("a resize that leaves every route the same keeps the edge array (React Flow rebuilds no lookups)", () => {
    const store = storeWith("unet-small");
    store.align(false);
    const edges = store.getState().edges;
    // 16 → 20 channels: three bars widen by a pixel, every route stays the same.
    const width = store.getState().visuals.get("enc1_conv1")!.width;
    setParam(store.ydoc, "enc1_conv1", "out_channels", 20);
    expect(store.getState().visuals.get("enc1_conv1")!.width).toBeGreaterThan(width);
    expect(store.getState().edges).toBe(edges);
  });
});
