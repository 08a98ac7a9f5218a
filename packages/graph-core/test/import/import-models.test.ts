/**
 * `graph-core import` on hand-written models (apps/trainer/python/tests/import_models): the way
 * people write PyTorch — functional ops, nested and repeated submodules, a decoder padding to
 * its skip from x.size(), one unsupported op — plus an ONNX file, and every user error.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { TFlowNode, TModelFlow } from "../../src/graph/types";
import { SKIP_TORCH } from "../codegen/python-runner";
import { PACKAGE_ROOT, TEST_MODELS, pooled, runImport, type TImportRun } from "./import-runner";

const model = (name: string) => join(TEST_MODELS, name);
const dir = mkdtempSync(join(tmpdir(), "graph-core-import-models-"));

/** Every node of the document and its blocks, with the block it sits in. */
function allNodes(doc: TModelFlow): (TFlowNode & { in?: string })[] {
  const inner = Object.entries(doc.blocks ?? {}).flatMap(([id, b]) =>
    b.nodes.map((n) => ({ ...n, in: id })),
  );
  return [...doc.nodes, ...inner];
}

function usesOf(doc: TModelFlow, block: string): number {
  return allNodes(doc).filter((n) => n.type === "Block" && n.params.block === block).length;
}

/** A small ONNX graph built with onnx.helper: conv → BN → ReLU → pool → resize, a skip
 * Concat, a Gemm head, and one op without a layer (Erf). */
const ONNX_SCRIPT = String.raw`
import sys, numpy as np, onnx
from onnx import helper as h, numpy_helper as nh, TensorProto as T
w = lambda name, *shape: nh.from_array(np.random.rand(*shape).astype(np.float32), name)
inits = [w("cw", 4, 3, 3, 3), w("cb", 4), w("s", 4), w("b", 4), w("m", 4), w("v", 4),
         nh.from_array(np.array([1, 1, 2, 2], np.float32), "scales"), w("c2", 2, 8, 1, 1),
         w("gw", 5, 128), w("gb", 5)]
nodes = [
  h.make_node("Conv", ["x", "cw", "cb"], ["c"], name="conv", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
  h.make_node("BatchNormalization", ["c", "s", "b", "m", "v"], ["n"], name="bn", epsilon=1e-5),
  h.make_node("Relu", ["n"], ["r"], name="relu"),
  h.make_node("MaxPool", ["r"], ["p"], name="pool", kernel_shape=[2, 2], strides=[2, 2]),
  h.make_node("Resize", ["p", "", "scales"], ["u"], name="up", mode="nearest"),
  h.make_node("Concat", ["r", "u"], ["k"], name="cat", axis=1),
  h.make_node("Erf", ["k"], ["e"], name="erf"),
  h.make_node("Conv", ["e", "c2"], ["o"], name="head", kernel_shape=[1, 1]),
  h.make_node("MaxPool", ["o"], ["q"], name="pool2", kernel_shape=[2, 2], strides=[2, 2]),
  h.make_node("Flatten", ["q"], ["f"], name="flat", axis=1),
  h.make_node("Gemm", ["f", "gw", "gb"], ["y"], name="fc", transB=1),
]
graph = h.make_graph(nodes, "tiny", [h.make_tensor_value_info("x", T.FLOAT, [1, 3, 16, 16])],
                     [h.make_tensor_value_info("y", T.FLOAT, [1, 5])], inits)
onnx.save(h.make_model(graph, opset_imports=[h.make_opsetid("", 17)], ir_version=8), sys.argv[1])
`;

