import { analyze, createAnalyzer, type TAnalyzer, type TModelFlow } from "@layerwise/graph-core";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  LOCAL_ORIGIN,
  addNodes,
  connect,
  createModelMirror,
  modelFlowToDoc,
  removeNodes,
} from "./index";

const base: TModelFlow = {
  format: "layerwise.model-flow",
  version: 1,
  name: "conv",
  nodes: [
    { id: "in", type: "Input", params: { shape: [3, 32, 32] } },
    // bias defaults to true, as in torch.
    { id: "c1", type: "Conv2d", params: { out_channels: 8, kernel_size: 3 } },
  ],
  edges: [{ source: "in", target: "c1" }],
};

/** The editor's pipeline: Y.Doc → mirror → analyzer.setDoc, with the editor's undo manager. */
function editor(flow: TModelFlow): { ydoc: Y.Doc; analyzer: TAnalyzer; undo: Y.UndoManager } {
  const ydoc = new Y.Doc();
  modelFlowToDoc(ydoc, flow);
  const mirror = createModelMirror(ydoc);
  const analyzer = createAnalyzer(mirror.flow);
  mirror.subscribe((next) => analyzer.setDoc(next));
  const maps = [ydoc.getMap("nodes"), ydoc.getMap("edges"), ydoc.getMap("meta")];
  const undo = new Y.UndoManager(maps, { trackedOrigins: new Set([LOCAL_ORIGIN]) });
  return { ydoc, analyzer, undo };
}

function codesOf(analyzer: TAnalyzer, id: string): string[] {
  return (analyzer.analysis.nodes.get(id)?.diagnostics ?? []).map((d) => d.code);
}

describe("incremental analysis through the Y.Doc (issue 11: bias=True before BatchNorm)", () => {
  it("warns about a Conv→BatchNorm that an undo brings back, as a reload does", () => {
    const { ydoc, analyzer, undo } = editor(base);
    addNodes(ydoc, [{ id: "bn", type: "BatchNorm2d", params: {} }]);
    connect(ydoc, { source: "c1", target: "bn" });
    undo.stopCapturing();
    expect(codesOf(analyzer, "c1")).toEqual(["bias-before-norm"]);
    removeNodes(ydoc, ["bn"]);
    expect(codesOf(analyzer, "c1")).toEqual([]);
    // The undo restores the BatchNorm and its edge in one transaction.
    undo.undo();
    expect(codesOf(analyzer, "c1")).toEqual(["bias-before-norm"]);
    expect(analyzer.analysis).toEqual(analyze(analyzer.doc));
  });

  it("warns when a BatchNorm arrives together with its edge, and stops when an undo takes both", () => {
    const { ydoc, analyzer, undo } = editor(base);
    addNodes(
      ydoc,
      [{ id: "bn", type: "BatchNorm2d", params: {} }],
      [{ source: "c1", target: "bn" }],
    );
    expect(codesOf(analyzer, "c1")).toEqual(["bias-before-norm"]);
    undo.undo();
    expect(codesOf(analyzer, "c1")).toEqual([]);
    undo.redo();
    expect(codesOf(analyzer, "c1")).toEqual(["bias-before-norm"]);
    expect(analyzer.analysis).toEqual(analyze(analyzer.doc));
  });
});
