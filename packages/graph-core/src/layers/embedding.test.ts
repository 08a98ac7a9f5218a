import { describe, expect, it } from "vitest";
import { analyze } from "../analysis/analyze";
import { evaluateLayer } from "../analysis/evaluate-layer";
import { familyKit, runTorchTable, type TTorchCase } from "../analysis/layer-table.test-kit";
import type { TParams } from "../graph/types";
import { EMBEDDING_LAYERS } from "./embedding";

// Generated with torch 2.13: module(**params) on randn(N, *input), N a prime absent from input so
// torch cannot read the batch as channels. `code`: the refusal graph-core must give.
const CASES: TTorchCase[] = [
  {
    type: "Embedding",
    params: { num_embeddings: 1000, embedding_dim: 64 },
    input: [32],
    torch: { shape: [32, 64], params: 64000 },
  },
  {
    type: "Embedding",
    params: { num_embeddings: 10, embedding_dim: 4 },
    input: [4, 6],
    torch: { shape: [4, 6, 4], params: 40 },
  },
  {
    type: "Embedding",
    params: { num_embeddings: 10, embedding_dim: 4, padding_idx: 0 },
    input: [6],
    torch: { shape: [6, 4], params: 40 },
  },
  {
    type: "Embedding",
    params: { num_embeddings: 10, embedding_dim: 4, padding_idx: -10 },
    input: [6],
    torch: { shape: [6, 4], params: 40 },
  },
  {
    type: "Embedding",
    params: { num_embeddings: 10, embedding_dim: 4, padding_idx: 10 },
    input: [6],
    code: "invalid-param",
    torch: { error: "AssertionError: Padding_idx must be within num_embeddings" },
  },
  {
    type: "Embedding",
    params: { num_embeddings: 10, embedding_dim: 4, padding_idx: -11 },
    input: [6],
    code: "invalid-param",
    torch: { error: "AssertionError: Padding_idx must be within num_embeddings" },
  },
  {
    type: "Embedding",
    params: { num_embeddings: 10, embedding_dim: 0 },
    input: [6],
    code: "invalid-param",
    torch: { error: "empty output [3, 6, 0]" },
  },
  {
    type: "Embedding",
    params: { num_embeddings: 0, embedding_dim: 4 },
    input: [6],
    code: "invalid-param",
    torch: { error: "RuntimeError: index_select(): self indexing axis dim should be positive" },
  },
  {
    type: "Embedding",
    params: { num_embeddings: 10, embedding_dim: 4, max_norm: 1.0, scale_grad_by_freq: true },
    input: [6],
    torch: { shape: [6, 4], params: 40 },
  },
];

const { def, emit } = familyKit(EMBEDDING_LAYERS);

/** Analyses Input → layers… as a one-path document; returns each node's analysis by id. */
function analyzeChain(input: TParams, layers: [string, TParams][]) {
  const nodes = [
    { id: "in", type: "Input", params: input },
    ...layers.map(([type, params], i) => ({ id: `n${i + 1}`, type, params })),
  ];
  const edges = layers.map((_, i) => ({ source: i === 0 ? "in" : `n${i}`, target: `n${i + 1}` }));
  return analyze({ format: "layerwise.model-flow", version: 1, name: "t", nodes, edges }).nodes;
}

describe("embedding family vs torch", () => runTorchTable(EMBEDDING_LAYERS, CASES));

describe("embedding details", () => {
  it("appends embedding_dim to any index shape", () => {
    expect(
      evaluateLayer(def("Embedding"), { num_embeddings: 5, embedding_dim: 3 }, [[2, 7]]).shape,
    ).toEqual([2, 7, 3]);
  });

  it("emits sizes positionally and only non-default options", () => {
    expect(emit("Embedding", { num_embeddings: 1000, embedding_dim: 64 }, [32])).toBe(
      "nn.Embedding(1000, 64)",
    );
    expect(
      emit(
        "Embedding",
        { num_embeddings: 1000, embedding_dim: 64, padding_idx: 0, max_norm: 1 },
        [32],
      ),
    ).toBe("nn.Embedding(1000, 64, padding_idx=0, max_norm=1.0)");
  });
});

describe("embedding dtype", () => {
  it("needs integer ids: refuses a float input, accepts ids carried through reshapes and clamps", () => {
    const lookup: [string, TParams] = ["Embedding", { num_embeddings: 10, embedding_dim: 4 }];
    const floatIn = analyzeChain({ shape: [6] }, [lookup]).get("n1")!;
    expect(floatIn.shape).toBeNull();
    expect(floatIn.diagnostics.map((d) => d.code)).toContain("dtype-mismatch");
    const ids = { shape: [2, 3], dtype: "long" };
    const carried = analyzeChain(ids, [["Flatten", {}], ["ReLU", {}], ["Identity", {}], lookup]);
    expect(carried.get("n4")!.shape).toEqual([6, 4]);
    // Sigmoid turns ids into floats, as torch does.
    expect(analyzeChain(ids, [["Sigmoid", {}], lookup]).get("n2")!.shape).toBeNull();
  });

  it("keeps float-only layers away from ids", () => {
    const ids = { shape: [6], dtype: "long" };
    expect(analyzeChain(ids, [["Linear", { out_features: 3 }]]).get("n1")!.shape).toBeNull();
    expect(analyzeChain(ids, [["GELU", {}]]).get("n1")!.shape).toBeNull();
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
