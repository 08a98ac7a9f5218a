import { describe, expect, it } from "vitest";
import type { TBlocks, TFlowEdge, TFlowNode, TModelFlow } from "../graph/types";
import { analyze } from "./analyze";

function doc(
  nodes: [string, string, Record<string, unknown>?][],
  edges: [string, string, number?][],
  extra: Partial<TModelFlow> = {},
): TModelFlow {
  return {
    format: "layerwise.model-flow",
    version: 1,
    name: "t",
    nodes: nodes.map(([id, type, params]) => ({
      id,
      type,
      params: (params ?? {}) as TFlowNode["params"],
    })),
    edges: edges.map(([source, target, port]): TFlowEdge =>
      port === undefined ? { source, target } : { source, target, port },
    ),
    ...extra,
  };
}

const codes = (a: ReturnType<typeof analyze>, id: string) =>
  a.nodes.get(id)!.diagnostics.map((d) => d.code);

describe("analyze: a small U-Net", () => {
  const unet = doc(
    [
      ["in", "Input", { shape: [3, 64, 64] }],
      ["c1", "Conv2d", { out_channels: 16, kernel_size: 3, padding: 1, bias: false }],
      ["bn", "BatchNorm2d"],
      ["r", "ReLU"],
      ["p", "MaxPool2d", { kernel_size: 2 }],
      ["c2", "Conv2d", { out_channels: 32, kernel_size: 3, padding: 1 }],
      ["up", "ConvTranspose2d", { out_channels: 16, kernel_size: 2, stride: 2 }],
      ["cat", "Concat", { dim: 1 }],
      ["head", "Conv2d", { out_channels: 1, kernel_size: 1 }],
      ["out", "Output", { task: "binary-segmentation" }],
    ],
    [
      ["in", "c1"],
      ["c1", "bn"],
      ["bn", "r"],
      ["r", "p"],
      ["p", "c2"],
      ["c2", "up"],
      ["up", "cat", 1],
      ["r", "cat", 0],
      ["cat", "head"],
      ["head", "out"],
    ],
  );
  const a = analyze(unet);

  it("infers every shape without the batch dim", () => {
    expect(a.nodes.get("p")!.shape).toEqual([16, 32, 32]);
    expect(a.nodes.get("up")!.shape).toEqual([16, 64, 64]);
    expect(a.nodes.get("cat")!.shape).toEqual([32, 64, 64]);
    expect(a.nodes.get("out")!.shape).toEqual([1, 64, 64]);
  });

  it("counts parameters exactly (values from torch) and totals them", () => {
    // Conv2d(3,16,3,bias=False)=432, BatchNorm2d(16)=32, Conv2d(16,32,3)=4640,
    // ConvTranspose2d(32,16,2,stride=2)=2064, Conv2d(32,1,1)=33
    expect(a.nodes.get("c1")!.params).toBe(432);
    expect(a.totalParams).toBe(432 + 32 + 4640 + 2064 + 33);
    expect(a.nodes.get("c1")!.activationBytes).toBe(16 * 64 * 64 * 4);
    expect(a.totalMacs).toBeGreaterThan(0);
  });

  it("has no diagnostics and a deterministic order", () => {
    expect(a.errorCount + a.warningCount).toBe(0);
    expect(a.order).toEqual(["in", "c1", "bn", "r", "p", "c2", "up", "cat", "head", "out"]);
    expect([...a.nodes.keys()]).toEqual(unet.nodes.map((n) => n.id));
  });
});

