import { describe, expect, it } from "vitest";
import type { TFlowEdge, TFlowNode, TModelFlow } from "../graph/types";
import { analyze, createAnalyzer } from "./analyze";

function chain(): TModelFlow {
  const nodes: TFlowNode[] = [
    { id: "in", type: "Input", params: { shape: [3, 32, 32] } },
    { id: "c1", type: "Conv2d", params: { out_channels: 8, kernel_size: 3, padding: 1 } },
    { id: "r1", type: "ReLU", params: {} },
    { id: "c2", type: "Conv2d", params: { out_channels: 8, kernel_size: 3, padding: 1 } },
    { id: "r2", type: "ReLU", params: {} },
    { id: "side", type: "Conv2d", params: { out_channels: 8, kernel_size: 1 } },
    { id: "add", type: "Add", params: {} },
    { id: "head", type: "Conv2d", params: { out_channels: 1, kernel_size: 1 } },
    { id: "out", type: "Output", params: { task: "binary-segmentation" } },
  ];
  const e = (source: string, target: string, port?: number): TFlowEdge =>
    port === undefined ? { source, target } : { source, target, port };
  return {
    format: "layerwise.model-flow",
    version: 1,
    name: "res",
    nodes,
    edges: [
      e("in", "c1"),
      e("c1", "r1"),
      e("r1", "c2"),
      e("c2", "r2"),
      e("in", "side"),
      e("r2", "add", 0),
      e("side", "add", 1),
      e("add", "head"),
      e("head", "out"),
    ],
  };
}

