import { analyze, type TFlowNode } from "@layerwise/graph-core";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { docToModelFlow } from "./convert";
import { addNodes, connect, inputPortCount, isMergeType, removeNodes } from "./edits";

const node = (id: string, type: string, params: TFlowNode["params"] = {}): TFlowNode => ({
  id,
  type,
  params,
});

function twoInputDoc(type: string, params: TFlowNode["params"]): Y.Doc {
  const ydoc = new Y.Doc();
  addNodes(ydoc, [
    node("a", "Input", { shape: [10, 16] }),
    node("b", "Input", { shape: [10, 16] }),
    node("x", type, params),
    node("out", "Output", { task: "classification" }),
  ]);
  return ydoc;
}

describe("two-input layers take ports like merges", () => {
  it.each(["Bilinear", "TransformerDecoderLayer", "Transformer", "Concat", "Add"])(
    "%s orders its inputs by port",
    (type) => expect(isMergeType(type)).toBe(true),
  );
  it.each(["Conv2d", "ReLU", "Output", "NoSuchLayer"])("%s does not", (type) =>
    expect(isMergeType(type)).toBe(false),
  );

  it("shows two handles on a two-input layer, one free past the used ones on a merge", () => {
    expect(inputPortCount("Bilinear", 0)).toBe(2);
    expect(inputPortCount("Bilinear", 2)).toBe(2);
    expect(inputPortCount("Transformer", 1)).toBe(2);
    expect(inputPortCount("Concat", 0)).toBe(2);
    expect(inputPortCount("Concat", 3)).toBe(4);
    expect(inputPortCount("Conv2d", 1)).toBe(1);
    expect(inputPortCount("Input", 0)).toBe(0);
  });

  it.each([
    ["Bilinear", { out_features: 8 }],
    ["TransformerDecoderLayer", { nhead: 4, batch_first: true }],
  ] as const)("connecting twice into %s gives ports 0 and 1 and a valid model", (type, params) => {
    const ydoc = twoInputDoc(type, params);
    connect(ydoc, { source: "a", target: "x" });
    connect(ydoc, { source: "b", target: "x" });
    connect(ydoc, { source: "x", target: "out" });
    const flow = docToModelFlow(ydoc);
    const into = flow.edges.filter((e) => e.target === "x");
    expect(into.map((e) => [e.source, e.port])).toEqual([
      ["a", 0],
      ["b", 1],
    ]);
    const a = analyze(flow);
    expect(a.nodes.get("x")!.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(a.nodes.get("x")!.shape).not.toBeNull();
  });

  it("a third edge into a two-input layer replaces its last input, not a port 2", () => {
    const ydoc = twoInputDoc("Bilinear", { out_features: 8 });
    addNodes(ydoc, [node("c", "Input", { shape: [10, 16] })]);
    connect(ydoc, { source: "a", target: "x" });
    connect(ydoc, { source: "b", target: "x" });
    connect(ydoc, { source: "c", target: "x" });
    const into = docToModelFlow(ydoc).edges.filter((e) => e.target === "x");
    expect(into.map((e) => [e.source, e.port])).toEqual([
      ["a", 0],
      ["c", 1],
    ]);
  });

  it("deleting a two-input layer does not heal its first input through to its consumer", () => {
    const ydoc = twoInputDoc("Bilinear", { out_features: 8 });
    connect(ydoc, { source: "a", target: "x", port: 0 });
    connect(ydoc, { source: "x", target: "out" });
    removeNodes(ydoc, ["x"], { heal: true });
    expect(docToModelFlow(ydoc).edges).toEqual([]);
  });
});
