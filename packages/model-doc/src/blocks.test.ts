import { analyze, generatePyTorch, type TModelFlow } from "@layerwise/graph-core";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { docToModelFlow, expandBlock, groupIntoBlock, modelFlowToDoc } from "./index";

const chain: TModelFlow = {
  format: "layerwise.model-flow",
  version: 1,
  name: "chain",
  nodes: [
    { id: "in", type: "Input", params: { shape: [3, 32, 32] } },
    {
      id: "c1",
      type: "Conv2d",
      params: { out_channels: 8, kernel_size: 3, padding: 1, bias: false },
    },
    { id: "b1", type: "BatchNorm2d", params: {} },
    { id: "r1", type: "ReLU", params: {} },
    { id: "p", type: "MaxPool2d", params: { kernel_size: 2 } },
  ],
  edges: [
    { source: "in", target: "c1" },
    { source: "c1", target: "b1" },
    { source: "b1", target: "r1" },
    { source: "r1", target: "p" },
  ],
};

describe("blocks", () => {
  it("grouping keeps shapes, params and code-ability; expanding restores the layers", () => {
    const ydoc = new Y.Doc();
    modelFlowToDoc(ydoc, chain);
    const before = analyze(docToModelFlow(ydoc));
    const r = groupIntoBlock(ydoc, ["c1", "b1", "r1"], "ConvBnRelu");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const grouped = docToModelFlow(ydoc);
    expect(grouped.nodes.map((n) => n.type)).toEqual(["Input", "Block", "MaxPool2d"]);
    expect(grouped.blocks?.[r.blockId]?.label).toBe("ConvBnRelu");
    const a = analyze(grouped);
    expect(a.errorCount).toBe(0);
    expect(a.totalParams).toBe(before.totalParams);
    expect(a.nodes.get("p")?.shape).toEqual([8, 16, 16]);
    expect(generatePyTorch(grouped, a)).toContain("class ConvBnRelu");

    expect(expandBlock(ydoc, r.nodeId)).toBe(true);
    const expanded = docToModelFlow(ydoc);
    expect(expanded.nodes.map((n) => n.type)).toEqual([
      "Input",
      "Conv2d",
      "BatchNorm2d",
      "ReLU",
      "MaxPool2d",
    ]);
    const b = analyze(expanded);
    expect(b.totalParams).toBe(before.totalParams);
    expect(b.nodes.get("p")?.shape).toEqual([8, 16, 16]);
  });

  it("groups the end of a chain that nothing consumes yet", () => {
    const ydoc = new Y.Doc();
    modelFlowToDoc(ydoc, chain);
    const r = groupIntoBlock(ydoc, ["r1", "p"]);
    expect(r.ok).toBe(true);
    expect(analyze(docToModelFlow(ydoc)).nodes.get(r.ok ? r.nodeId : "")?.shape).toEqual([
      8, 16, 16,
    ]);
  });

  it("refuses selections that cannot be one block", () => {
    const ydoc = new Y.Doc();
    modelFlowToDoc(ydoc, chain);
    expect(groupIntoBlock(ydoc, ["c1"]).ok).toBe(false);
    expect(groupIntoBlock(ydoc, ["in", "c1"]).ok).toBe(false);
    expect(docToModelFlow(ydoc)).toEqual(chain);
  });
});