describe.skipIf(SKIP_TORCH)("graph-core import of hand-written models", () => {
  const runs = new Map<string, TImportRun>();
  const onnxFile = join(dir, "tiny.onnx");
  const jobs: Record<string, string[]> = {
    unet: [model("unet_pad.py"), "--class", "UNet", "--input", "3,37,37"],
    resnet: [model("resnet_tiny.py"), "--class", "TinyResNet", "--input", "3,32,32"],
    rolled: [model("with_unsupported.py"), "--class", "Rolled", "--input", "1,16,16"],
    sequence: [model("sequence.py"), "--class", "Sequence", "--input", "10,6"],
    onnx: [onnxFile],
  };

  beforeAll(async () => {
    execFileSync(process.env.PYTHON || "python3", ["-c", ONNX_SCRIPT, onnxFile]);
    const names = Object.keys(jobs);
    const results = await pooled(
      names.map((n) => () => runImport(jobs[n]!)),
      3,
    );
    names.forEach((n, k) => runs.set(n, results[k]!));
  }, 1_200_000);

  it("U-Net: Blocks for repeated and nested classes, the skip padding read from x.size()", () => {
    const { code, doc, report, stderr } = runs.get("unet")!;
    expect(stderr).toContain("equal to torch");
    expect(code).toBe(0);
    expect(report!.shapeMismatches).toEqual([]);
    expect(report!.params.graphCore).toBe(report!.params.torch);
    // DoubleConv(…, 8) is used by inc and inside up2; Down nests a DoubleConv Block.
    const blocks = doc!.blocks!;
    expect(blocks.double_conv!.label).toBe("DoubleConv");
    expect(usesOf(doc!, "double_conv")).toBe(2);
    expect(blocks.down!.nodes.map((n) => n.type)).toEqual([
      "BlockInput",
      "MaxPool2d",
      "Block",
      "BlockOutput",
    ]);
    // Up(16 → 8) meets a 37×37 skip with an 36×36 upsampling: F.pad by [0, 1, 0, 1].
    const pads = blocks.up_2!.nodes.find((n) => n.type === "ZeroPad2d")!;
    expect(pads.params).toEqual({ padding: [0, 1, 0, 1] });
    expect(blocks.up_2!.nodes.find((n) => n.type === "Concat")).toBeDefined();
    // F.relu and torch.relu are ReLU layers; BatchNorm's and Conv's arguments are exact.
    const conv = blocks.double_conv!.nodes.find((n) => n.id === "conv2")!;
    expect(conv.params).toEqual({ out_channels: 8, kernel_size: 3, padding: 1, bias: false });
    expect(blocks.double_conv!.nodes.filter((n) => n.type === "ReLU")).toHaveLength(2);
    expect(doc!.nodes.map((n) => n.type)).toEqual([
      "Input",
      "Block",
      "Block",
      "Block",
      "Block",
      "Block",
      "Conv2d",
    ]);
  });

  it("ResNet: a residual Block with out += shortcut, view(x.size(0), -1) as Flatten", () => {
    const { code, doc, report } = runs.get("resnet")!;
    expect(code).toBe(0);
    expect(report!.shapeMismatches).toEqual([]);
    expect(report!.params.graphCore).toBe(report!.params.torch);
    expect(report!.unsupported).toEqual([]);
    const block = doc!.blocks!.basic_block!;
    expect(block.nodes.filter((n) => n.type === "Add")).toHaveLength(1);
    // The identity shortcut (an empty Sequential) feeds the Add straight from the block input.
    expect(block.edges).toContainEqual({ source: "in", target: "add", port: 1 });
    // BasicBlock(16, 16) twice shares one block; (16, 32, stride 2) and (32, 32) differ.
    expect(usesOf(doc!, "basic_block")).toBe(2);
    expect(Object.keys(doc!.blocks!)).toEqual(["basic_block", "basic_block_2", "basic_block_3"]);
    expect(doc!.nodes.find((n) => n.type === "Flatten")).toBeDefined();
    expect(doc!.nodes.find((n) => n.type === "Dropout")!.params).toEqual({ p: 0.25 });
  });

  it("sequence layers: LSTM/GRU outputs, a TransformerEncoder stack, RMSNorm, Bilinear", () => {
    const { code, doc, report } = runs.get("sequence")!;
    expect(code).toBe(0);
    expect(report!.shapeMismatches).toEqual([]);
    expect(report!.params.graphCore).toBe(report!.params.torch);
    const byId = new Map(doc!.nodes.map((n) => [n.id, n]));
    expect(byId.get("lstm")!.params).toEqual({ hidden_size: 16, num_layers: 2, batch_first: true });
    expect(byId.get("gru")!.params).toEqual({
      hidden_size: 8,
      batch_first: true,
      bidirectional: true,
    });
    expect(byId.get("encoder")!.params).toEqual({
      nhead: 4,
      dim_feedforward: 32,
      batch_first: true,
      num_layers: 2,
      enable_nested_tensor: false,
    });
    expect(byId.get("pad")!.params).toEqual({ padding: [1, 2], value: 0.5 });
    expect(doc!.edges.filter((e) => e.target === "head")).toEqual([
      { source: "encoder", target: "head", port: 0 },
      { source: "pad", target: "head", port: 1 },
    ]);
  });

  it("an unsupported op is kept with its traced shape and source line; codegen refuses it", () => {
    const { code, doc, report } = runs.get("rolled")!;
    expect(code).toBe(0);
    const source = `${model("with_unsupported.py")}:16`;
    expect(report!.unsupported).toEqual([{ node: "roll", op: "torch.roll", source }]);
    const roll = doc!.nodes.find((n) => n.id === "roll")!;
    expect(roll).toMatchObject({ type: "UnsupportedOp", params: { shape: [4, 16, 16] } });
    expect(report!.shapeMismatches).toEqual([]);
    expect(report!.params).toMatchObject({ graphCore: 50, torch: 50 });
    const file = join(dir, "rolled.json");
    writeFileSync(file, JSON.stringify(doc));
    const bin = join(PACKAGE_ROOT, "bin", "graph-core.mjs");
    const gen = spawnSync(process.execPath, [bin, "codegen", file], { encoding: "utf8" });
    expect(gen.status).toBe(1);
    expect(gen.stderr).toContain(`torch.roll (${source})`);
  });

  it("ONNX: the same mapping, the unmapped op kept, shapes and weights proven", () => {
    const { code, doc, report, stderr } = runs.get("onnx")!;
    expect(stderr).toContain("equal to the ONNX file");
    expect(code).toBe(0);
    expect(report!.shapeMismatches).toEqual([]);
    // conv 4·27 + 4, BN affine 8 (running stats are buffers), head 2·8, fc 5·128 + 5; the
    // Resize scales are a setting, not a weight.
    expect(report!.params).toEqual({ graphCore: 781, torch: 781, from: "the ONNX file" });
    const types = doc!.nodes.map((n) => n.type);
    expect(types).toEqual([
      "Input",
      "Conv2d",
      "BatchNorm2d",
      "ReLU",
      "MaxPool2d",
      "Upsample",
      "Concat",
      "UnsupportedOp",
      "Conv2d",
      "MaxPool2d",
      "Flatten",
      "Linear",
    ]);
    expect(doc!.nodes[5]!.params).toEqual({ scale_factor: 2 });
    expect(doc!.nodes[8]!.params).toEqual({ out_channels: 2, kernel_size: 1, bias: false });
    expect(report!.unsupported).toEqual([
      { node: "erf", op: "onnx::Erf", source: "tiny.onnx node erf" },
    ]);
  });
});

