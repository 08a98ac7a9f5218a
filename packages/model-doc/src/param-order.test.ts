import { analyze } from "@layerwise/graph-core";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { docToModelFlow, modelFlowToDoc } from "./index";

/** Two peers edit two params of one node concurrently, then exchange updates. */
function concurrentParamEdits(): [Y.Doc, Y.Doc] {
  const a = new Y.Doc();
  modelFlowToDoc(a, {
    format: "layerwise.model-flow",
    version: 1,
    name: "order",
    nodes: [
      { id: "in", type: "Input", params: { shape: [3, 32, 32] } },
      { id: "c", type: "Conv2d", params: { out_channels: 8, kernel_size: 3 } },
    ],
    edges: [{ source: "in", target: "c" }],
  });
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  const params = (d: Y.Doc) =>
    (d.getMap<Y.Map<unknown>>("nodes").get("c")!.get("params") as Y.Map<unknown>)!;
  // Both values are invalid, so each peer gets two invalid-param diagnostics on one node.
  params(a).set("stride", -1);
  params(b).set("padding", "wide");
  const fromA = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const fromB = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(a, fromB);
  Y.applyUpdate(b, fromA);
  return [a, b];
}

describe("params order", () => {
  it("is the same on every peer after concurrent edits, and so are the diagnostics", () => {
    const [a, b] = concurrentParamEdits();
    const flowA = docToModelFlow(a);
    const flowB = docToModelFlow(b);
    const keys = (f: typeof flowA) => Object.keys(f.nodes.find((n) => n.id === "c")!.params);
    expect(keys(flowA)).toEqual(["kernel_size", "out_channels", "padding", "stride"]);
    expect(keys(flowB)).toEqual(keys(flowA));
    const diagnostics = (f: typeof flowA) =>
      analyze(f)
        .nodes.get("c")!
        .diagnostics.map((d) => d.message);
    expect(diagnostics(flowA).length).toBeGreaterThanOrEqual(2);
    expect(diagnostics(flowB)).toEqual(diagnostics(flowA));
  });
});
