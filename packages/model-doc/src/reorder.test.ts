import { reorderedDoc, type TModelFlow } from "@layerwise/graph-core";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { docToModelFlow, modelFlowToDoc, reorder } from "./index";
import { modelMaps } from "./schema";

const flow: TModelFlow = {
  format: "layerwise.model-flow",
  version: 1,
  name: "misplaced",
  nodes: [
    { id: "in", type: "Input", params: { shape: [3, 32, 32] }, position: { x: 0, y: 0 } },
    { id: "c", type: "Conv2d", params: { out_channels: 8 }, position: { x: 40, y: 0 } },
    { id: "r", type: "ReLU", params: {}, position: { x: 80, y: 0 } },
    { id: "bn", type: "BatchNorm2d", params: {}, position: { x: 120, y: 0 } },
    { id: "cat", type: "Concat", params: { dim: 1 }, position: { x: 160, y: 0 } },
  ],
  edges: [
    { source: "in", target: "c" },
    { source: "c", target: "r" },
    { source: "r", target: "bn" },
    { source: "bn", target: "cat", port: 1 },
    { source: "in", target: "cat", port: 0 },
  ],
};

const edgeSet = (doc: TModelFlow) =>
  new Set(doc.edges.map((e) => `${e.source}->${e.target}:${e.port ?? ""}`));

describe("reorder", () => {
  it("swaps the two layers in the chain as graph-core's reorderedDoc does, ports kept", () => {
    const ydoc = new Y.Doc();
    modelFlowToDoc(ydoc, flow);
    expect(reorder(ydoc, "r", "bn")).toBe(true);
    const after = docToModelFlow(ydoc);
    expect(edgeSet(after)).toEqual(edgeSet(reorderedDoc(flow, "r", "bn")!));
    expect(edgeSet(after)).toContain("r->cat:1");
    const pos = new Map(after.nodes.map((n) => [n.id, n.position]));
    expect(pos.get("r")).toEqual({ x: 120, y: 0 });
    expect(pos.get("bn")).toEqual({ x: 80, y: 0 });
  });

  it("is one undo step", () => {
    const ydoc = new Y.Doc();
    modelFlowToDoc(ydoc, flow);
    const { nodes, edges } = modelMaps(ydoc);
    const undo = new Y.UndoManager([nodes, edges], { trackedOrigins: new Set(["t"]) });
    reorder(ydoc, "r", "bn", "t");
    undo.undo();
    expect(edgeSet(docToModelFlow(ydoc))).toEqual(edgeSet(flow));
  });

  it("changes nothing when the layer feeds more than the one it should follow", () => {
    const ydoc = new Y.Doc();
    modelFlowToDoc(ydoc, {
      ...flow,
      edges: [...flow.edges, { source: "r", target: "cat", port: 2 }],
    });
    const before = Y.encodeStateAsUpdate(ydoc);
    expect(reorder(ydoc, "r", "bn")).toBe(false);
    expect(Y.encodeStateAsUpdate(ydoc)).toEqual(before);
  });
});
