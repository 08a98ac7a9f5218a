import { describe, expect, it } from "vitest";
import { evaluateLayer } from "../analysis/evaluate-layer";
import { familyKit, runTorchTable, type TTorchCase } from "../analysis/layer-table.test-kit";
import { ACTIVATION_LAYERS } from "./activation";

// Generated with torch 2.13: module(**params) on randn(N, *input), N a prime absent from input so
// torch cannot read the batch as channels. `code`: the refusal graph-core must give.
const CASES: TTorchCase[] = [
  { type: "ReLU", params: {}, input: [3, 8, 8], torch: { shape: [3, 8, 8], params: 0 } },
  { type: "ReLU6", params: {}, input: [5], torch: { shape: [5], params: 0 } },
  {
    type: "LeakyReLU",
    params: { negative_slope: 0.2 },
    input: [4, 6],
    torch: { shape: [4, 6], params: 0 },
  },
  { type: "PReLU", params: {}, input: [16, 4, 4], torch: { shape: [16, 4, 4], params: 1 } },
  {
    type: "PReLU",
    params: { num_parameters: 16 },
    input: [16, 4, 4],
    torch: { shape: [16, 4, 4], params: 16 },
  },
  {
    type: "PReLU",
    params: { num_parameters: 8 },
    input: [16, 4, 4],
    code: "invalid-param",
    torch: {
      error:
        "RuntimeError: Mismatch of parameter numbers and input channel size. Found parameter numbers = 8 and channel size = 16.",
    },
  },
  { type: "PReLU", params: { num_parameters: 6 }, input: [6], torch: { shape: [6], params: 6 } },
  {
    type: "PReLU",
    params: { num_parameters: 2 },
    input: [6],
    code: "invalid-param",
    torch: {
      error:
        "RuntimeError: Mismatch of parameter numbers and input channel size. Found parameter numbers = 2 and channel size = 6.",
    },
  },
  { type: "ELU", params: { alpha: 0.5 }, input: [4], torch: { shape: [4], params: 0 } },
  { type: "SELU", params: {}, input: [2, 3], torch: { shape: [2, 3], params: 0 } },
  { type: "CELU", params: { alpha: 2.0 }, input: [4], torch: { shape: [4], params: 0 } },
  {
    type: "CELU",
    params: { alpha: 0.0 },
    input: [4],
    code: "invalid-param",
    torch: { error: "RuntimeError: ZeroDivisionError: alpha cannot be 0 for CELU" },
  },
  { type: "GELU", params: {}, input: [10, 16], torch: { shape: [10, 16], params: 0 } },
  {
    type: "GELU",
    params: { approximate: "tanh" },
    input: [10, 16],
    torch: { shape: [10, 16], params: 0 },
  },
  {
    type: "GELU",
    params: { approximate: "erf" },
    input: [10, 16],
    code: "invalid-param",
    torch: { error: "RuntimeError: approximate argument must be either none or tanh." },
  },
  { type: "SiLU", params: {}, input: [8, 4, 4], torch: { shape: [8, 4, 4], params: 0 } },
  { type: "Mish", params: {}, input: [8], torch: { shape: [8], params: 0 } },
  { type: "Sigmoid", params: {}, input: [1], torch: { shape: [1], params: 0 } },
  { type: "Tanh", params: {}, input: [2, 2, 2, 2], torch: { shape: [2, 2, 2, 2], params: 0 } },
  { type: "Hardswish", params: {}, input: [4, 4], torch: { shape: [4, 4], params: 0 } },
  { type: "Hardsigmoid", params: {}, input: [4], torch: { shape: [4], params: 0 } },
  {
    type: "Hardtanh",
    params: { min_val: -2.0, max_val: 2.0 },
    input: [4],
    torch: { shape: [4], params: 0 },
  },
  {
    type: "Hardtanh",
    params: { min_val: 1.0, max_val: 1.0 },
    input: [4],
    code: "invalid-param",
    torch: { error: "AssertionError: max_val (1.0) must be greater than min_val (1.0)" },
  },
  {
    type: "Hardtanh",
    params: { min_val: 2.0 },
    input: [4],
    code: "invalid-param",
    torch: { error: "AssertionError: max_val (1.0) must be greater than min_val (2.0)" },
  },
  {
    type: "Softplus",
    params: { beta: 2.0, threshold: 10.0 },
    input: [4],
    torch: { shape: [4], params: 0 },
  },
  { type: "Softsign", params: {}, input: [4], torch: { shape: [4], params: 0 } },
  { type: "Tanhshrink", params: {}, input: [4], torch: { shape: [4], params: 0 } },
  { type: "LogSigmoid", params: {}, input: [4], torch: { shape: [4], params: 0 } },
  { type: "Softshrink", params: { lambd: 0.0 }, input: [4], torch: { shape: [4], params: 0 } },
  {
    type: "Softshrink",
    params: { lambd: -0.5 },
    input: [4],
    code: "invalid-param",
    torch: {
      error:
        "RuntimeError: lambda must be in range [0, 3.40282e+38] for input dtype Float, but found -0.5",
    },
  },
  { type: "Hardshrink", params: { lambd: -0.5 }, input: [4], torch: { shape: [4], params: 0 } },
  {
    type: "Threshold",
    params: { threshold: 0.1, value: 20.0 },
    input: [4],
    torch: { shape: [4], params: 0 },
  },
  {
    type: "Threshold",
    params: { value: 1.0 },
    input: [4],
    code: "invalid-param",
    torch: {
      error: "TypeError: Threshold.__init__() missing 1 required positional argument: 'threshold'",
    },
  },
  { type: "RReLU", params: {}, input: [4], torch: { shape: [4], params: 0 } },
  {
    type: "RReLU",
    params: { lower: 0.2, upper: 0.2 },
    input: [4],
    torch: { shape: [4], params: 0 },
  },
  {
    type: "RReLU",
    params: { lower: 0.5, upper: 0.1 },
    input: [4],
    code: "invalid-param",
    torch: { error: "RuntimeError: Lower bound should be less than or equal to the upper bound" },
  },
  { type: "Softmax", params: { dim: 1 }, input: [10], torch: { shape: [10], params: 0 } },
  { type: "Softmax", params: { dim: -1 }, input: [3, 5], torch: { shape: [3, 5], params: 0 } },
  { type: "Softmax", params: { dim: 2 }, input: [3, 5], torch: { shape: [3, 5], params: 0 } },
  {
    type: "Softmax",
    params: { dim: 3 },
    input: [3, 5],
    code: "invalid-param",
    torch: {
      error: "IndexError: Dimension out of range (expected to be in range of [-3, 2], but got 3)",
    },
  },
  {
    type: "Softmax",
    params: { dim: -4 },
    input: [3, 5],
    code: "invalid-param",
    torch: {
      error: "IndexError: Dimension out of range (expected to be in range of [-3, 2], but got -4)",
    },
  },
  { type: "Softmax", params: { dim: -3 }, input: [3, 5], torch: { shape: [3, 5], params: 0 } },
  { type: "Softmax", params: { dim: 0 }, input: [3, 5], torch: { shape: [3, 5], params: 0 } },
  { type: "Softmax", params: {}, input: [3, 5], torch: { shape: [3, 5], params: 0 } },
  { type: "LogSoftmax", params: { dim: 1 }, input: [10], torch: { shape: [10], params: 0 } },
  {
    type: "LogSoftmax",
    params: { dim: 2 },
    input: [10],
    code: "invalid-param",
    torch: {
      error: "IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 2)",
    },
  },
  { type: "Softmin", params: { dim: -1 }, input: [2, 7], torch: { shape: [2, 7], params: 0 } },
  { type: "Softmax2d", params: {}, input: [3, 4, 4], torch: { shape: [3, 4, 4], params: 0 } },
  { type: "Softmax2d", params: {}, input: [4, 4], torch: { shape: [4, 4], params: 0 } },
  {
    type: "Softmax2d",
    params: {},
    input: [4],
    code: "rank-mismatch",
    torch: { error: "ValueError: Softmax2d: expected input to be 3D or 4D, got 2D instead" },
  },
  {
    type: "Softmax2d",
    params: {},
    input: [2, 3, 4, 4],
    code: "rank-mismatch",
    torch: { error: "ValueError: Softmax2d: expected input to be 3D or 4D, got 5D instead" },
  },
  { type: "GLU", params: {}, input: [3, 8], torch: { shape: [3, 4], params: 0 } },
  { type: "GLU", params: { dim: 1 }, input: [6, 5], torch: { shape: [3, 5], params: 0 } },
  {
    type: "GLU",
    params: { dim: -1 },
    input: [6, 5],
    code: "invalid-param",
    torch: { error: "RuntimeError: Halving dimension must be even, but dimension 2 is size 5" },
  },
  {
    type: "GLU",
    params: { dim: 3 },
    input: [6, 5],
    code: "invalid-param",
    torch: {
      error: "IndexError: Dimension out of range (expected to be in range of [-3, 2], but got 3)",
    },
  },
];