describe("analyze: graph diagnostics", () => {
  it("reports missing and extra inputs, unknown types, unreachable nodes", () => {
    const a = analyze(
      doc(
        [
          ["in", "Input", { shape: [3, 8, 8] }],
          ["lonely", "Conv2d", { out_channels: 4, kernel_size: 3 }],
          ["after", "ReLU"],
          ["two", "ReLU"],
          ["cat", "Concat"],
          ["weird", "Conv2D"],
          ["out", "Output"],
        ],
        [
          ["lonely", "after"],
          ["in", "two"],
          ["lonely", "two"],
          ["in", "cat"],
          ["in", "weird"],
        ],
      ),
    );
    expect(codes(a, "lonely")).toEqual(["missing-input"]);
    expect(a.nodes.get("after")!.shape).toBeNull();
    expect(codes(a, "after")).toEqual(["unreachable"]);
    expect(codes(a, "two")).toEqual(["too-many-inputs"]);
    expect(codes(a, "cat")).toEqual(["missing-input"]);
    expect(a.nodes.get("cat")!.diagnostics[0]!.message).toMatch(/at least 2 inputs/);
    expect(codes(a, "weird")).toEqual(["unknown-type"]);
    expect(a.nodes.get("weird")!.diagnostics[0]!.hint).toMatch(/Conv2d/);
    expect(codes(a, "out")).toEqual(["missing-input"]);
  });

  it("flags cycles and leaves what follows unknown", () => {
    const a = analyze(
      doc(
        [
          ["in", "Input", { shape: [4] }],
          ["add", "Add"],
          ["r", "ReLU"],
          ["after", "ReLU"],
          ["out", "Output", { task: "classification" }],
        ],
        [
          ["in", "add", 0],
          ["r", "add", 1],
          ["add", "r"],
          ["r", "after"],
          ["after", "out"],
        ],
      ),
    );
    expect(codes(a, "add")).toEqual(["cycle"]);
    expect(codes(a, "r")).toEqual(["cycle"]);
    expect(a.nodes.get("after")!.shape).toBeNull();
    expect(codes(a, "after")).toEqual([]);
    expect(a.order.slice(0, 1)).toEqual(["in"]);
    expect(a.order.slice(1)).toEqual(["add", "r", "after", "out"]);
  });

  it("warns about a missing Output and dangling edges but still infers shapes", () => {
    const a = analyze(
      doc(
        [
          ["in", "Input", { shape: [3, 8, 8] }],
          ["r", "ReLU"],
        ],
        [
          ["in", "r"],
          ["ghost", "r"],
        ],
      ),
    );
    expect(a.nodes.get("r")!.shape).toEqual([3, 8, 8]);
    expect(a.diagnostics.map((d) => d.code)).toEqual(["dangling-edge", "no-output"]);
    expect(a.diagnostics[0]!.message).toMatch(/"ghost"/);
    expect(a.warningCount).toBe(2);
    expect(a.errorCount).toBe(0);
  });

  it("reports duplicate ids and keeps the first", () => {
    const a = analyze(
      doc(
        [
          ["in", "Input", { shape: [3] }],
          ["in", "ReLU"],
          ["out", "Output", { task: "classification" }],
        ],
        [["in", "out"]],
      ),
    );
    expect(a.diagnostics.map((d) => d.code)).toContain("duplicate-id");
    expect(a.nodes.get("in")!.shape).toEqual([3]);
  });

  it("never makes up a shape downstream of an error", () => {
    const a = analyze(
      doc(
        [
          ["in", "Input", { shape: [3, 8, 8] }],
          ["c", "Conv2d", { out_channels: 4, kernel_size: 9 }],
          ["r", "ReLU"],
          ["out", "Output"],
        ],
        [
          ["in", "c"],
          ["c", "r"],
          ["r", "out"],
        ],
      ),
    );
    expect(codes(a, "c")).toEqual(["empty-output"]);
    expect(a.nodes.get("r")).toMatchObject({ shape: null, params: 0, diagnostics: [] });
    expect(a.nodes.get("out")!.shape).toBeNull();
    expect(a.errorCount).toBe(1);
  });
});

