import { describe, expect, it } from "vitest";
import { analyze } from "../analysis/analyze";
import { evaluateLayer } from "../analysis/evaluate-layer";
import { runTorchTable, type TTorchCase } from "../analysis/layer-table.test-kit";
import { LINEAR_LAYERS } from "./linear";

// Generated with torch 2.13 (Bilinear(**params)(randn(2, *x1), randn(2, *x2))).
const CASES: TTorchCase[] = [
  {
    type: "Bilinear",
    params: { out_features: 6 },
    input: [[4], [5]],
    torch: { shape: [6], params: 126 },
  },
  {
    type: "Bilinear",
    params: { out_features: 6, bias: false },
    input: [
      [3, 4],
      [3, 5],
    ],
    torch: { shape: [3, 6], params: 120 },
  },
  {
    type: "Bilinear",
    params: { out_features: 6 },
    input: [
      [3, 4],
      [2, 5],
    ],
    code: "shape-mismatch",
    torch: {
      error: "RuntimeError: bilinear(): input batch dimensions do not match at dim 1: got 3 and 2",
    },
  },
  {
    type: "Bilinear",
    params: { out_features: 6 },
    input: [[3, 4], [5]],
    code: "rank-mismatch",
    torch: { error: "RuntimeError: bilinear(): input dimensions do not match: got 3 and 2" },
  },
  {
    type: "Bilinear",
    params: { out_features: 6, in2_features: 4 },
    input: [[4], [5]],
    code: "shape-mismatch",
    torch: {
      error:
        "RuntimeError: bilinear(): input2 size does not match weight size: got 5 but expected 4",
    },
  },
];

describe("Bilinear against torch", () => {
  runTorchTable(LINEAR_LAYERS, CASES);
});

describe("Bilinear emission", () => {
  it("takes x1 from port 0 and x2 from port 1", () => {
    const def = LINEAR_LAYERS.find((d) => d.type === "Bilinear")!;
    const inputs = [
      [3, 4],
      [3, 5],
    ];
    const params = evaluateLayer(def, { out_features: 6 }, inputs).resolved;
    const emission = def.toPyTorch({ nodeId: "n", params, inputs });
    expect(emission.module).toBe("nn.Bilinear(4, 5, 6)");
    expect(emission.forward?.(["a", "b"], "self.bil")).toBe("self.bil(a, b)");
  });
});

describe("Bilinear in a graph", () => {
  it("says it needs both ports when only one edge comes in", () => {
    const analysis = analyze({
      format: "layerwise.model-flow",
      version: 1,
      name: "one input",
      nodes: [
        { id: "a", type: "Input", params: { shape: [4] } },
        { id: "bil", type: "Bilinear", params: { out_features: 3 } },
      ],
      edges: [{ source: "a", target: "bil", port: 0 }],
    });
    const node = analysis.nodes.get("bil")!;
    expect(node.shape).toBeNull();
    expect(node.diagnostics.map((d) => d.message)).toContain(
      'Bilinear "bil" needs 2 inputs (ports 0–1), it has 1',
    );
  });
});
