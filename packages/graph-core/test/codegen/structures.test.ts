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
  // Sequence layers: tuple outputs (LSTM, GRU, LSTMCell) and two-input modules by port.
  doc("sequence model", {
    nodes: [
      { id: "src", type: "Input", params: { shape: [12, 16] } },
      { id: "tgt", type: "Input", params: { shape: [7, 16] } },
      {
        id: "lstm",
        type: "LSTM",
        params: { hidden_size: 8, bidirectional: true, batch_first: true },
      },
      {
        id: "enc",
        type: "TransformerEncoder",
        params: {
          nhead: 2,
          dim_feedforward: 32,
          num_layers: 2,
          norm: "LayerNorm",
          batch_first: true,
        },
      },
      {
        id: "dec",
        type: "TransformerDecoderLayer",
        params: { nhead: 4, dim_feedforward: 32, batch_first: true },
      },
      {
        id: "tr",
        type: "Transformer",
        params: {
          d_model: 16,
          nhead: 2,
          num_encoder_layers: 1,
          num_decoder_layers: 1,
          dim_feedforward: 32,
          batch_first: true,
        },
      },
      { id: "gru", type: "GRU", params: { hidden_size: 16, batch_first: true } },
      { id: "bil", type: "Bilinear", params: { out_features: 5 } },
      { id: "flat", type: "Flatten", params: {} },
      { id: "cell", type: "LSTMCell", params: { hidden_size: 6 } },
    ],
    edges: [
      { source: "src", target: "lstm" },
      { source: "lstm", target: "enc" },
      { source: "tgt", target: "dec", port: 0 },
      { source: "enc", target: "dec", port: 1 },
      { source: "enc", target: "tr", port: 0 },
      { source: "dec", target: "tr", port: 1 },
      { source: "tr", target: "gru" },
      { source: "gru", target: "bil", port: 0 },
      { source: "tgt", target: "bil", port: 1 },
      { source: "bil", target: "flat" },
      { source: "flat", target: "cell" },
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

  it("takes the output of tuple-returning modules and feeds two-input modules by port", () => {
    const c = compiled[2]!;
    expect(c.outputShapes).toEqual([[6]]);
    expect(c.code).toContain("lstm = self.lstm(src)[0]");
    expect(c.code).toContain("dec = self.dec(tgt, enc)");
    expect(c.code).toContain("bil = self.bil(gru, tgt)");
  });

  it("orders block arguments by BlockInput port and shares one class across widths", () => {
    const code = compiled[1]!.code;
    expect(code).toContain("def forward(self, x, g):");
    expect(code).toContain("def __init__(self, proj_in):");
    expect(code).toContain("self.g1 = Gate(7)");
    expect(code).toContain("self.g2 = Gate(4)");
  });
});