describe("analyze: senior warnings", () => {
  it("layer-order, bias-before-norm and double-activation", () => {
    const a = analyze(
      doc(
        [
          ["in", "Input", { shape: [3, 8, 8] }],
          ["c", "Conv2d", { out_channels: 4, kernel_size: 3, padding: 1 }],
          ["r", "ReLU"],
          ["bn", "BatchNorm2d"],
          ["c2", "Conv2d", { out_channels: 1, kernel_size: 1 }],
          ["bn2", "BatchNorm2d"],
          ["s", "Sigmoid"],
          ["out", "Output", { task: "binary-segmentation" }],
        ],
        [
          ["in", "c"],
          ["c", "r"],
          ["r", "bn"],
          ["bn", "c2"],
          ["c2", "bn2"],
          ["bn2", "s"],
          ["s", "out"],
        ],
      ),
    );
    expect(codes(a, "bn")).toEqual(["layer-order"]);
    expect(codes(a, "c")).toEqual([]);
    expect(codes(a, "c2")).toEqual(["bias-before-norm"]);
    expect(codes(a, "out")).toEqual(["double-activation"]);
    expect(a.nodes.get("out")!.diagnostics[0]!.message).toMatch(
      /BCEWithLogitsLoss applies a sigmoid itself/,
    );
  });

  it("no double-activation when the loss expects probabilities", () => {
    const a = analyze(
      doc(
        [
          ["in", "Input", { shape: [1, 8, 8] }],
          ["s", "Sigmoid"],
          ["out", "Output", { task: "binary-segmentation", loss: "BCELoss" }],
        ],
        [
          ["in", "s"],
          ["s", "out"],
        ],
      ),
    );
    expect(codes(a, "out")).toEqual([]);
  });

  it("explains sizes that cannot meet in a U-Net on 100×100", () => {
    const a = analyze(
      doc(
        [
          ["in", "Input", { shape: [3, 100, 100] }],
          ["p1", "MaxPool2d", { kernel_size: 2 }],
          ["p2", "MaxPool2d", { kernel_size: 2 }],
          ["p3", "MaxPool2d", { kernel_size: 2 }],
          ["u", "Upsample", { scale_factor: 2 }],
          ["cat", "Concat"],
          ["out", "Output"],
        ],
        [
          ["in", "p1"],
          ["p1", "p2"],
          ["p2", "p3"],
          ["p3", "u"],
          ["p2", "cat", 0],
          ["u", "cat", 1],
          ["cat", "out"],
        ],
      ),
    );
    expect(codes(a, "p3")).toEqual(["odd-pool-drop"]);
    expect(codes(a, "cat")).toEqual(["shape-mismatch", "size-cannot-meet"]);
    const meet = a.nodes.get("cat")!.diagnostics[1]!;
    expect(meet.hint).toMatch(/divisible by 8 \(e.g. 96×96 or 104×104\)/);
  });

  it("checks the task at the Output", () => {
    const a = analyze(
      doc(
        [
          ["in", "Input", { shape: [3, 32, 32] }],
          ["c", "Conv2d", { out_channels: 2, kernel_size: 1 }],
          ["out", "Output", { task: "binary-segmentation" }],
        ],
        [
          ["in", "c"],
          ["c", "out"],
        ],
      ),
    );
    expect(codes(a, "out")).toEqual(["task-mismatch"]);
  });
});

