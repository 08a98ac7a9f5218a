import { describe, expect, it } from "vitest";
import { evaluateLayer } from "../analysis/evaluate-layer";
import { familyKit, runTorchTable, type TTorchCase } from "../analysis/layer-table.test-kit";
import { RESHAPE_LAYERS } from "./reshape";

// Generated with torch 2.13: module(**params) on randn(N, *input), N a prime absent from input so
// torch cannot read the batch as channels. `code`: the refusal graph-core must give.
const CASES: TTorchCase[] = [
  // Transpose (x.transpose(dim0, dim1) in torch 2.13; dims count the batch).
  { type: "Transpose", params: {}, input: [128, 64], torch: { shape: [64, 128], params: 0 } },
  {
    type: "Transpose",
    params: { dim0: -1, dim1: -2 },
    input: [3, 4, 5],
    torch: { shape: [3, 5, 4], params: 0 },
  },
  {
    type: "Transpose",
    params: { dim0: 1, dim1: 3 },
    input: [2, 3, 4],
    torch: { shape: [4, 3, 2], params: 0 },
  },
  {
    type: "Transpose",
    params: { dim0: 2, dim1: 2 },
    input: [3, 4],
    torch: { shape: [3, 4], params: 0 },
  },
  {
    type: "Transpose",
    params: { dim0: 0, dim1: 1 },
    input: [3, 4],
    code: "invalid-param",
    // Runs, but the batch lands in dim 1: [N, 3, 4] -> [3, N, 4] has no per-sample shape.
    torch: { error: "batch moved: [2, 3, 4] -> [3, 2, 4]" },
  },
  {
    type: "Transpose",
    params: { dim0: 3, dim1: 1 },
    input: [3, 4],
    code: "invalid-param",
    torch: {
      error: "IndexError: Dimension out of range (expected to be in range of [-3, 2], but got 3)",
    },
  },
  { type: "Flatten", params: {}, input: [3, 4, 5], torch: { shape: [60], params: 0 } },
  { type: "Flatten", params: {}, input: [7], torch: { shape: [7], params: 0 } },
  {
    type: "Flatten",
    params: { start_dim: 2 },
    input: [3, 4, 5],
    torch: { shape: [3, 20], params: 0 },
  },
  {
    type: "Flatten",
    params: { start_dim: 1, end_dim: 2 },
    input: [3, 4, 5],
    torch: { shape: [12, 5], params: 0 },
  },
  {
    type: "Flatten",
    params: { start_dim: -2 },
    input: [3, 4, 5],
    torch: { shape: [3, 20], params: 0 },
  },
  {
    type: "Flatten",
    params: { start_dim: -3, end_dim: -2 },
    input: [3, 4, 5],
    torch: { shape: [12, 5], params: 0 },
  },
  {
    type: "Flatten",
    params: { start_dim: 3, end_dim: 1 },
    input: [3, 4, 5],
    code: "invalid-param",
    torch: {
      error: "RuntimeError: flatten() has invalid args: start_dim cannot come after end_dim",
    },
  },
  {
    type: "Flatten",
    params: { start_dim: 4 },
    input: [3, 4, 5],
    code: "invalid-param",
    torch: {
      error: "IndexError: Dimension out of range (expected to be in range of [-4, 3], but got 4)",
    },
  },
  {
    type: "Flatten",
    params: { end_dim: -5 },
    input: [3, 4, 5],
    code: "invalid-param",
    torch: {
      error: "IndexError: Dimension out of range (expected to be in range of [-4, 3], but got -5)",
    },
  },
  {
    type: "Flatten",
    params: { start_dim: 3, end_dim: 3 },
    input: [3, 4, 5],
    torch: { shape: [3, 4, 5], params: 0 },
  },
  {
    type: "Unflatten",
    params: { dim: 1, unflattened_size: [2, 3] },
    input: [6],
    torch: { shape: [2, 3], params: 0 },
  },
  {
    type: "Unflatten",
    params: { dim: -1, unflattened_size: [4, -1] },
    input: [3, 8],
    torch: { shape: [3, 4, 2], params: 0 },
  },
  {
    type: "Unflatten",
    params: { dim: 2, unflattened_size: [8] },
    input: [3, 8],
    torch: { shape: [3, 8], params: 0 },
  },
  {
    type: "Unflatten",
    params: { dim: 1, unflattened_size: [16, 4, 4] },
    input: [256],
    torch: { shape: [16, 4, 4], params: 0 },
  },
  {
    type: "Unflatten",
    params: { dim: 1, unflattened_size: [5, -1] },
    input: [256],
    code: "invalid-param",
    torch: {
      error:
        "RuntimeError: unflatten: Provided sizes [5, -1] don't multiply up to the size of dim 1 (256) in the input tensor",
    },
  },
  {
    type: "Unflatten",
    params: { dim: 1, unflattened_size: [-1, -1] },
    input: [6],
    code: "invalid-param",
    torch: {
      error:
        "RuntimeError: unflatten got an unexpected error: only one dimension can be inferred Exception raised from infer_size_impl at /__w/pytorch/pytorch/aten/src/ATen/",
    },
  },
  {
    type: "Unflatten",
    params: { dim: 1, unflattened_size: [4, 2] },
    input: [6],
    code: "invalid-param",
    torch: {
      error:
        "RuntimeError: unflatten: Provided sizes [4, 2] don't multiply up to the size of dim 1 (6) in the input tensor",
    },
  },
  {
    type: "Unflatten",
    params: { dim: 3, unflattened_size: [2, 3] },
    input: [6, 6],
    code: "invalid-param",
    torch: {
      error: "IndexError: Dimension out of range (expected to be in range of [-3, 2], but got 3)",
    },
  },
  {
    type: "Unflatten",
    params: { dim: 1, unflattened_size: [] },
    input: [6],
    code: "invalid-param",
    torch: { error: "RuntimeError: unflatten: sizes must be non-empty" },
  },
  {
    type: "Unflatten",
    params: { dim: 1, unflattened_size: [1, 6, 1] },
    input: [6],
    torch: { shape: [1, 6, 1], params: 0 },
  },
  {
    type: "Unflatten",
    params: { dim: 1, unflattened_size: [0, -1] },
    input: [6],
    code: "invalid-param",
    torch: {
      error:
        "RuntimeError: unflatten: Provided sizes [0, -1] don't multiply up to the size of dim 1 (6) in the input tensor",
    },
  },
  { type: "Identity", params: {}, input: [3, 4], torch: { shape: [3, 4], params: 0 } },
];

