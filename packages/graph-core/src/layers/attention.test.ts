import { describe, expect, it } from "vitest";
import { evaluateLayer } from "../analysis/evaluate-layer";
import { familyKit, runTorchTable, type TTorchCase } from "../analysis/layer-table.test-kit";
import { resolveParams } from "./params";
import { ATTENTION_LAYERS } from "./attention";

// Generated with torch 2.13: module(**params) on randn(N, *input), N a prime absent from input so
// torch cannot read the batch as channels. `code`: the refusal graph-core must give.
const CASES: TTorchCase[] = [
  {
    type: "MultiheadAttention",
    params: { num_heads: 4 },
    input: [10, 16],
    torch: { shape: [10, 16], params: 1088 },
  },
  {
    type: "MultiheadAttention",
    params: { num_heads: 2, bias: false },
    input: [10, 16],
    torch: { shape: [10, 16], params: 1024 },
  },
  {
    type: "MultiheadAttention",
    params: { num_heads: 2, add_bias_kv: true },
    input: [10, 16],
    torch: { shape: [10, 16], params: 1120 },
  },
  {
    type: "MultiheadAttention",
    params: { num_heads: 2, add_zero_attn: true, dropout: 0.1 },
    input: [10, 16],
    torch: { shape: [10, 16], params: 1088 },
  },
  {
    type: "MultiheadAttention",
    params: { num_heads: 3 },
    input: [10, 16],
    code: "invalid-param",
    torch: { error: "AssertionError: embed_dim must be divisible by num_heads" },
  },
  {
    type: "MultiheadAttention",
    params: { embed_dim: 16, num_heads: 4 },
    input: [10, 16],
    torch: { shape: [10, 16], params: 1088 },
  },
  {
    type: "MultiheadAttention",
    params: { embed_dim: 8, num_heads: 4 },
    input: [10, 16],
    code: "shape-mismatch",
    torch: { error: "AssertionError: was expecting embedding dimension of 8, but got 16" },
  },
  {
    type: "MultiheadAttention",
    params: { num_heads: 4 },
    input: [16],
    torch: { shape: [16], params: 1088 },
  },
  {
    type: "MultiheadAttention",
    params: { num_heads: 4 },
    input: [2, 10, 16],
    code: "rank-mismatch",
    torch: {
      error:
        "AssertionError: query should be unbatched 2D or batched 3D tensor but received 4-D query tensor",
    },
  },
  {
    type: "MultiheadAttention",
    params: { num_heads: 4, dropout: 1.5 },
    input: [10, 16],
    code: "invalid-param",
    torch: { error: "RuntimeError: dropout probability has to be between 0 and 1, but got 1.5" },
  },
  {
    type: "MultiheadAttention",
    params: { num_heads: 0 },
    input: [10, 16],
    code: "invalid-param",
    torch: {
      error:
        "ValueError: embed_dim and num_heads must be greater than 0, got embed_dim=16 and num_heads=0 instead",
    },
  },
  {
    type: "TransformerEncoderLayer",
    params: { nhead: 4 },
    input: [10, 16],
    torch: { shape: [10, 16], params: 68752 },
  },
  {
    type: "TransformerEncoderLayer",
    params: { nhead: 2, dim_feedforward: 64, activation: "gelu", norm_first: true },
    input: [10, 16],
    torch: { shape: [10, 16], params: 3280 },
  },
  {
    type: "TransformerEncoderLayer",
    params: { nhead: 2, dim_feedforward: 32, bias: false },
    input: [10, 16],
    torch: { shape: [10, 16], params: 2080 },
  },
  {
    type: "TransformerEncoderLayer",
    params: { d_model: 16, nhead: 8, dim_feedforward: 8 },
    input: [5, 16],
    torch: { shape: [5, 16], params: 1432 },
  },
  {
    type: "TransformerEncoderLayer",
    params: { nhead: 3 },
    input: [10, 16],
    code: "invalid-param",
    torch: { error: "AssertionError: embed_dim must be divisible by num_heads" },
  },
  {
    type: "TransformerEncoderLayer",
    params: { nhead: 2, activation: "tanh" },
    input: [10, 16],
    code: "invalid-param",
    torch: { error: "RuntimeError: activation should be relu/gelu, not tanh" },
  },
  {
    type: "TransformerEncoderLayer",
    params: { nhead: 2, d_model: 32 },
    input: [10, 16],
    code: "shape-mismatch",
    torch: { error: "AssertionError: was expecting embedding dimension of 32, but got 16" },
  },
  {
    type: "TransformerEncoderLayer",
    params: { nhead: 2, dim_feedforward: 8 },
    input: [2, 5, 16],
    code: "rank-mismatch",
    torch: {
      error:
        "AssertionError: query should be unbatched 2D or batched 3D tensor but received 4-D query tensor",
    },
  },
];

const { def, emit } = familyKit(ATTENTION_LAYERS);

describe("attention family vs torch", () => runTorchTable(ATTENTION_LAYERS, CASES));

describe("attention details", () => {
  it("warns that a [E] input reaches torch as one sequence of the batch", () => {
    const r = evaluateLayer(def("MultiheadAttention"), { num_heads: 4 }, [[16]]);
    expect(r.shape).toEqual([16]);
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([["warning", "rank-mismatch"]]);
  });

  it("runs a zero-width feed-forward like torch, with a warning", () => {
    const r = evaluateLayer(def("TransformerEncoderLayer"), { nhead: 2, dim_feedforward: 0 }, [
      [5, 8],
    ]);
    expect(r.shape).toEqual([5, 8]);
    // in_proj 3·64+24, out_proj 64+8, linear1 0, linear2 bias 8, two norms 2·16.
    expect(r.params).toBe(24 * 8 + 24 + 64 + 8 + 8 + 32);
    expect(r.diagnostics.map((d) => d.severity)).toEqual(["warning"]);
  });

  it("estimates projections plus attention MACs", () => {
    const r = evaluateLayer(def("MultiheadAttention"), { num_heads: 4 }, [[10, 16]]);
    expect(r.macs).toBe(4 * 10 * 16 * 16 + 2 * 10 * 10 * 16);
    // bias_k and the zero token add one key each (torch's flop counter: 13760, 14080).
    const kv = { num_heads: 4, add_bias_kv: true };
    expect(evaluateLayer(def("MultiheadAttention"), kv, [[10, 16]]).macs).toBe(13760);
    const both = { ...kv, add_zero_attn: true };
    expect(evaluateLayer(def("MultiheadAttention"), both, [[10, 16]]).macs).toBe(14080);
  });

  it("emits batch_first self-attention and its forward call", () => {
    const d = def("MultiheadAttention");
    const ctx = {
      nodeId: "n",
      params: resolveParams(d, { num_heads: 4, dropout: 0.1 }).params,
      inputs: [[10, 16]],
    };
    const e = d.toPyTorch(ctx);
    expect(e.module).toBe("nn.MultiheadAttention(16, 4, dropout=0.1, batch_first=True)");
    expect(e.forward?.(["h"], "self.attn")).toBe("self.attn(h, h, h, need_weights=False)[0]");
    expect(
      emit(
        "TransformerEncoderLayer",
        { nhead: 4, dim_feedforward: 64, activation: "gelu", norm_first: true },
        [10, 16],
      ),
    ).toBe(
      "nn.TransformerEncoderLayer(16, 4, dim_feedforward=64, activation='gelu', norm_first=True, batch_first=True)",
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
