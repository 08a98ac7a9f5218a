import { describe, expect, it } from "vitest";
import type { TModelFlow, TParams } from "../graph/types";
import { loadTemplate } from "../templates";
import { analyze } from "./analyze";
import { reorderedDoc, suggestReorder } from "./suggest-reorder";

const PARAMS: Record<string, TParams> = {
  Input: { shape: [3, 32, 32] },
  Conv2d: { in_channels: 3, out_channels: 8, kernel_size: 3, padding: 1 },
  BatchNorm2d: { num_features: 8 },
};

function chain(types: string[], extra: [string, string][] = []): TModelFlow {
  const ids = types.map((t, i) => (i === 0 ? "input" : `${t.toLowerCase()}_${i}`));
  return {
    format: "layerwise.model-flow",
    version: 1,
    name: "t",
    nodes: types.map((type, i) => ({
      id: ids[i]!,
      type,
      params: PARAMS[type] ?? {},
    })),
    edges: [
      ...ids.slice(1).map((id, i) => ({ source: ids[i]!, target: id })),
      ...extra.map(([source, target]) => ({ source, target })),
    ],
  };
}

const edgeSet = (doc: TModelFlow) =>
  new Set(doc.edges.map((e) => `${e.source}->${e.target}:${e.port ?? ""}`));

function orderWarning(doc: TModelFlow) {
  const analysis = analyze(doc);
  const d = [...analysis.nodes.values()]
    .flatMap((a) => a.diagnostics)
    .find((x) => x.code === "layer-order");
  return { analysis, d };
}

describe("suggestReorder", () => {
  it("moves a ReLU that precedes its BatchNorm after it, and the warning is gone", () => {
    const doc = chain(["Input", "Conv2d", "ReLU", "BatchNorm2d", "Output"]);
    const { analysis, d } = orderWarning(doc);
    expect(d?.node).toBe("batchnorm2d_3");
    const fix = suggestReorder(doc, analysis, d!);
    expect(fix).toEqual({
      move: "relu_2",
      after: "batchnorm2d_3",
      message: 'Move ReLU "relu_2" after BatchNorm2d "batchnorm2d_3"',
    });
    const moved = reorderedDoc(doc, fix!.move, fix!.after)!;
    expect(edgeSet(moved)).toEqual(
      new Set([
        "input->conv2d_1:",
        "conv2d_1->batchnorm2d_3:",
        "batchnorm2d_3->relu_2:",
        "relu_2->output_4:",
      ]),
    );
    expect(orderWarning(moved).d).toBeUndefined();
  });

  it("gives a template its order back: the planted swap in unet-small undone exactly", () => {
    const doc = loadTemplate("unet-small");
    const bn = doc.edges.find(
      (e) =>
        doc.nodes.find((n) => n.id === e.source)?.type === "BatchNorm2d" &&
        doc.nodes.find((n) => n.id === e.target)?.type === "ReLU",
    )!;
    const planted = reorderedDoc(doc, bn.source, bn.target)!;
    const { analysis, d } = orderWarning(planted);
    expect(d?.node).toBe(bn.source);
    const fix = suggestReorder(planted, analysis, d!)!;
    expect(fix).toMatchObject({ move: bn.target, after: bn.source });
    expect(edgeSet(reorderedDoc(planted, fix.move, fix.after)!)).toEqual(edgeSet(doc));
  });

  it("offers nothing when the activation also feeds another layer", () => {
    const doc = chain(
      ["Input", "Conv2d", "ReLU", "BatchNorm2d", "Output"],
      [["relu_2", "output_4"]],
    );
    const { analysis, d } = orderWarning(doc);
    expect(d).toBeDefined();
    expect(suggestReorder(doc, analysis, d!)).toBeNull();
  });

  it("offers nothing for another diagnostic", () => {
    const doc = chain(["Input", "Conv2d", "ReLU", "BatchNorm2d", "Output"]);
    const { analysis, d } = orderWarning(doc);
    expect(suggestReorder(doc, analysis, { ...d!, code: "bias-before-norm" })).toBeNull();
  });
});
