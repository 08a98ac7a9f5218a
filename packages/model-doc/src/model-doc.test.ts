import {
  analyze,
  createAnalyzer,
  loadTemplate,
  TEMPLATE_IDS,
  type TModelFlow,
} from "@layerwise/graph-core";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  addNode,
  connect,
  disconnect,
  createModelMirror,
  docToModelFlow,
  modelFlowToDoc,
  moveNodes,
  readMeta,
  removeNodes,
  setLabel,
  setMeta,
  setParam,
  type TChangeSet,
} from "./index";

const small: TModelFlow = {
  format: "layerwise.model-flow",
  version: 1,
  name: "tiny",
  description: "kept",
  nodes: [
    {
      id: "in",
      type: "Input",
      params: { shape: [3, 32, 32] },
      position: { x: 0, y: 0 },
      group: "g1",
    },
    {
      id: "c1",
      type: "Conv2d",
      params: { out_channels: 8, kernel_size: 3, padding: 1 },
      label: "first",
    },
    { id: "r1", type: "ReLU", params: {} },
    { id: "cat", type: "Concat", params: { dim: 1 } },
    { id: "out", type: "Output", params: { task: "classification" } },
  ],
  edges: [
    { source: "in", target: "c1" },
    { source: "c1", target: "r1", note: "hint" },
    { source: "r1", target: "cat", port: 0 },
    { source: "in", target: "cat", port: 1 },
  ],
};

function docOf(flow: TModelFlow): Y.Doc {
  const ydoc = new Y.Doc();
  modelFlowToDoc(ydoc, flow);
  return ydoc;
}

describe("Y.Doc ⇄ model-flow", () => {
  it("round-trips a document with unknown fields, order and ports", () => {
    expect(docToModelFlow(docOf(small))).toEqual(small);
  });

  it.each(TEMPLATE_IDS)("round-trips template %s", (id) => {
    const flow = loadTemplate(id);
    expect(docToModelFlow(docOf(flow))).toEqual(flow);
  });

  it("survives sync to another peer", () => {
    const a = docOf(small);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(docToModelFlow(b)).toEqual(small);
  });
});

describe("edits", () => {
  it("setParam changes the shape downstream", () => {
    const ydoc = docOf(small);
    setParam(ydoc, "c1", "out_channels", 16);
    expect(analyze(docToModelFlow(ydoc)).nodes.get("r1")?.shape).toEqual([16, 32, 32]);
    setParam(ydoc, "c1", "padding", undefined);
    expect(docToModelFlow(ydoc).nodes[1]!.params).toEqual({ out_channels: 16, kernel_size: 3 });
  });

  it("connect replaces a single input and fills merge ports in order", () => {
    const ydoc = docOf(small);
    addNode(ydoc, { id: "c2", type: "Conv2d", params: { out_channels: 4, kernel_size: 1 } });
    connect(ydoc, { source: "in", target: "c2" });
    connect(ydoc, { source: "c1", target: "c2" });
    const flow = docToModelFlow(ydoc);
    expect(flow.edges.filter((e) => e.target === "c2")).toEqual([{ source: "c1", target: "c2" }]);
    connect(ydoc, { source: "c2", target: "cat" });
    expect(
      docToModelFlow(ydoc)
        .edges.filter((e) => e.target === "cat")
        .map((e) => e.port),
    ).toEqual([0, 1, 2]);
    expect(connect(ydoc, { source: "c2", target: "c2" })).toBeNull();
  });

  it("removeNodes drops touching edges and heals a chain when asked", () => {
    const ydoc = docOf(small);
    removeNodes(ydoc, ["c1"], { heal: true });
    const flow = docToModelFlow(ydoc);
    expect(flow.nodes.map((n) => n.id)).toEqual(["in", "r1", "cat", "out"]);
    expect(flow.edges).toContainEqual({ source: "in", target: "r1" });
    removeNodes(ydoc, ["cat"]);
    expect(docToModelFlow(ydoc).edges.some((e) => e.target === "cat")).toBe(false);
  });

  it("setMeta and moveNodes", () => {
    const ydoc = docOf(small);
    setMeta(ydoc, "alignment", "unet");
    expect(readMeta(ydoc).alignment).toBe("unet");
    moveNodes(ydoc, new Map([["c1", { x: 5, y: 6 }]]));
    expect(docToModelFlow(ydoc).nodes[1]!.position).toEqual({ x: 5, y: 6 });
  });
});

describe("mirror", () => {
  it("keeps untouched nodes identical and reports what changed", () => {
    const ydoc = docOf(small);
    const mirror = createModelMirror(ydoc);
    const before = mirror.flow;
    const seen: TChangeSet[] = [];
    mirror.subscribe((_f, c) => seen.push(c));
    setParam(ydoc, "c1", "out_channels", 32);
    const after = mirror.flow;
    expect(seen).toHaveLength(1);
    expect([...seen[0]!.nodes]).toEqual(["c1"]);
    expect(after.nodes[0]).toBe(before.nodes[0]);
    expect(after.nodes[1]).not.toBe(before.nodes[1]);
    expect(after.edges).toBe(before.edges);
    expect(after).toEqual(docToModelFlow(ydoc));

    moveNodes(ydoc, new Map([["r1", { x: 1, y: 2 }]]));
    expect([...seen[1]!.moved]).toEqual(["r1"]);
    expect(mirror.flow.nodes[2]!.params).toBe(after.nodes[2]!.params);

    removeNodes(ydoc, ["r1"]);
    addNode(ydoc, { id: "x", type: "ReLU", params: {} });
    expect(mirror.flow).toEqual(docToModelFlow(ydoc));
    mirror.destroy();
  });

  it("drives an incremental analyzer to the same result as a full analysis", () => {
    const ydoc = docOf(loadTemplate("unet-small"));
    const mirror = createModelMirror(ydoc);
    const analyzer = createAnalyzer(mirror.flow);
    const untouched = analyzer.analysis.nodes.get("input");
    mirror.subscribe((flow) => analyzer.setDoc(flow));
    setParam(ydoc, "enc1_conv1", "out_channels", 24);
    expect(analyzer.analysis.totalParams).toBe(analyze(docToModelFlow(ydoc)).totalParams);
    expect(analyzer.analysis.nodes.get("input")).toBe(untouched);
  });
});

describe("disconnect", () => {
  it("removes edges by endpoints and port", () => {
    const ydoc = docOf(small);
    disconnect(ydoc, [{ source: "in", target: "cat", port: 1 }]);
    const flow = docToModelFlow(ydoc);
    expect(flow.edges.filter((e) => e.target === "cat")).toEqual([
      { source: "r1", target: "cat", port: 0 },
    ]);
  });
});

describe("mirror with a remote peer", () => {
  it("follows concurrent edits synced from another Y.Doc", () => {
    const a = docOf(small);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const mirror = createModelMirror(a);
    const origins: unknown[] = [];
    mirror.subscribe((_f, c) => origins.push(c.origin));
    b.on("update", (u: Uint8Array) => Y.applyUpdate(a, u, "remote"));
    setParam(b, "c1", "out_channels", 12);
    connect(b, { source: "c1", target: "cat" });
    setLabel(a, "r1", "local label");
    expect(mirror.flow).toEqual(docToModelFlow(a));
    expect(analyze(mirror.flow).nodes.get("r1")?.shape).toEqual([12, 32, 32]);
    expect(origins).toContain("remote");
    mirror.destroy();
  });
});