describe("createAnalyzer", () => {
  it("starts equal to analyze()", () => {
    const doc = chain();
    expect(createAnalyzer(doc).analysis).toEqual(analyze(doc));
  });

  it("recomputes only downstream and keeps every other result identical", () => {
    const analyzer = createAnalyzer(chain());
    const before = analyzer.analysis;
    const after = analyzer.setParams("c2", { out_channels: 16, kernel_size: 3, padding: 1 });
    expect(after).not.toBe(before);
    expect(after.nodes.get("c2")!.shape).toEqual([16, 32, 32]);
    expect(after.nodes.get("r2")!.shape).toEqual([16, 32, 32]);
    expect(after.nodes.get("add")!.diagnostics[0]!.code).toBe("shape-mismatch");
    for (const id of ["in", "c1", "r1", "side"])
      expect(after.nodes.get(id)).toBe(before.nodes.get(id));
    expect(after.order).toBe(before.order);
    expect(after.totalParams).toBe(analyze(analyzer.doc).totalParams);
  });

  it("stops propagating where a result is unchanged", () => {
    const analyzer = createAnalyzer(chain());
    const before = analyzer.analysis;
    // Padding 1 → "same" keeps the shape: nothing downstream changes.
    const after = analyzer.setParams("c1", { out_channels: 8, kernel_size: 3, padding: "same" });
    expect(after.nodes.get("c1")).toBe(before.nodes.get("c1"));
    expect(after).toBe(before);
    const renamed = analyzer.setParams("c1", { out_channels: 4, kernel_size: 3, padding: 1 });
    expect(renamed.nodes.get("c1")).not.toBe(before.nodes.get("c1"));
    expect(renamed.nodes.get("c2")!.params).toBe(4 * 8 * 9 + 8);
    expect(renamed.nodes.get("r2")).toBe(before.nodes.get("r2"));
  });

  it("handles structural edits like a full analysis", () => {
    const analyzer = createAnalyzer(chain());
    analyzer.removeEdge({ source: "side", target: "add" });
    expect(analyzer.analysis.nodes.get("add")!.diagnostics[0]!.code).toBe("missing-input");
    analyzer.addNode({ id: "bn", type: "BatchNorm2d", params: {} });
    analyzer.addEdge({ source: "side", target: "bn" });
    analyzer.addEdge({ source: "bn", target: "add", port: 1 });
    expect(analyzer.analysis.nodes.get("add")!.diagnostics).toEqual([]);
    expect(analyzer.analysis.nodes.get("side")!.diagnostics[0]!.code).toBe("bias-before-norm");
    analyzer.setType("bn", "GroupNorm", { num_groups: 4 });
    expect(analyzer.analysis.nodes.get("side")!.diagnostics).toEqual([]);
    analyzer.removeNode("bn");
    expect(analyzer.doc.edges.some((e) => e.source === "bn" || e.target === "bn")).toBe(false);
    expect(analyzer.analysis).toEqual(analyze(analyzer.doc));
    analyzer.setType("out", "ReLU");
    expect(analyzer.analysis.diagnostics.map((d) => d.code)).toEqual(["no-output"]);
  });

  it("removeNode patches the index: later nodes shift, untouched results keep their identity", () => {
    const analyzer = createAnalyzer(chain());
    analyzer.addNode({ id: "leaf", type: "ReLU", params: {} });
    analyzer.addEdge({ source: "c2", target: "leaf" });
    const before = analyzer.analysis;
    const after = analyzer.removeNode("leaf");
    expect(after).toEqual(analyze(analyzer.doc));
    for (const [id, r] of after.nodes) expect(r).toBe(before.nodes.get(id));
    const first = analyzer.doc.nodes[1]!.id;
    expect(analyzer.removeNode(first)).toEqual(analyze(analyzer.doc));
    expect(analyzer.addEdge({ source: "in", target: "r1" })).toEqual(analyze(analyzer.doc));
  });

  it("setDoc reuses results of nodes that did not change", () => {
    const doc = chain();
    const analyzer = createAnalyzer(doc);
    const before = analyzer.analysis;
    const nodes = doc.nodes.map((n) =>
      n.id === "head" ? { ...n, params: { out_channels: 2, kernel_size: 1 } } : n,
    );
    const after = analyzer.setDoc({ ...doc, nodes });
    expect(after.nodes.get("out")!.diagnostics[0]!.code).toBe("task-mismatch");
    expect(after.nodes.get("c2")).toBe(before.nodes.get("c2"));
    expect(after).toEqual(analyze({ ...doc, nodes }));
  });

  it("setDoc with an unchanged structure keeps the order array and untouched results", () => {
    const doc = chain();
    const analyzer = createAnalyzer(doc);
    const before = analyzer.analysis;
    const nodes = doc.nodes.map((n) => (n.id === "r2" ? { ...n, type: "GELU" } : n));
    const after = analyzer.setDoc({ ...doc, nodes, edges: doc.edges.map((e) => ({ ...e })) });
    expect(after.order).toBe(before.order);
    expect(after.nodes.get("c1")).toBe(before.nodes.get("c1"));
    expect(after).toEqual(analyze({ ...doc, nodes }));
    const retyped = analyzer.setDoc({
      ...doc,
      nodes: nodes.map((n) => (n.id === "r2" ? { ...n, type: "Output" } : n)),
    });
    expect(retyped.diagnostics).toEqual([]);
    expect(retyped).toEqual(
      analyze({ ...doc, nodes: nodes.map((n) => (n.id === "r2" ? { ...n, type: "Output" } : n)) }),
    );
  });

  it("setDoc re-checks a node whose successors changed (bias before a BatchNorm added with its edge)", () => {
    const doc = chain();
    const analyzer = createAnalyzer(doc);
    const bn: TFlowNode = { id: "bn", type: "BatchNorm2d", params: {} };
    const withBn = {
      ...doc,
      nodes: [...doc.nodes, bn],
      edges: [
        ...doc.edges.filter((e) => e.source !== "side"),
        { source: "side", target: "bn" },
        { source: "bn", target: "add", port: 1 },
      ],
    };
    expect(analyzer.setDoc(withBn).nodes.get("side")!.diagnostics[0]!.code).toBe(
      "bias-before-norm",
    );
    expect(analyzer.setDoc(doc).nodes.get("side")!.diagnostics).toEqual([]);
    expect(analyzer.analysis).toEqual(analyze(doc));
  });

  it("a type change re-checks the successors whose warnings read it", () => {
    const doc = chain();
    const sig = { ...doc, nodes: doc.nodes.map((n) => (n.id === "head" ? n : n)) };
    sig.nodes.splice(8, 0, { id: "sig", type: "Sigmoid", params: {} });
    sig.edges = sig.edges.map((e) => (e.target === "out" ? { source: "sig", target: "out" } : e));
    sig.edges.push({ source: "head", target: "sig" });
    const analyzer = createAnalyzer(sig);
    expect(analyzer.analysis.nodes.get("out")!.diagnostics[0]!.code).toBe("double-activation");
    // Same shape, same params: only the Output's warning changes.
    expect(analyzer.setType("sig", "Tanh").nodes.get("out")!.diagnostics).toEqual([]);
    const nodes = analyzer.doc.nodes.map((n) => (n.id === "sig" ? { ...n, type: "Sigmoid" } : n));
    expect(analyzer.setDoc({ ...analyzer.doc, nodes }).nodes.get("out")!.diagnostics[0]!.code).toBe(
      "double-activation",
    );
  });

  it("recomputes a node behind a cycle again when an input computed after it changes", () => {
    const doc = chain();
    // "late" comes last in the document but feeds "head": behind the cycle the order is the
    // document's, so "head" is visited before "late" changes.
    const late: TFlowNode = { id: "late", type: "ReLU", params: {} };
    const next = {
      ...doc,
      nodes: [...doc.nodes, late],
      edges: [
        ...doc.edges.filter((e) => e.target !== "head"),
        { source: "in", target: "late" },
        { source: "late", target: "head" },
      ],
    };
    const analyzer = createAnalyzer(next);
    expect(analyzer.analysis.nodes.get("out")!.shape).toEqual([1, 32, 32]);
    const looped = analyzer.addEdge({ source: "c1", target: "in" });
    expect(looped.nodes.get("out")!.shape).toBeNull();
    expect(looped).toEqual(analyze(analyzer.doc));
  });

  it("an analysis stays a snapshot whatever later edits do to the engine's index", () => {
    const analyzer = createAnalyzer(chain());
    const first = analyzer.analysis;
    const copy = new Map(first.nodes);
    analyzer.setParams("c1", { out_channels: 4, kernel_size: 3, padding: 1 });
    const second = analyzer.analysis;
    analyzer.addNode({ id: "leaf", type: "ReLU", params: {} });
    analyzer.addEdge({ source: "c2", target: "leaf" });
    analyzer.removeNode("r1");
    for (const [id, r] of copy) expect(first.nodes.get(id), id).toBe(r);
    expect([...first.nodes.keys()]).toEqual([...copy.keys()]);
    expect(first.nodes.has("leaf")).toBe(false);
    expect(second.nodes.get("c1")!.shape).toEqual([4, 32, 32]);
    expect(second.nodes.get("r1")).toBeDefined();
    expect(analyzer.analysis.nodes.get("r1")).toBeUndefined();
    expect(analyzer.analysis.nodes.has("leaf")).toBe(true);
    expect(analyzer.analysis).toEqual(analyze(analyzer.doc));
  });

  it("ignores edits to unknown ids", () => {
    const analyzer = createAnalyzer(chain());
    const before = analyzer.analysis;
    expect(analyzer.setParams("nope", {})).toBe(before);
    expect(analyzer.removeNode("nope")).toBe(before);
  });
});
