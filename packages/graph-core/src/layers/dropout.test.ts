import { describe, expect, it } from "vitest";
import { analyze } from "../analysis/analyze";
import { evaluateLayer } from "../analysis/evaluate-layer";
import { familyKit, runTorchTable, type TTorchCase } from "../analysis/layer-table.test-kit";
import type { TParams } from "../graph/types";
import { DROPOUT_LAYERS } from "./dropout";

// Generated with torch 2.13: module(**params) on randn(N, *input), N a prime absent from input so
// torch cannot read the batch as channels. `code`: the refusal graph-core must give.
const CASES: TTorchCase[] = [
  { type: "Dropout", params: {}, input: [10], torch: { shape: [10], params: 0 } },
  { type: "Dropout", params: { p: 0.0 }, input: [3, 4, 4], torch: { shape: [3, 4, 4], params: 0 } },
  { type: "Dropout", params: { p: 1.0 }, input: [3], torch: { shape: [3], params: 0 } },
  {
    type: "Dropout",
    params: { p: 1.5 },
    input: [3],
    code: "invalid-param",
    torch: { error: "ValueError: dropout probability has to be between 0 and 1, but got 1.5" },
  },
  {
    type: "Dropout",
    params: { p: -0.1 },
    input: [3],
    code: "invalid-param",
    torch: { error: "ValueError: dropout probability has to be between 0 and 1, but got -0.1" },
  },
  { type: "Dropout1d", params: {}, input: [4, 10], torch: { shape: [4, 10], params: 0 } },
  { type: "Dropout1d", params: {}, input: [4], torch: { shape: [4], params: 0 } },
  {
    type: "Dropout1d",
    params: {},
    input: [4, 5, 5],
    code: "rank-mismatch",
    torch: {
      error:
        "RuntimeError: dropout1d: Expected 2D or 3D input, but received a 4D input. Note that dropout1d exists to provide channel-wise dropout on inputs with 1 spatial d",
    },
  },
  {
    type: "Dropout1d",
    params: { p: 2.0 },
    input: [4, 10],
    code: "invalid-param",
    torch: { error: "ValueError: dropout probability has to be between 0 and 1, but got 2.0" },
  },
  { type: "Dropout2d", params: {}, input: [4, 5, 5], torch: { shape: [4, 5, 5], params: 0 } },
  { type: "Dropout2d", params: {}, input: [4, 5], torch: { shape: [4, 5], params: 0 } },
  { type: "Dropout2d", params: {}, input: [4], torch: { shape: [4], params: 0 } },
  { type: "Dropout2d", params: {}, input: [2, 4, 5, 5], torch: { shape: [2, 4, 5, 5], params: 0 } },
  { type: "Dropout3d", params: {}, input: [2, 4, 4, 4], torch: { shape: [2, 4, 4, 4], params: 0 } },
  { type: "Dropout3d", params: {}, input: [2, 4], torch: { shape: [2, 4], params: 0 } },
  { type: "Dropout3d", params: {}, input: [4, 4, 4], torch: { shape: [4, 4, 4], params: 0 } },
  { type: "AlphaDropout", params: { p: 0.2 }, input: [8], torch: { shape: [8], params: 0 } },
  {
    type: "AlphaDropout",
    params: { p: 1.2 },
    input: [8],
    code: "invalid-param",
    torch: { error: "ValueError: dropout probability has to be between 0 and 1, but got 1.2" },
  },
  { type: "FeatureAlphaDropout", params: {}, input: [4, 6], torch: { shape: [4, 6], params: 0 } },
  { type: "FeatureAlphaDropout", params: {}, input: [4], torch: { shape: [4], params: 0 } },
];

const { def, emit } = familyKit(DROPOUT_LAYERS);

/** Analyses Input → layers… as a one-path document; returns each node's analysis by id. */
function analyzeChain(input: TParams, layers: [string, TParams][]) {
  const nodes = [
    { id: "in", type: "Input", params: input },
    ...layers.map(([type, params], i) => ({ id: `n${i + 1}`, type, params })),
  ];
  const edges = layers.map((_, i) => ({ source: i === 0 ? "in" : `n${i}`, target: `n${i + 1}` }));
  return analyze({ format: "layerwise.model-flow", version: 1, name: "t", nodes, edges }).nodes;
}

describe("dropout family vs torch", () => runTorchTable(DROPOUT_LAYERS, CASES));

describe("dropout details", () => {
  it("warns where torch warns: Dropout2d on [C, L] and on non-image ranks", () => {
    const seq = evaluateLayer(def("Dropout2d"), {}, [[4, 5]]);
    expect(seq.shape).toEqual([4, 5]);
    expect(seq.diagnostics.map((d) => [d.severity, d.code])).toEqual([
      ["warning", "rank-mismatch"],
    ]);
    expect(seq.diagnostics[0]?.hint).toMatch(/Dropout1d/);
    expect(evaluateLayer(def("Dropout2d"), {}, [[4, 5, 5]]).diagnostics).toEqual([]);
    expect(evaluateLayer(def("Dropout3d"), {}, [[2, 4]]).diagnostics[0]?.severity).toBe("warning");
    expect(evaluateLayer(def("Dropout3d"), {}, [[2, 4, 4, 4]]).diagnostics).toEqual([]);
  });

  it("emits p only when it differs from 0.5", () => {
    expect(emit("Dropout", {}, [4])).toBe("nn.Dropout()");
    expect(emit("Dropout2d", { p: 0.1 }, [4, 4, 4])).toBe("nn.Dropout2d(p=0.1)");
    expect(emit("AlphaDropout", { p: 0 }, [4])).toBe("nn.AlphaDropout(p=0.0)");
  });
});

describe("dropout on integer ids", () => {
  it("refuses to rescale long ids (0 < p < 1) but lets p = 0 or 1 through, like torch", () => {
    const long = { shape: [12], dtype: "long" };
    const refused = analyzeChain(long, [["Dropout", { p: 0.1 }]]).get("n1")!;
    expect(refused.shape).toBeNull();
    expect(refused.diagnostics.map((d) => d.code)).toContain("dtype-mismatch");
    expect(analyzeChain(long, [["Dropout", { p: 0 }]]).get("n1")!.shape).toEqual([12]);
    expect(analyzeChain({ shape: [12] }, [["Dropout", { p: 0.1 }]]).get("n1")!.shape).toEqual([12]);
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
