import { describe, expect, it } from "vitest";
import { analyze } from "../analysis/analyze";
import { parseModelFlow } from "../graph/parse-model-flow";
import type { TModelFlow } from "../graph/types";
import { loadTemplate } from "../templates";
import { CodegenError } from "./emit-graph";
import { generatePyTorch } from "./generate-pytorch";

function doc(json: Record<string, unknown>): TModelFlow {
  const r = parseModelFlow({ format: "layerwise.model-flow", version: 1, name: "m", ...json });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.doc;
}

const gen = (d: TModelFlow) => generatePyTorch(d, analyze(d));

/** A block used at two widths, and a block nested inside another. */
const BLOCKS = doc({
  name: "blocks demo",
  blocks: {
    cbr: {
      label: "ConvBnReLU",
      nodes: [
        { id: "x", type: "BlockInput", params: {} },
        {
          id: "conv",
          type: "Conv2d",
          params: { out_channels: 8, kernel_size: 3, padding: 1, bias: false },
        },
        { id: "bn", type: "BatchNorm2d", params: {} },
        { id: "act", type: "ReLU", params: {} },
        { id: "y", type: "BlockOutput", params: {} },
      ],
      edges: [
        { source: "x", target: "conv" },
        { source: "conv", target: "bn" },
        { source: "bn", target: "act" },
        { source: "act", target: "y" },
      ],
    },
    res: {
      label: "Residual",
      nodes: [
        { id: "x", type: "BlockInput", params: {} },
        { id: "inner", type: "Block", params: { block: "cbr" } },
        { id: "sum", type: "Add", params: {} },
        { id: "y", type: "BlockOutput", params: {} },
      ],
      edges: [
        { source: "x", target: "inner" },
        { source: "x", target: "sum", port: 0 },
        { source: "inner", target: "sum", port: 1 },
        { source: "sum", target: "y" },
      ],
    },
  },
  nodes: [
    { id: "input", type: "Input", params: { shape: [3, 16, 16] } },
    { id: "stem", type: "Block", params: { block: "cbr" } },
    { id: "r1", type: "Block", params: { block: "res" } },
    { id: "down", type: "MaxPool2d", params: { kernel_size: 2 } },
    { id: "again", type: "Block", params: { block: "cbr" } },
    { id: "pool", type: "AdaptiveAvgPool2d", params: { output_size: 1 } },
    { id: "flat", type: "Flatten", params: {} },
    { id: "fc", type: "Linear", params: { out_features: 4 } },
    { id: "out", type: "Output", params: { task: "classification", num_classes: 4 } },
  ],
  edges: [
    { source: "input", target: "stem" },
    { source: "stem", target: "r1" },
    { source: "r1", target: "down" },
    { source: "down", target: "again" },
    { source: "again", target: "pool" },
    { source: "pool", target: "flat" },
    { source: "flat", target: "fc" },
    { source: "fc", target: "out" },
  ],
});

describe("generatePyTorch golden output", () => {
  it("LeNet-5", async () => {
    await expect(gen(loadTemplate("lenet5"))).toMatchFileSnapshot("__snapshots__/lenet5.py");
  });

  it("blocks: one class per block, sizes that differ between uses become arguments", async () => {
    const code = gen(BLOCKS);
    await expect(code).toMatchFileSnapshot("__snapshots__/blocks-demo.py");
    expect(code).toContain("class ConvBnReLU(nn.Module):");
    expect(code).toContain("def __init__(self, conv_in):");
    expect(code).toContain("self.stem = ConvBnReLU(3)");
    expect(code).toContain("self.again = ConvBnReLU(8)");
    expect(code).toContain("class Residual(nn.Module):");
    expect(code.match(/^class /gm)).toHaveLength(3);
  });
});

describe("generatePyTorch structure", () => {
  it("merges become torch.cat / + / *, in port order", () => {
    const code = gen(
      doc({
        nodes: [
          { id: "input", type: "Input", params: { shape: [4, 8, 8] } },
          { id: "a", type: "Conv2d", params: { out_channels: 4, kernel_size: 1 } },
          { id: "b", type: "Conv2d", params: { out_channels: 4, kernel_size: 1 } },
          { id: "cat", type: "Concat", params: { dim: 1 } },
          { id: "add", type: "Add", params: {} },
          { id: "mul", type: "Multiply", params: {} },
        ],
        edges: [
          { source: "input", target: "a" },
          { source: "input", target: "b" },
          { source: "b", target: "cat", port: 0 },
          { source: "a", target: "cat", port: 1 },
          { source: "a", target: "add", port: 0 },
          { source: "b", target: "add", port: 1 },
          { source: "add", target: "mul", port: 0 },
          { source: "a", target: "mul", port: 1 },
        ],
      }),
    );
    expect(code).toMatch(/cat = torch\.cat\(\[b, a\], dim=1\)/);
    expect(code).toMatch(/add = a \+ b/);
    expect(code).toMatch(/mul = add \* a/);
    // No Output node: the sinks are returned.
    expect(code).toMatch(/return cat, mul/);
  });

  it("refuses a graph with errors, listing the diagnostics", () => {
    const bad = doc({
      nodes: [
        { id: "input", type: "Input", params: { shape: [3, 4, 4] } },
        { id: "c", type: "Conv2d", params: { out_channels: 2, kernel_size: 9 } },
      ],
      edges: [{ source: "input", target: "c" }],
    });
    expect(() => gen(bad)).toThrow(CodegenError);
    try {
      gen(bad);
    } catch (e) {
      expect((e as CodegenError).diagnostics.map((d) => d.node)).toContain("c");
      expect((e as CodegenError).message).toMatch(/c/);
    }
  });

  it("is deterministic", () => {
    const d = loadTemplate("resnet18");
    expect(gen(d)).toBe(gen(d));
  });
});
