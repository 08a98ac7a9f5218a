import { describe, expect, it } from "vitest";
import { compile, parseDoc } from "./engine";
import { SKIP_TORCH, runInTorch } from "./python-runner";

const doc = (name: string, body: Record<string, unknown>) =>
  parseDoc({ format: "layerwise.model-flow", version: 1, name, ...body });

/** Hand-made graphs for what random chains do not reach: several inputs/outputs, multi-input blocks. */
const CASES = [
  doc("two inputs two outputs", {
    nodes: [
      { id: "img", type: "Input", params: { shape: [3, 16, 16] } },
      { id: "mask", type: "Input", params: { shape: [1, 16, 16] } },
      { id: "cat", type: "Concat", params: { dim: 1 } },
      { id: "conv", type: "Conv2d", params: { out_channels: 1, kernel_size: 3, padding: "same" } },
      { id: "pool", type: "AdaptiveAvgPool2d", params: { output_size: 1 } },
      { id: "flat", type: "Flatten", params: {} },
      { id: "fc", type: "Linear", params: { out_features: 5 } },
      { id: "cls", type: "Output", params: { task: "classification", num_classes: 5 } },
      // Declared last but reached first in topological order: returns follow document order.
      { id: "seg", type: "Output", params: { task: "binary-segmentation" } },
    ],
    edges: [
      { source: "img", target: "cat", port: 0 },
      { source: "mask", target: "cat", port: 1 },
      { source: "cat", target: "conv" },
      { source: "conv", target: "seg" },
      { source: "cat", target: "pool" },
      { source: "pool", target: "flat" },
      { source: "flat", target: "fc" },
      { source: "fc", target: "cls" },
    ],
  }),
  doc("gated block with two inputs", {
    blocks: {
      gate: {
        label: "Gate",
        // Ports are declared out of document order on purpose: port decides the argument order.
        nodes: [
          { id: "g", type: "BlockInput", params: { port: 1 } },
          { id: "x", type: "BlockInput", params: { port: 0 } },
          { id: "proj", type: "Conv2d", params: { out_channels: 4, kernel_size: 1 } },
          { id: "sig", type: "Sigmoid", params: {} },
          { id: "mul", type: "Multiply", params: {} },
          { id: "y", type: "BlockOutput", params: {} },
        ],
        edges: [
          { source: "g", target: "proj" },
          { source: "proj", target: "sig" },
          { source: "x", target: "mul", port: 0 },
          { source: "sig", target: "mul", port: 1 },
          { source: "mul", target: "y" },
        ],
      },
    },
    nodes: [
      { id: "input", type: "Input", params: { shape: [4, 8, 8] } },
      { id: "skip", type: "Conv2d", params: { out_channels: 7, kernel_size: 3, padding: 1 } },
      { id: "g1", type: "Block", params: { block: "gate" } },
      { id: "g2", type: "Block", params: { block: "gate" } },
      { id: "out", type: "Output", params: { task: "multiclass-segmentation", num_classes: 4 } },
    ],
    edges: [
      { source: "input", target: "skip" },
      { source: "input", target: "g1", port: 0 },
      { source: "skip", target: "g1", port: 1 },
      { source: "g1", target: "g2", port: 0 },
      { source: "input", target: "g2", port: 1 },
      { source: "g2", target: "out" },
    ],
  }),
];

describe.skipIf(SKIP_TORCH)("hand-made structures run in torch as graph-core predicts", () => {
  const compiled = CASES.map((d) => compile(d));
  const results = runInTorch(compiled.map((c) => c.code));

  it.each(compiled.map((c, i) => [c.doc.name, i] as const))("%s", (_name, i) => {
    const c = compiled[i]!;
    const r = results[i]!;
    expect(c.analysis.errorCount).toBe(0);
    expect(r.error ?? "", c.code).toBe("");
    expect(r.params).toBe(c.analysis.totalParams);
    expect(r.shapes).toEqual(c.outputShapes);
  });

  it("returns several outputs as a tuple in document order", () => {
    expect(compiled[0]!.outputShapes).toEqual([[5], [1, 16, 16]]);
    expect(compiled[0]!.code).toContain("return fc, conv");
  });

  it("orders block arguments by BlockInput port and shares one class across widths", () => {
    const code = compiled[1]!.code;
    expect(code).toContain("def forward(self, x, g):");
    expect(code).toContain("def __init__(self, proj_in):");
    expect(code).toContain("self.g1 = Gate(7)");
    expect(code).toContain("self.g2 = Gate(4)");
  });
});
