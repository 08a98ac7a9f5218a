import { describe, expect, it } from "vitest";
import { evaluateLayer } from "../analysis/evaluate-layer";
import type { TParams } from "../graph/types";
import { familyKit, runTorchTable, type TTorchCase } from "../analysis/layer-table.test-kit";
import { RECURRENT_LAYERS } from "./recurrent";

// Generated with torch 2.13 (module(**params) on randn(2, *input), output = module(x)[0] for the
// tuple-returning RNN/LSTM/GRU/LSTMCell); `code`: our expected refusal.
const CASES: TTorchCase[] = [
  {
    type: "LSTM",
    params: { hidden_size: 5, batch_first: true },
    input: [7, 4],
    torch: { shape: [7, 5], params: 220 },
  },
  {
    type: "LSTM",
    params: { hidden_size: 5 },
    input: [7, 4],
    torch: { shape: [7, 5], params: 220 },
  },
  {
    type: "LSTM",
    params: { hidden_size: 5, num_layers: 2, bidirectional: true, proj_size: 3, batch_first: true },
    input: [6, 4],
    torch: { shape: [6, 6], params: 860 },
  },
  {
    type: "LSTM",
    params: { hidden_size: 5, proj_size: 5, batch_first: true },
    input: [6, 4],
    code: "invalid-param",
    torch: { error: "ValueError: proj_size has to be smaller than hidden_size" },
  },
  {
    type: "LSTM",
    params: { hidden_size: 5, batch_first: true },
    input: [4],
    torch: { shape: [5], params: 220 },
  },
  {
    type: "LSTM",
    params: { hidden_size: 5, batch_first: true },
    input: [3, 6, 4],
    code: "rank-mismatch",
    torch: { error: "ValueError: LSTM: Expected input to be 2D or 3D, got 4D instead" },
  },
  {
    type: "LSTM",
    params: { hidden_size: 5, input_size: 3, batch_first: true },
    input: [6, 4],
    code: "shape-mismatch",
    torch: { error: "RuntimeError: input.size(-1) must be equal to input_size. Expected 3, got 4" },
  },
  {
    type: "GRU",
    params: { hidden_size: 8, num_layers: 3, bias: false, batch_first: true, dropout: 0.25 },
    input: [10, 6],
    torch: { shape: [10, 8], params: 1104 },
  },
  {
    type: "GRU",
    params: { hidden_size: 8, bidirectional: true },
    input: [10, 6],
    torch: { shape: [10, 16], params: 768 },
  },
  {
    type: "RNN",
    params: { hidden_size: 4, nonlinearity: "relu", batch_first: true, num_layers: 2 },
    input: [5, 3],
    torch: { shape: [5, 4], params: 76 },
  },
  {
    type: "RNN",
    params: { hidden_size: 4, bidirectional: true, num_layers: 2 },
    input: [3],
    torch: { shape: [8], params: 184 },
  },
  { type: "RNNCell", params: { hidden_size: 6 }, input: [4], torch: { shape: [6], params: 72 } },
  {
    type: "RNNCell",
    params: { hidden_size: 6, nonlinearity: "relu", bias: false },
    input: [4],
    torch: { shape: [6], params: 60 },
  },
  {
    type: "RNNCell",
    params: { hidden_size: 6 },
    input: [3, 4],
    code: "rank-mismatch",
    torch: { error: "ValueError: RNNCell: Expected input to be 1D or 2D, got 3D instead" },
  },
  { type: "LSTMCell", params: { hidden_size: 6 }, input: [4], torch: { shape: [6], params: 288 } },
  {
    type: "GRUCell",
    params: { hidden_size: 6, bias: false },
    input: [4],
    torch: { shape: [6], params: 180 },
  },
  {
    type: "GRUCell",
    params: { hidden_size: 6, input_size: 5 },
    input: [4],
    code: "shape-mismatch",
    torch: { error: "RuntimeError: input has inconsistent input_size: got 4 expected 5" },
  },
];

describe("RECURRENT_LAYERS against torch", () => {
  runTorchTable(RECURRENT_LAYERS, CASES);
});

describe("recurrent details", () => {
  const { def, emit } = familyKit(RECURRENT_LAYERS);
  const warnings = (type: string, params: TParams, input: number[]) =>
    evaluateLayer(def(type), params, [input])
      .diagnostics.filter((d) => d.severity === "warning")
      .map((d) => d.code);

  it("warns when torch reads the batch as time (batch_first=False, or an unbatched [H_in])", () => {
    expect(warnings("LSTM", { hidden_size: 5 }, [7, 4])).toEqual(["batch-mixing"]);
    expect(warnings("LSTM", { hidden_size: 5, batch_first: true }, [4])).toEqual(["batch-mixing"]);
    expect(warnings("LSTM", { hidden_size: 5, batch_first: true }, [7, 4])).toEqual([]);
  });

  it("warns that dropout without a second layer does nothing, as torch does", () => {
    expect(warnings("GRU", { hidden_size: 5, batch_first: true, dropout: 0.5 }, [7, 4])).toEqual([
      "invalid-param",
    ]);
  });

  it("emits sizes positionally and indexes the tuple a sequence module returns", () => {
    const lstm = def("LSTM");
    const params = evaluateLayer(lstm, { hidden_size: 5, batch_first: true, proj_size: 2 }, [
      [7, 4],
    ]).resolved;
    const emission = lstm.toPyTorch({ nodeId: "n", params, inputs: [[7, 4]] });
    expect(emission.module).toBe("nn.LSTM(4, 5, batch_first=True, proj_size=2)");
    expect(emission.forward?.(["x"], "self.lstm")).toBe("self.lstm(x)[0]");
    expect(emit("GRUCell", { hidden_size: 3, bias: false }, [4])).toBe(
      "nn.GRUCell(4, 3, bias=False)",
    );
    expect(
      def("GRUCell").toPyTorch({ nodeId: "n", params, inputs: [[4]] }).forward,
    ).toBeUndefined();
    expect(
      def("LSTMCell")
        .toPyTorch({ nodeId: "n", params, inputs: [[4]] })
        .forward?.(["x"], "s"),
    ).toBe("s(x)[0]");
  });
});
