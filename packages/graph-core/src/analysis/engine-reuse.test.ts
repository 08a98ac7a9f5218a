/**
 * The engine reuses one layer context and one input list per arity from node to node, and keeps
 * resolved params per node until its params object changes. These tests fail if anything of one
 * node leaks into another through that reuse, or if an edit is served from a stale cache.
 */
import { describe, expect, it } from "vitest";
import type { TFlowEdge, TFlowNode, TModelFlow } from "../graph/types";
import { analyze, createAnalyzer } from "./analyze";

const conv = (id: string, out: number): TFlowNode => ({
  id,
  type: "Conv2d",
  params: { out_channels: out, kernel_size: 3, padding: 1 },
});

/** Two merges of different widths around a Block that is used on two input sizes. */
function model(): TModelFlow {
  const nodes: TFlowNode[] = [
    { id: "in", type: "Input", params: { shape: [3, 16, 16] } },
    conv("a", 8),
    conv("b", 4),
    { id: "cat1", type: "Concat", params: { dim: 1 } },
    { id: "blk1", type: "Block", params: { block: "pair" } },
    { id: "pool", type: "MaxPool2d", params: { kernel_size: 2 } },
    { id: "blk2", type: "Block", params: { block: "pair" } },
    conv("c", 6),
    { id: "add", type: "Add", params: {} },
    { id: "cat2", type: "Concat", params: { dim: 1 } },
  ];
  const edges: TFlowEdge[] = [
    { source: "in", target: "a" },
    { source: "in", target: "b" },
    { source: "a", target: "cat1", port: 0 },
    { source: "b", target: "cat1", port: 1 },
    { source: "cat1", target: "blk1" },
    { source: "blk1", target: "pool" },
    { source: "pool", target: "blk2" },
    { source: "pool", target: "c" },
    { source: "blk2", target: "add", port: 0 },
    { source: "c", target: "add", port: 1 },
    { source: "add", target: "cat2", port: 0 },
    { source: "pool", target: "cat2", port: 1 },
  ];
  return {
    format: "layerwise.model-flow",
    version: 1,
    name: "reuse",
    nodes,
    edges,
    blocks: {
      pair: {
        label: "Pair",
        nodes: [
          { id: "i", type: "BlockInput", params: {} },
          conv("k", 6),
          { id: "o", type: "BlockOutput", params: {} },
        ],
        edges: [
          { source: "i", target: "k" },
          { source: "k", target: "o" },
        ],
      },
    },
  };
}

function shapes(doc: TModelFlow, analysis = analyze(doc)): Record<string, unknown> {
  return Object.fromEntries(doc.nodes.map((n) => [n.id, analysis.nodes.get(n.id)?.shape]));
}

describe("engine reuse between nodes", () => {
  it("gives every node its own inputs: merges of different widths, a Block used twice", () => {
    const doc = model();
    const analysis = analyze(doc);
    expect(analysis.errorCount).toBe(0);
    expect(shapes(doc, analysis)).toEqual({
      in: [3, 16, 16],
      a: [8, 16, 16],
      b: [4, 16, 16],
      cat1: [12, 16, 16],
      blk1: [6, 16, 16],
      pool: [6, 8, 8],
      blk2: [6, 8, 8],
      c: [6, 8, 8],
      add: [6, 8, 8],
      cat2: [12, 8, 8],
    });
    // The block's convs see 12 and then 6 input channels: 6·12·9+6 and 6·6·9+6 params.
    expect(analysis.nodes.get("blk1")!.params).toBe(654);
    expect(analysis.nodes.get("blk2")!.params).toBe(330);
    expect(analyze(doc)).toEqual(analysis);
  });

  it("an edit after a cached resolution gives the new shape, also through setDoc", () => {
    const doc = model();
    const analyzer = createAnalyzer(doc);
    analyzer.setParams("b", { out_channels: 2, kernel_size: 3, padding: 1 });
    expect(analyzer.analysis.nodes.get("cat1")!.shape).toEqual([10, 16, 16]);
    expect(analyzer.analysis.nodes.get("blk1")!.params).toBe(6 * 10 * 9 + 6);
    const edited: TModelFlow = {
      ...doc,
      nodes: doc.nodes.map((n) =>
        n.id === "c" ? { ...n, params: { ...n.params, out_channels: 5 } } : n,
      ),
    };
    const viaDoc = createAnalyzer(doc).setDoc(edited);
    // Add refuses 6 + 5 channels; cat2 then has an unknown input.
    expect(viaDoc.nodes.get("add")!.shape).toBeNull();
    expect(viaDoc.nodes.get("cat2")!.shape).toBeNull();
    expect(viaDoc).toEqual(analyze(edited));
  });

  it("a params object edited in place is read again by a new analysis", () => {
    const doc = model();
    expect(analyze(doc).nodes.get("a")!.shape).toEqual([8, 16, 16]);
    doc.nodes[1]!.params.out_channels = 16;
    const again = analyze(doc);
    expect(again.nodes.get("a")!.shape).toEqual([16, 16, 16]);
    expect(again.nodes.get("cat1")!.shape).toEqual([20, 16, 16]);
  });
});
