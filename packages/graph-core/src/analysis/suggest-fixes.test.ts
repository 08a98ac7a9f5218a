import { describe, expect, it } from "vitest";
import type { TModelFlow } from "../graph/types";
import { loadTemplate } from "../templates";
import { analyze } from "./analyze";
import { suggestFixes } from "./suggest-fixes";

function flow(nodes: TModelFlow["nodes"], edges: [string, string, number?][]): TModelFlow {
  return {
    format: "layerwise.model-flow",
    version: 1,
    name: "t",
    nodes,
    edges: edges.map(([source, target, port]) => ({
      source,
      target,
      ...(port === undefined ? {} : { port }),
    })),
  };
}

/** The first fix for the first error, after checking that applying it removes the error. */
function firstFix(doc: TModelFlow) {
  const analysis = analyze(doc);
  const error = [...analysis.nodes.values()]
    .flatMap((a) => a.diagnostics)
    .find((d) => d.severity === "error");
  expect(error, "the planted mistake is an error").toBeDefined();
  const [fix] = suggestFixes(doc, analysis, error!);
  expect(fix, `a fix for ${error!.message}`).toBeDefined();
  const fixed = analyze({
    ...doc,
    nodes: doc.nodes.map((n) =>
      n.id === fix!.node ? { ...n, params: { ...n.params, [fix!.param]: fix!.to } } : n,
    ),
  });
  expect(fixed.errorCount).toBe(0);
  return fix!;
}

const seg = (shape: number[]) => ({ id: "in", type: "Input", params: { shape } });
const out = { id: "out", type: "Output", params: { task: "binary-segmentation" } };

/** in → conv → pool → conv → up → cat(up, skip) → head → out: a one-level U-Net. */
function tinyUnet(over: { pool?: object; up?: object; enc?: object } = {}): TModelFlow {
  return flow(
    [
      seg([3, 64, 64]),
      {
        id: "enc",
        type: "Conv2d",
        params: { out_channels: 8, kernel_size: 3, padding: 1, ...over.enc },
      },
      { id: "pool", type: "MaxPool2d", params: { kernel_size: 2, ...over.pool } },
      { id: "mid", type: "Conv2d", params: { out_channels: 16, kernel_size: 3, padding: 1 } },
      {
        id: "up",
        type: "ConvTranspose2d",
        params: { out_channels: 8, kernel_size: 2, stride: 2, ...over.up },
      },
      { id: "cat", type: "Concat", params: {} },
      { id: "head", type: "Conv2d", params: { out_channels: 1, kernel_size: 1 } },
      out,
    ],
    [
      ["in", "enc"],
      ["enc", "pool"],
      ["pool", "mid"],
      ["mid", "up"],
      ["up", "cat", 0],
      ["enc", "cat", 1],
      ["cat", "head"],
      ["head", "out"],
    ],
  );
}

describe("suggestFixes names the cause and the value that repairs it", () => {
  it("a ConvTranspose with stride 1: restore stride 2 (not 'add an Upsample')", () => {
    const fix = firstFix(tinyUnet({ up: { stride: 1 } }));
    expect(fix).toMatchObject({ node: "up", param: "stride", from: 1, to: 2 });
    expect(fix.message).toBe("up: stride 1 → 2 gives 16 × 64 × 64 at cat");
  });

  it("a 3×3 head without padding (62 instead of 64): padding 0 → 1", () => {
    const doc = flow(
      [
        seg([3, 64, 64]),
        { id: "head", type: "Conv2d", params: { out_channels: 1, kernel_size: 3 } },
        out,
      ],
      [
        ["in", "head"],
        ["head", "out"],
      ],
    );
    expect(firstFix(doc)).toMatchObject({ node: "head", param: "padding", to: 1 });
  });

  it("a 4×4 kernel with padding 1 (63 instead of 64): kernel_size 4 → 3", () => {
    expect(firstFix(tinyUnet({ enc: { kernel_size: 4 } }))).toMatchObject({
      node: "enc",
      param: "kernel_size",
      from: 4,
      to: 3,
    });
  });

  it("a 3×3 stride-2 pool (31 instead of 32): kernel_size 3 → 2", () => {
    expect(firstFix(tinyUnet({ pool: { kernel_size: 3, stride: 2 } }))).toMatchObject({
      node: "pool",
      param: "kernel_size",
      to: 2,
    });
  });

  it("the unet-small template with one up-convolution's stride set to 1", () => {
    const doc = loadTemplate("unet-small");
    const up = doc.nodes.find((n) => n.type === "ConvTranspose2d")!;
    up.params = { ...up.params, stride: 1 };
    expect(firstFix(doc)).toMatchObject({ node: up.id, param: "stride", to: 2 });
  });

  it("offers nothing for warnings, graph-level or unfixable errors", () => {
    const doc = tinyUnet();
    const analysis = analyze(doc);
    expect(
      suggestFixes(doc, analysis, {
        code: "layer-order",
        severity: "warning",
        node: "enc",
        message: "",
      }),
    ).toEqual([]);
    expect(suggestFixes(doc, analysis, { code: "cycle", severity: "error", message: "" })).toEqual(
      [],
    );
  });
});
