// Defects of issue 11 ("the editor as a person sees it") that a unit test can pin down; the
// on-screen ones are in e2e/editor-figures.spec.ts.
import { loadTemplate, SIZE_ENCODING, sourceAnchor, targetAnchor } from "@layerwise/graph-core";
import { REPLACE_ORIGIN, modelFlowToDoc, setParam } from "@layerwise/model-doc";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { edgePolyline } from "../canvas/edge-hit";
import { PASTE_OFFSET, addLayer, paste, type TClip } from "./editor-actions";
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

/** A point halfway along the drawn line of the canvas edge source → target (flow coordinates). */
function pointOnEdge(store: EditorStore, source: string, target: string) {
  const { nodes, edges, routes } = store.getState();
  const edge = edges.find((e) => e.source === source && e.target === target)!;
  const box = (id: string) => {
    const n = nodes.find((m) => m.id === id)!;
    return { ...n.position, width: n.data.visual.width, height: n.data.visual.height };
  };
  const to = nodes.find((m) => m.id === target)!;
  const port = Number(edge.targetHandle!.slice(3));
  const line = edgePolyline(
    sourceAnchor(box(source)),
    routes.get(edge.id)!,
    targetAnchor(box(target), port, to.data.ports),
  );
  // The middle leg's midpoint: on an arc over the U, its top, clear of every layer.
  const [a, b] = [line[(line.length - 1) >> 1]!, line[line.length >> 1]!];
  return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
}

/** A clip whose layers land, once pasted, with the first one's box centred on `at`. */
function clipLandingOn(at: { x: number; y: number }, types: string[]): TClip {
  const { width, height } = SIZE_ENCODING.unknown;
  return {
    nodes: types.map((type, i) => ({
      id: `c${i}`,
      type,
      params: {},
      position: {
        x: at.x - width / 2 - PASTE_OFFSET.x + i * 60,
        y: at.y - height / 2 - PASTE_OFFSET.y,
      },
    })),
    edges: types.slice(1).map((_, i) => ({ source: `c${i}`, target: `c${i + 1}` })),
  };
}

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

  it("a layer pasted onto an edge (a skip into a Concat) is spliced into it, port kept, in one undo step", () => {
    const store = storeWith("unet-small");
    store.align(false);
    const count = store.getState().flow.nodes.length;
    paste(store, clipLandingOn(pointOnEdge(store, "enc1_relu2", "cat1"), ["Dropout2d"]));
    const [id] = store.getState().selection;
    expect(id).toMatch(/^dropout2d/);
    expect(has(store, "enc1_relu2", id!)).toBe(true);
    expect(store.getState().flow.edges.find((e) => e.source === id)).toMatchObject({
      target: "cat1",
      port: 0,
    });
    expect(has(store, "enc1_relu2", "cat1")).toBe(false);
    expect(store.getState().analysis.nodes.get(id!)?.shape).toEqual([16, 128, 128]);
    expect(store.getState().analysis.nodes.get("cat1")?.diagnostics).toEqual([]);
    store.undo.undo();
    expect(store.getState().flow.nodes).toHaveLength(count);
    expect(has(store, "enc1_relu2", "cat1")).toBe(true);
  });

  it("a paste that cannot be spliced (several layers, an Output, off every edge) stays unconnected", () => {
    const store = storeWith("unet-small");
    store.align(false);
    const edges = store.getState().flow.edges.length;
    const on = pointOnEdge(store, "enc2_relu2", "cat2");
    for (const types of [["ReLU", "Dropout2d"], ["Output"]]) {
      paste(store, clipLandingOn(on, types));
      const pasted = new Set(store.getState().selection);
      expect(pasted.size).toBe(types.length);
      expect(has(store, "enc2_relu2", "cat2")).toBe(true);
      // No edge joins a pasted layer to the model; the first shows it is not connected.
      const joining = store
        .getState()
        .flow.edges.filter((e) => pasted.has(e.source) !== pasted.has(e.target));
      expect(joining).toEqual([]);
      const first = store.getState().nodes.find((n) => n.id === [...pasted][0])!;
      expect(first.data.shape).toBeNull();
      expect(first.data.severity).not.toBeNull();
    }
    expect(store.getState().flow.edges.length).toBe(edges + 1);
    // One layer far from every line is pasted as it is, unconnected.
    paste(store, clipLandingOn({ x: -5000, y: -5000 }, ["ReLU"]));
    expect(store.getState().flow.edges.length).toBe(edges + 1);
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