const { def, emit } = familyKit(ACTIVATION_LAYERS);

describe("activation family vs torch", () => runTorchTable(ACTIVATION_LAYERS, CASES));

describe("activation details", () => {
  it("offers at least the 14 activations users reach for", () => {
    const types = ACTIVATION_LAYERS.map((d) => d.type);
    for (const t of [
      "ReLU",
      "LeakyReLU",
      "PReLU",
      "ELU",
      "SELU",
      "GELU",
      "SiLU",
      "Mish",
      "Sigmoid",
      "Tanh",
      "Hardswish",
      "Softmax",
      "LogSoftmax",
      "Softmax2d",
    ]) {
      expect(types).toContain(t);
    }
    expect(
      ACTIVATION_LAYERS.every((d) => d.family === "activation" && d.orderRole === "activation"),
    ).toBe(true);
    // Analysis treats an undeclared dtype rule leniently, so every activation states its own.
    expect(ACTIVATION_LAYERS.filter((d) => d.dtype === undefined).map((d) => d.type)).toEqual([]);
  });

  it("warns when Softmax has no dim or normalises across the batch", () => {
    const implicit = evaluateLayer(def("Softmax"), {}, [[10]]);
    expect(implicit.shape).toEqual([10]);
    expect(implicit.diagnostics.map((d) => [d.severity, d.code])).toEqual([
      ["warning", "invalid-param"],
    ]);
    const batch = evaluateLayer(def("LogSoftmax"), { dim: 0 }, [[10]]);
    expect(batch.diagnostics[0]?.message).toMatch(/batch/);
    expect(evaluateLayer(def("Softmax"), { dim: 1 }, [[10]]).diagnostics).toEqual([]);
  });

  it("warns that Softmax2d on [H, W] normalises across the batch", () => {
    const r = evaluateLayer(def("Softmax2d"), {}, [[4, 4]]);
    expect(r.shape).toEqual([4, 4]);
    expect(r.diagnostics.map((d) => d.severity)).toEqual(["warning"]);
    expect(evaluateLayer(def("Softmax2d"), {}, [[3, 4, 4]]).diagnostics).toEqual([]);
  });

  it("explains an out-of-range dim with the range torch accepts", () => {
    const r = evaluateLayer(def("Softmax"), { dim: 3 }, [[3, 5]]);
    expect(r.diagnostics[0]?.message).toContain("-3…2");
  });

  it("emits only non-default arguments", () => {
    expect(emit("ReLU", {}, [4])).toBe("nn.ReLU()");
    expect(emit("LeakyReLU", { negative_slope: 0.2 }, [4])).toBe(
      "nn.LeakyReLU(negative_slope=0.2)",
    );
    expect(emit("LeakyReLU", { negative_slope: 0.01 }, [4])).toBe("nn.LeakyReLU()");
    expect(emit("GELU", { approximate: "tanh" }, [4])).toBe("nn.GELU(approximate='tanh')");
    expect(emit("Softmax", { dim: -1 }, [4])).toBe("nn.Softmax(dim=-1)");
    expect(emit("Softmax", {}, [4])).toBe("nn.Softmax()");
    expect(emit("PReLU", { num_parameters: 16 }, [16, 4, 4])).toBe("nn.PReLU(num_parameters=16)");
    expect(emit("ELU", { alpha: 2 }, [4])).toBe("nn.ELU(alpha=2.0)");
    expect(emit("RReLU", {}, [4])).toBe("nn.RReLU()");
    expect(emit("Threshold", { threshold: 0.1, value: 20 }, [4])).toBe(
      "nn.Threshold(threshold=0.1, value=20.0)",
    );
  });

  it("counts PReLU slopes as parameters and no MACs", () => {
    const r = evaluateLayer(def("PReLU"), { num_parameters: 16 }, [[16, 4, 4]]);
    expect(r.params).toBe(16);
    expect(r.macs).toBe(0);
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
