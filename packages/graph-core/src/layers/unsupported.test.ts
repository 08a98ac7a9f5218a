import { describe, expect, it } from "vitest";
import { analyze } from "../analysis/analyze";
import { CodegenError } from "../codegen/emit-graph";
import { generatePyTorch } from "../codegen/generate-pytorch";
import type { TModelFlow } from "../graph/types";

function model(inputs: number): TModelFlow {
  const sources = ["a", "b"].slice(0, inputs);
  return {
    format: "layerwise.model-flow",
    version: 1,
    name: "imported",
    nodes: [
      { id: "x", type: "Input", params: { shape: [3, 8, 8] } },
      { id: "a", type: "Conv2d", params: { out_channels: 4, kernel_size: 1 } },
      { id: "b", type: "Conv2d", params: { out_channels: 4, kernel_size: 1 } },
      {
        id: "op",
        type: "UnsupportedOp",
        params: { op: "torch.roll", shape: [4, 8, 8], source: "model.py:12", param_count: 7 },
      },
      { id: "head", type: "Conv2d", params: { out_channels: 2, kernel_size: 3, padding: 1 } },
    ],
    edges: [
      { source: "x", target: "a" },
      { source: "x", target: "b" },
      ...sources.map((s, port) =>
        inputs > 1 ? { source: s, target: "op", port } : { source: s, target: "op" },
      ),
      { source: "op", target: "head" },
    ],
  };
}

describe("UnsupportedOp", () => {
  it("passes on its traced shape with a warning, so what follows still analyses", () => {
    const analysis = analyze(model(1));
    const op = analysis.nodes.get("op")!;
    expect(op.shape).toEqual([4, 8, 8]);
    expect(op.params).toBe(7);
    expect(op.diagnostics).toEqual([
      expect.objectContaining({
        code: "unsupported-op",
        severity: "warning",
        message: expect.stringContaining("torch.roll (model.py:12) has no graph-core layer"),
      }),
    ]);
    expect(analysis.nodes.get("head")!.shape).toEqual([2, 8, 8]);
    expect(analysis.errorCount).toBe(0);
  });

  it("takes one input or several, and refuses none", () => {
    expect(analyze(model(2)).nodes.get("op")!.shape).toEqual([4, 8, 8]);
    expect(analyze(model(2)).errorCount).toBe(0);
    const none = analyze(model(0)).nodes.get("op")!;
    expect(none.diagnostics.map((d) => d.code)).toContain("missing-input");
  });

  it("is refused by code generation, naming the op and where it came from", () => {
    const doc = model(1);
    expect(() => generatePyTorch(doc, analyze(doc))).toThrow(CodegenError);
    expect(() => generatePyTorch(doc, analyze(doc))).toThrow(
      'Node "op" is torch.roll (model.py:12), an operation graph-core cannot generate code for',
    );
  });
});
