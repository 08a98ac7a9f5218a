import { describe, expect, it } from "vitest";
import { expandBlocks } from "../graph/expand-blocks";
import type { TModelFlow } from "../graph/types";
import { analyze, createAnalyzer } from "./analyze";
import { analyzeBlock } from "./analyze-block";

const doc: TModelFlow = {
  format: "layerwise.model-flow",
  version: 1,
  name: "blocks",
  blocks: {
    double: {
      label: "DoubleConv",
      nodes: [
        { id: "i", type: "BlockInput", params: {} },
        { id: "a", type: "Conv2d", params: { out_channels: 8, kernel_size: 3, padding: 1 } },
        { id: "r", type: "ReLU", params: {} },
        { id: "b", type: "Conv2d", params: { out_channels: 8, kernel_size: 3, padding: 1 } },
        { id: "o", type: "BlockOutput", params: {} },
      ],
      edges: [
        { source: "i", target: "a" },
        { source: "a", target: "r" },
        { source: "r", target: "b" },
        { source: "b", target: "o" },
      ],
    },
    merge: {
      label: "Merge",
      nodes: [
        { id: "x", type: "BlockInput", params: { port: 0 } },
        { id: "y", type: "BlockInput", params: { port: 1 } },
        { id: "cat", type: "Concat", params: {} },
        { id: "d", type: "Block", params: { block: "double" } },
        { id: "o", type: "BlockOutput", params: {} },
      ],
      edges: [
        { source: "x", target: "cat", port: 0 },
        { source: "y", target: "cat", port: 1 },
        { source: "cat", target: "d" },
        { source: "d", target: "o" },
      ],
    },
  },
  nodes: [
    { id: "in", type: "Input", params: { shape: [3, 16, 16] } },
    { id: "d1", type: "Block", params: { block: "double" } },
    { id: "d2", type: "Block", params: { block: "double" } },
    { id: "m", type: "Block", params: { block: "merge" } },
    { id: "out", type: "Output", params: { task: "multiclass-segmentation", num_classes: 8 } },
  ],
  edges: [
    { source: "in", target: "d1" },
    { source: "d1", target: "d2" },
    { source: "d1", target: "m", port: 0 },
    { source: "d2", target: "m", port: 1 },
    { source: "m", target: "out" },
  ],
};

describe("blocks", () => {
  it("analyses nested blocks with multiple inputs", () => {
    const a = analyze(doc);
    expect(a.errorCount).toBe(0);
    expect(a.nodes.get("m")!.shape).toEqual([8, 16, 16]);
    // Conv2d(16,8,3)=1160 + Conv2d(8,8,3)=584
    expect(a.nodes.get("m")!.params).toBe(1160 + 584);
  });

  it("analyzeBlock exposes the inner graph per node", () => {
    const r = analyzeBlock(doc, "double", [[3, 16, 16]]);
    expect(r.outputShape).toEqual([8, 16, 16]);
    expect(r.inner!.nodes.get("a")!.shape).toEqual([8, 16, 16]);
    expect(r.inner!.nodes.get("a")!.params).toBe(224);
    expect(r.params).toBe(224 + 584);
    expect(analyzeBlock(doc, "double", [[3, 2, 2], [1]]).outputShape).toBeNull();
    expect(analyzeBlock(doc, "missing", [[3]]).inner).toBeNull();
  });

  it("expandBlocks passes a BlockInput wired straight to the BlockOutput through", () => {
    const pass: TModelFlow = {
      ...doc,
      blocks: {
        ...doc.blocks,
        id: {
          label: "Identity",
          nodes: [
            { id: "i", type: "BlockInput", params: {} },
            { id: "o", type: "BlockOutput", params: {} },
          ],
          edges: [{ source: "i", target: "o" }],
        },
      },
      nodes: [
        { id: "in", type: "Input", params: { shape: [3, 16, 16] } },
        { id: "skip", type: "Block", params: { block: "id" } },
        { id: "d", type: "Block", params: { block: "double" } },
        { id: "out", type: "Output", params: { task: "multiclass-segmentation", num_classes: 8 } },
      ],
      edges: [
        { source: "in", target: "skip" },
        { source: "skip", target: "d" },
        { source: "d", target: "out" },
      ],
    };
    const flat = expandBlocks(pass);
    expect(flat.edges).toContainEqual({ source: "in", target: "d/a" });
    expect(analyze(flat).nodes.get("out")!.shape).toEqual(analyze(pass).nodes.get("out")!.shape);
  });

  it("expandBlocks flattens to a graph with the same shapes and totals", () => {
    const flat = expandBlocks(doc);
    expect(flat.nodes.some((n) => n.type === "Block" || n.type === "BlockInput")).toBe(false);
    expect(flat.nodes.map((n) => n.id)).toContain("m/d/a");
    const a = analyze(doc);
    const b = analyze(flat);
    expect(b.errorCount).toBe(0);
    expect(b.totalParams).toBe(a.totalParams);
    expect(b.nodes.get("out")!.shape).toEqual(a.nodes.get("out")!.shape);
    expect(b.nodes.get("m/cat")!.shape).toEqual([16, 16, 16]);
  });
});

describe("blocks in the incremental analyzer", () => {
  it("a block whose inner graph changes is evaluated on its new structure", () => {
    const analyzer = createAnalyzer(doc);
    const double = doc.blocks!.double!;
    // A third conv inside DoubleConv: the block's graph (not only its params) changes.
    const blocks = {
      ...doc.blocks!,
      double: {
        ...double,
        nodes: [
          ...double.nodes.filter((n) => n.id !== "o"),
          { id: "c", type: "Conv2d", params: { out_channels: 4, kernel_size: 1 } },
          { id: "o", type: "BlockOutput", params: {} },
        ],
        edges: [
          ...double.edges.filter((e) => e.target !== "o"),
          { source: "b", target: "c" },
          { source: "c", target: "o" },
        ],
      },
    };
    const next = { ...doc, blocks };
    const after = analyzer.setDoc(next);
    expect(after.nodes.get("d1")!.shape).toEqual([4, 16, 16]);
    expect(after).toEqual(analyze(next));
  });
});
