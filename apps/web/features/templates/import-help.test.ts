import { analyze, generatePyTorch, CodegenError } from "@layerwise/graph-core";
import { describe, expect, it } from "vitest";
import { importHint } from "./import-help";
import { readModelFile } from "./model-file-menu";

/** What `graph-core import` writes for a model with one op graph-core has no layer for. */
const IMPORTED = {
  format: "layerwise.model-flow",
  version: 1,
  name: "Rolled",
  nodes: [
    { id: "input", type: "Input", params: { shape: [1, 16, 16] }, position: { x: 0, y: 0 } },
    { id: "conv", type: "Conv2d", params: { out_channels: 4, kernel_size: 3, padding: 1 } },
    { id: "block", type: "Block", params: { block: "act_block" } },
    {
      id: "roll",
      type: "UnsupportedOp",
      params: { op: "torch.roll", shape: [4, 16, 16], source: "model.py:16" },
    },
    { id: "head", type: "Conv2d", params: { out_channels: 2, kernel_size: 1 } },
  ],
  edges: [
    { source: "input", target: "conv" },
    { source: "conv", target: "block" },
    { source: "block", target: "roll" },
    { source: "roll", target: "head" },
  ],
  blocks: {
    act_block: {
      label: "Act",
      nodes: [
        { id: "in", type: "BlockInput", params: {} },
        { id: "act", type: "GELU", params: {} },
        { id: "out", type: "BlockOutput", params: {} },
      ],
      edges: [
        { source: "in", target: "act" },
        { source: "act", target: "out" },
      ],
    },
  },
};

describe("importing a converted PyTorch / ONNX model", () => {
  it("accepts an imported document with blocks and an unsupported op", () => {
    const result = readModelFile(JSON.stringify(IMPORTED));
    if (!result.ok) throw new Error(result.message);
    const analysis = analyze(result.flow);
    expect(analysis.errorCount).toBe(0);
    expect(analysis.nodes.get("roll")!.shape).toEqual([4, 16, 16]);
    expect(analysis.nodes.get("head")!.shape).toEqual([2, 16, 16]);
    expect(analysis.nodes.get("roll")!.diagnostics[0]!.code).toBe("unsupported-op");
    expect(() => generatePyTorch(result.flow, analysis)).toThrow(CodegenError);
    expect(() => generatePyTorch(result.flow, analysis)).toThrow(/torch\.roll \(model\.py:16\)/);
  });

  it("explains how to convert a .py or .onnx file instead of reading it", () => {
    expect(importHint("unet.py")).toContain(
      "npx graph-core import unet.py --class MyModel --input 3,256,256 -o model.json",
    );
    expect(importHint("unet.py")).toContain("never runs uploaded code");
    expect(importHint("resnet.ONNX")).toContain("npx graph-core import resnet.ONNX -o model.json");
    expect(importHint("model.json")).toBeNull();
  });
});
