import { describe, expect, it } from "vitest";
import { evaluateLayer } from "../analysis/evaluate-layer";
import { familyKit, runTorchTable, type TTorchCase } from "../analysis/layer-table.test-kit";
import { LINEAR_LAYERS } from "./linear";

// Generated with torch 2.13: module(**params) on randn(N, *input), N a prime absent from input so
// torch cannot read the batch as channels. `code`: the refusal graph-core must give.
const CASES: TTorchCase[] = [
  {
    type: "Linear",
    params: { out_features: 10 },
    input: [784],
    torch: { shape: [10], params: 7850 },
  },
  {
    type: "Linear",
    params: { out_features: 10, bias: false },
    input: [784],
    torch: { shape: [10], params: 7840 },
  },
  {
    type: "Linear",
    params: { out_features: 64 },
    input: [12, 32],
    torch: { shape: [12, 64], params: 2112 },
  },
  {
    type: "Linear",
    params: { out_features: 4 },
    input: [2, 3, 5],
    torch: { shape: [2, 3, 4], params: 24 },
  },
  {
    type: "Linear",
    params: { out_features: 0 },
    input: [8],
    code: "invalid-param",
    torch: { error: "empty output [3, 0]" },
  },
  {
    type: "Linear",
    params: { in_features: 8, out_features: 4 },
    input: [8],
    torch: { shape: [4], params: 36 },
  },
  {
    type: "Linear",
    params: { in_features: 9, out_features: 4 },
    input: [8],
    code: "shape-mismatch",
    torch: { error: "RuntimeError: mat1 and mat2 shapes cannot be multiplied (3x8 and 9x4)" },
  },
];

const { def, emit } = familyKit(LINEAR_LAYERS);

describe("linear family vs torch", () => runTorchTable(LINEAR_LAYERS, CASES));

describe("linear details", () => {
  it("counts one MAC per input feature per output element", () => {
    expect(evaluateLayer(def("Linear"), { out_features: 10 }, [[784]]).macs).toBe(7840);
    expect(evaluateLayer(def("Linear"), { out_features: 64 }, [[12, 32]]).macs).toBe(12 * 32 * 64);
  });

  it("requires out_features and names it", () => {
    const r = evaluateLayer(def("Linear"), {}, [[8]]);
    expect(r.shape).toBeNull();
    expect(r.diagnostics[0]?.message).toContain("out_features");
  });

  it("emits the inferred in_features", () => {
    expect(emit("Linear", { out_features: 10 }, [784])).toBe("nn.Linear(784, 10)");
    expect(emit("Linear", { out_features: 10, bias: false }, [12, 784])).toBe(
      "nn.Linear(784, 10, bias=False)",
    );
  });
});

describe("refusal messages", () => {
  it("say how to fix every refusal in the table", () => {
    for (const c of CASES.filter((row) => row.code !== undefined)) {
      const r = evaluateLayer(def(c.type), c.params, [c.input as number[]]);
      const error = r.diagnostics.find((d) => d.severity === "error");
      expect(error?.hint, `${c.type} ${JSON.stringify(c.params)}`).toBeTruthy();
    }
  });
});
