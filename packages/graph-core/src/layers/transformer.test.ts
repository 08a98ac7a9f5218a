import { describe, expect, it } from "vitest";
import { evaluateLayer } from "../analysis/evaluate-layer";
import { runTorchTable, type TTorchCase } from "../analysis/layer-table.test-kit";
import { TRANSFORMER_LAYERS } from "./transformer";

// Generated with torch 2.13 (module(**params)(*[randn(2, *x) for x in inputs]); TransformerEncoder
// built as TransformerEncoder(TransformerEncoderLayer(...), num_layers, norm=LayerNorm(d_model)));
// `code`: our expected refusal.
const CASES: TTorchCase[] = [
  {
    type: "TransformerEncoder",
    params: { nhead: 2, dim_feedforward: 16, num_layers: 3, batch_first: true },
    input: [5, 8],
    torch: { shape: [5, 8], params: 1800 },
  },
  {
    type: "TransformerEncoder",
    params: {
      nhead: 2,
      dim_feedforward: 16,
      num_layers: 2,
      norm: "LayerNorm",
      bias: false,
      batch_first: true,
    },
    input: [5, 8],
    torch: { shape: [5, 8], params: 1064 },
  },
  {
    type: "TransformerEncoder",
    params: { nhead: 4, dim_feedforward: 16, num_layers: 1 },
    input: [5, 8],
    torch: { shape: [5, 8], params: 600 },
  },
  {
    type: "TransformerEncoder",
    params: { nhead: 3, dim_feedforward: 16, num_layers: 1, batch_first: true },
    input: [5, 8],
    code: "invalid-param",
    torch: { error: "AssertionError: embed_dim must be divisible by num_heads" },
  },
  {
    type: "TransformerEncoder",
    params: { nhead: 2, dim_feedforward: 16, num_layers: 1, batch_first: true },
    input: [2, 5, 8],
    code: "rank-mismatch",
    torch: {
      error:
        "AssertionError: query should be unbatched 2D or batched 3D tensor but received 4-D query tensor",
    },
  },
  {
    type: "TransformerDecoderLayer",
    params: { nhead: 2, dim_feedforward: 16, batch_first: true },
    input: [
      [5, 8],
      [7, 8],
    ],
    torch: { shape: [5, 8], params: 904 },
  },
  {
    type: "TransformerDecoderLayer",
    params: { nhead: 2, dim_feedforward: 16 },
    input: [
      [5, 8],
      [5, 8],
    ],
    torch: { shape: [5, 8], params: 904 },
  },
  {
    type: "TransformerDecoderLayer",
    params: { nhead: 2, dim_feedforward: 16 },
    input: [
      [5, 8],
      [7, 8],
    ],
    code: "shape-mismatch",
    torch: { error: "RuntimeError: shape '[2, 10, 4]' is invalid for input of size 112" },
  },
  {
    type: "TransformerDecoderLayer",
    params: { nhead: 2, dim_feedforward: 16, bias: false, batch_first: true },
    input: [[8], [8]],
    torch: { shape: [8], params: 792 },
  },
  {
    type: "TransformerDecoderLayer",
    params: { nhead: 2, dim_feedforward: 16, batch_first: true },
    input: [[5, 8], [8]],
    code: "rank-mismatch",
    torch: {
      error:
        "AssertionError: For batched (3-D) `query`, expected `key` and `value` to be 3-D but found 2-D and 2-D tensors ",
    },
  },
  {
    type: "TransformerDecoderLayer",
    params: { nhead: 2, dim_feedforward: 16, batch_first: true },
    input: [
      [5, 8],
      [7, 6],
    ],
    code: "shape-mismatch",
    torch: { error: "RuntimeError: mat1 and mat2 shapes cannot be multiplied (14x6 and 8x16)" },
  },
  {
    type: "Transformer",
    params: {
      d_model: 8,
      nhead: 2,
      num_encoder_layers: 1,
      num_decoder_layers: 2,
      dim_feedforward: 16,
      batch_first: true,
    },
    input: [
      [5, 8],
      [7, 8],
    ],
    torch: { shape: [7, 8], params: 2440 },
  },
  {
    type: "Transformer",
    params: {
      d_model: 8,
      nhead: 2,
      num_encoder_layers: 1,
      num_decoder_layers: 1,
      dim_feedforward: 16,
    },
    input: [
      [3, 8],
      [3, 8],
    ],
    torch: { shape: [3, 8], params: 1536 },
  },
  {
    type: "Transformer",
    params: {
      d_model: 8,
      nhead: 2,
      num_encoder_layers: 1,
      num_decoder_layers: 1,
      dim_feedforward: 16,
    },
    input: [
      [3, 8],
      [4, 8],
    ],
    code: "shape-mismatch",
    torch: { error: "RuntimeError: the batch number of src and tgt must be equal" },
  },
  {
    type: "Transformer",
    params: {
      nhead: 2,
      num_encoder_layers: 1,
      num_decoder_layers: 1,
      dim_feedforward: 16,
      batch_first: true,
    },
    input: [
      [3, 8],
      [4, 8],
    ],
    code: "shape-mismatch",
    torch: { error: "RuntimeError: the feature number of src and tgt must be equal to d_model" },
  },
];

describe("TRANSFORMER_LAYERS against torch", () => {
  runTorchTable(TRANSFORMER_LAYERS, CASES);
});

describe("transformer emission and warnings", () => {
  const def = (type: string) => TRANSFORMER_LAYERS.find((d) => d.type === type)!;

  it("emits TransformerEncoder around its encoder layer, with the final LayerNorm", () => {
    const enc = def("TransformerEncoder");
    const params = {
      nhead: 2,
      dim_feedforward: 16,
      num_layers: 3,
      norm: "LayerNorm",
      batch_first: true,
      layer_norm_eps: 1e-6,
    };
    const r = evaluateLayer(enc, params, [[5, 8]]);
    expect(r.diagnostics).toEqual([]);
    expect(enc.toPyTorch({ nodeId: "n", params: r.resolved, inputs: [[5, 8]] }).module).toBe(
      "nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, layer_norm_eps=1e-06, batch_first=True), 3, norm=nn.LayerNorm(8, eps=1e-06))",
    );
  });

  it("passes tgt and memory (src and tgt) in port order", () => {
    const tdl = def("TransformerDecoderLayer");
    const inputs = [
      [5, 8],
      [7, 8],
    ];
    const r = evaluateLayer(tdl, { nhead: 2, batch_first: true }, inputs);
    const emission = tdl.toPyTorch({ nodeId: "n", params: r.resolved, inputs });
    expect(emission.module).toBe("nn.TransformerDecoderLayer(8, 2, batch_first=True)");
    expect(emission.forward?.(["tgt", "mem"], "self.dec")).toBe("self.dec(tgt, mem)");
  });

  it("warns when torch would attend across the batch", () => {
    const r = evaluateLayer(def("TransformerEncoder"), { nhead: 2, num_layers: 1 }, [[5, 8]]);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([["batch-mixing", "warning"]]);
  });
});