describe.skipIf(SKIP_TORCH)("graph-core import errors: one line on stderr, exit code 2", () => {
  const cases: [string, string[], RegExp][] = [
    [
      "a file that is not Python",
      [model("not_python.py"), "--class", "Oops", "--input", "3"],
      /not_python\.py:1: SyntaxError/,
    ],
    [
      "a file that does not exist",
      [model("nope.py"), "--class", "X", "--input", "3"],
      /cannot read .*nope\.py/,
    ],
    [
      "a missing class",
      [model("unet_pad.py"), "--class", "Nope", "--input", "3,8,8"],
      /has no class Nope \(nn\.Module classes there: Broken, DoubleConv, Down, UNet, Up\)/,
    ],
    [
      "wrong constructor arguments",
      [model("unet_pad.py"), "--class", "UNet", "--args", '{"n_class": 1}', "--input", "3,8,8"],
      /UNet\(n_class=1\) failed: TypeError: .*unexpected keyword argument 'n_class'/,
    ],
    [
      "arguments that are not JSON",
      [model("unet_pad.py"), "--class", "UNet", "--args", "{n: 1}", "--input", "3,8,8"],
      /--args is not JSON/,
    ],
    [
      "an input shape the model rejects",
      [model("unet_pad.py"), "--class", "UNet", "--input", "1,37,37"],
      /UNet rejects an input of shape \[1, 37, 37\]: RuntimeError: /,
    ],
  ];
  const runs: TImportRun[] = [];

  beforeAll(async () => {
    runs.push(
      ...(await pooled(
        cases.map(
          ([, args]) =>
            () =>
              runImport(args),
        ),
        3,
      )),
    );
  }, 1_200_000);

  it.each(cases.map(([name, , pattern], k) => [name, pattern, k] as const))(
    "%s",
    (_name, pattern, k) => {
      const run = runs[k]!;
      expect(run.code).toBe(2);
      const lines = run.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^graph-core: import /);
      expect(lines[0]).toMatch(pattern);
      expect(run.doc).toBeUndefined();
    },
  );
});