describe("analyze: blocks", () => {
  const blocks: TBlocks = {
    double: {
      label: "DoubleConv",
      nodes: [
        { id: "i", type: "BlockInput", params: {} },
        { id: "a", type: "Conv2d", params: { out_channels: 8, kernel_size: 3, padding: 1 } },
        { id: "b", type: "Conv2d", params: { out_channels: 8, kernel_size: 3, padding: 1 } },
        { id: "o", type: "BlockOutput", params: {} },
      ],
      edges: [
        { source: "i", target: "a" },
        { source: "a", target: "b" },
        { source: "b", target: "o" },
      ],
    },
  };

  it("sees through a block: shape and params of the inner graph", () => {
    const a = analyze(
      doc(
        [
          ["in", "Input", { shape: [3, 16, 16] }],
          ["d1", "Block", { block: "double" }],
          ["d2", "Block", { block: "double" }],
          ["out", "Output", { task: "multiclass-segmentation", num_classes: 8 }],
        ],
        [
          ["in", "d1"],
          ["d1", "d2"],
          ["d2", "out"],
        ],
        { blocks },
      ),
    );
    expect(a.nodes.get("d1")!.shape).toEqual([8, 16, 16]);
    // Conv2d(3,8,3)=224 + Conv2d(8,8,3)=584; second use: 584 + 584
    expect(a.nodes.get("d1")!.params).toBe(224 + 584);
    expect(a.nodes.get("d2")!.params).toBe(584 + 584);
    expect(a.errorCount).toBe(0);
  });

  it("surfaces inner errors on the Block node and refuses unknown or recursive blocks", () => {
    const a = analyze(
      doc(
        [
          ["in", "Input", { shape: [3, 2, 2] }],
          ["d", "Block", { block: "double" }],
          ["x", "Block", { block: "nope" }],
          ["out", "Output"],
        ],
        [
          ["in", "d"],
          ["in", "x"],
          ["d", "out"],
        ],
        {
          blocks: {
            ...blocks,
            double: {
              ...blocks.double!,
              nodes: blocks.double!.nodes.map((n) =>
                n.id === "a" ? { ...n, params: { out_channels: 8, kernel_size: 5 } } : n,
              ),
            },
          },
        },
      ),
    );
    expect(a.nodes.get("d")!.shape).toBeNull();
    expect(a.nodes.get("d")!.diagnostics[0]).toMatchObject({ code: "empty-output", node: "d" });
    expect(a.nodes.get("d")!.diagnostics[0]!.message).toMatch(/^in block "DoubleConv" at "a": /);
    expect(a.nodes.get("x")!.diagnostics[0]!.message).toMatch(/"nope" is not defined/);
    const rec = analyze(
      doc(
        [
          ["in", "Input", { shape: [3] }],
          ["b", "Block", { block: "loop" }],
        ],
        [["in", "b"]],
        {
          blocks: {
            loop: {
              label: "Loop",
              nodes: [
                { id: "i", type: "BlockInput", params: {} },
                { id: "self", type: "Block", params: { block: "loop" } },
                { id: "o", type: "BlockOutput", params: {} },
              ],
              edges: [
                { source: "i", target: "self" },
                { source: "self", target: "o" },
              ],
            },
          },
        },
      ),
    );
    expect(rec.nodes.get("b")!.diagnostics.map((d) => d.code)).toContain("cycle");
  });
});

describe("analyze: dtypes", () => {
  it("tracks long index tensors and refuses them where torch does", () => {
    const a = analyze(
      doc(
        [
          ["ids", "Input", { shape: [4, 8, 8], dtype: "long" }],
          ["pad", "ZeroPad2d", { padding: 1 }],
          ["pool", "MaxPool2d", { kernel_size: 2 }],
          ["conv", "Conv2d", { out_channels: 4, kernel_size: 1 }],
          ["x", "Input", { shape: [4, 5, 5] }],
          ["add", "Add"],
          ["out", "Output"],
        ],
        [
          ["ids", "pad"],
          ["pad", "pool"],
          ["pool", "conv"],
          ["pool", "add", 0],
          ["x", "add", 1],
          ["add", "out"],
        ],
      ),
    );
    expect(a.nodes.get("ids")!.dtype).toBe("long");
    expect(a.nodes.get("ids")!.activationBytes).toBe(4 * 8 * 8 * 8);
    expect(a.nodes.get("pool")!.dtype).toBe("long");
    expect(codes(a, "conv")).toEqual(["dtype-mismatch"]);
    expect(a.nodes.get("conv")!.diagnostics[0]!.hint).toMatch(/Embedding/);
    // long + float promotes to float
    expect(a.nodes.get("add")!.shape).toEqual([4, 5, 5]);
    expect(a.nodes.get("add")!.dtype).toBeUndefined();
  });
});