const { def, emit } = familyKit(RESHAPE_LAYERS);

describe("reshape family vs torch", () => runTorchTable(RESHAPE_LAYERS, CASES));

describe("reshape details", () => {
  it("refuses to merge or split the batch dimension, which torch would silently do", () => {
    expect(
      evaluateLayer(def("Flatten"), { start_dim: 0 }, [[3, 4]]).diagnostics[0]?.message,
    ).toMatch(/batch/);
    expect(
      evaluateLayer(def("Unflatten"), { dim: 0, unflattened_size: [1, -1] }, [[3, 4]]).shape,
    ).toBeNull();
    // …unless the per-sample dims it merges with the batch are all 1 (torch: [N, 1] → [N]).
    expect(evaluateLayer(def("Flatten"), { start_dim: -2 }, [[1]]).shape).toEqual([]);
    expect(evaluateLayer(def("Flatten"), { start_dim: 0, end_dim: 1 }, [[1, 5]]).shape).toEqual([
      5,
    ]);
    expect(evaluateLayer(def("Flatten"), { start_dim: 0, end_dim: 1 }, [[2, 5]]).shape).toBeNull();
    expect(
      evaluateLayer(def("Unflatten"), { dim: 0, unflattened_size: [-1, 1] }, [[6]]).shape,
    ).toEqual([1, 6]);
    expect(
      evaluateLayer(def("Unflatten"), { dim: 0, unflattened_size: [-1] }, [[6]]).shape,
    ).toEqual([6]);
    // Flatten(0, 0) touches nothing.
    expect(evaluateLayer(def("Flatten"), { start_dim: 0, end_dim: 0 }, [[3, 4]]).shape).toEqual([
      3, 4,
    ]);
  });

  it("says which product Unflatten sizes must reach", () => {
    const r = evaluateLayer(def("Unflatten"), { dim: 1, unflattened_size: [4, 2] }, [[6]]);
    expect(r.diagnostics[0]?.message).toContain("6");
  });

  it("emits Transpose as a tensor method in forward, with the dims as given", () => {
    const e = def("Transpose").toPyTorch({
      nodeId: "n",
      params: { dim0: 1, dim1: -1 },
      inputs: [[3, 4]],
    });
    expect(e.module).toBeNull();
    expect(e.forward?.(["x"], "self")).toBe("x.transpose(1, -1)");
  });

  it("emits positional dims and a tuple of sizes", () => {
    expect(emit("Flatten", {}, [3, 4, 5])).toBe("nn.Flatten()");
    expect(emit("Flatten", { start_dim: 2 }, [3, 4, 5])).toBe("nn.Flatten(2)");
    expect(emit("Flatten", { end_dim: 2 }, [3, 4, 5])).toBe("nn.Flatten(1, 2)");
    expect(emit("Unflatten", { dim: 1, unflattened_size: [16, 4, 4] }, [256])).toBe(
      "nn.Unflatten(1, (16, 4, 4))",
    );
    expect(emit("Unflatten", { dim: 1, unflattened_size: [6] }, [6])).toBe("nn.Unflatten(1, (6,))");
    expect(emit("Identity", {}, [6])).toBe("nn.Identity()");
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
