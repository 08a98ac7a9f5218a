import { addNodes, connect, docToModelFlow } from "@layerwise/model-doc";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { edgeEndpoints } from "./editor-actions";
import { EditorStore } from "./editor-store";

function store(): { ydoc: Y.Doc; store: EditorStore } {
  const ydoc = new Y.Doc();
  addNodes(ydoc, [
    { id: "a", type: "Input", params: { shape: [16] } },
    { id: "b", type: "Input", params: { shape: [12] } },
    { id: "bil", type: "Bilinear", params: { out_features: 8 } },
    { id: "relu", type: "ReLU", params: {} },
  ]);
  const s = new EditorStore(ydoc);
  s.attach();
  return { ydoc, store: s };
}

describe("two-input layers on the canvas", () => {
  it("a Bilinear draws two input handles, a ReLU one", () => {
    const { store: s } = store();
    const ports = new Map(s.getState().nodes.map((n) => [n.id, n.data.ports]));
    expect(ports.get("bil")).toBe(2);
    expect(ports.get("relu")).toBe(1);
    expect(ports.get("a")).toBe(0);
    s.detach();
  });

  it("an edge dropped on handle in-1 connects port 1, and the model analyses", () => {
    const { ydoc, store: s } = store();
    connect(ydoc, edgeEndpoints(s, { source: "b", target: "bil", targetHandle: "in-1" }));
    connect(ydoc, edgeEndpoints(s, { source: "a", target: "bil", targetHandle: "in-0" }));
    const into = docToModelFlow(ydoc).edges.filter((e) => e.target === "bil");
    expect(into.map((e) => [e.source, e.port]).sort()).toEqual([
      ["a", 0],
      ["b", 1],
    ]);
    const bil = s.getState().analysis.nodes.get("bil")!;
    expect(bil.shape).toEqual([8]);
    // Bilinear(16, 12, 8): in1 = port 0 = a's 16 features, in2 = port 1 = b's 12.
    expect(bil.params).toBe(16 * 12 * 8 + 8);
    s.detach();
  });
});
