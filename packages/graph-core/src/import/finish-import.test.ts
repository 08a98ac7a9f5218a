import { describe, expect, it } from "vitest";
import type { TModelFlow } from "../graph/types";
import { getLayerDef } from "../layers/registry";
import { analyze } from "../analysis/analyze";
import {
  describeReport,
  normalizeImport,
  verifyImport,
  withOutput,
  type TRawImport,
} from "./finish-import";

/** What the Python importer writes for a three-layer model with one module outside the catalogue. */
function raw(overrides: Partial<TRawImport> = {}): TRawImport {
  const model: TModelFlow = {
    format: "layerwise.model-flow",
    version: 1,
    name: "Net",
    nodes: [
      { id: "input", type: "Input", params: { shape: [3, 16, 16] } },
      {
        id: "conv",
        type: "Conv2d",
        params: { in_channels: 3, out_channels: 8, kernel_size: [3, 3], padding: [1, 1] },
      },
      { id: "pool", type: "MaxPool2d", params: { kernel_size: 2, stride: [2, 2], padding: 0 } },
      { id: "odd", type: "ChannelShuffle", params: { groups: 2 } },
    ],
    edges: [
      { source: "input", target: "conv" },
      { source: "conv", target: "pool" },
      { source: "pool", target: "odd" },
    ],
  };
  return {
    model,
    traced: { input: [3, 16, 16], conv: [8, 16, 16], pool: [8, 8, 8], odd: [8, 8, 8] },
    nodes: { odd: { op: "nn.ChannelShuffle", source: "net.py:9", paramCount: 0 } },
    totalParams: 224,
    ...overrides,
  };
}

describe("normalizeImport", () => {
  it("writes params as graph-core does and keeps unknown modules as UnsupportedOp", () => {
    const { doc, notes } = normalizeImport(raw(), getLayerDef);
    expect(doc.nodes.map((n) => [n.type, n.params])).toEqual([
      ["Input", { shape: [3, 16, 16] }],
      ["Conv2d", { out_channels: 8, kernel_size: 3, padding: 1 }],
      ["MaxPool2d", { kernel_size: 2 }],
      ["UnsupportedOp", { op: "nn.ChannelShuffle", shape: [8, 8, 8], source: "net.py:9" }],
    ]);
    expect(notes).toEqual([]);
  });

  it("notes an argument graph-core has no param for", () => {
    const r = raw();
    r.model.nodes[1]!.params.frobnicate = true;
    const { notes } = normalizeImport(r, getLayerDef);
    expect(notes).toEqual([
      "conv: Conv2d argument frobnicate=true has no graph-core param; dropped",
    ]);
  });
});

describe("verifyImport", () => {
  it("proves shapes and params, or says exactly where they differ", () => {
    const good = raw();
    const { doc } = normalizeImport(good, getLayerDef);
    const report = verifyImport(doc, good, []);
    expect(report.shapeMismatches).toEqual([]);
    expect(report.shapesChecked).toBe(4);
    expect(report.params).toEqual({ graphCore: 224, torch: 224, from: "torch" });
    expect(report.unsupported).toEqual([
      { node: "odd", op: "nn.ChannelShuffle", source: "net.py:9" },
    ]);

    const bad = raw({ traced: { ...good.traced, pool: [8, 7, 7] }, totalParams: 230 });
    const wrong = verifyImport(normalizeImport(bad, getLayerDef).doc, bad, []);
    expect(wrong.shapeMismatches).toEqual([
      { node: "pool", traced: [8, 7, 7], inferred: [8, 8, 8] },
    ]);
    expect(describeReport("Net", wrong)).toEqual([
      "imported Net: 4 nodes, 0 blocks",
      "shapes: 1 of 4 differ from the trace",
      "  pool: traced 8×7×7, graph-core 8×8×8",
      "params: graph-core counts 224, torch 230 (differ by -6)",
      "unsupported: nn.ChannelShuffle at net.py:9 kept as node odd with its traced shape",
    ]);
  });
});

describe("withOutput", () => {
  it("adds the task's Output on the returned tensor, classes from the traced shape", () => {
    const r = raw({ output: "conv" });
    const { doc } = normalizeImport(r, getLayerDef);
    const seg = withOutput(doc, r, "multiclass-segmentation");
    expect(seg.nodes.at(-1)).toEqual({
      id: "output",
      type: "Output",
      params: { task: "multiclass-segmentation", num_classes: 8 },
    });
    expect(seg.edges.at(-1)).toEqual({ source: "conv", target: "output" });
    expect(analyze(seg).nodes.get("output")!.diagnostics).toEqual([]);
  });
});
