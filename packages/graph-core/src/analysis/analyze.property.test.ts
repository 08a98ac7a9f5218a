/**
 * Property tests: random graphs (cycles, dangling edges, garbage params, huge sizes) never throw
 * or hang, analysis is deterministic, and the incremental analyzer equals a full re-analysis
 * after any sequence of edits while keeping untouched node results identical.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type {
  TBlocks,
  TFlowEdge,
  TFlowNode,
  TJsonValue,
  TModelFlow,
  TParams,
} from "../graph/types";
import { expandBlocks } from "../graph/expand-blocks";
import { LAYER_DEFS } from "../layers/registry";
import { analyze, createAnalyzer, type TAnalyzer } from "./analyze";
import type { TAnalysis } from "./types";

const TYPES = [...LAYER_DEFS.map((d) => d.type), "Bogus", ""];
const NAMES = [
  "dtype",
  "out_channels",
  "kernel_size",
  "stride",
  "padding",
  "dilation",
  "groups",
  "bias",
  "shape",
  "dim",
  "scale_factor",
  "size",
  "mode",
  "num_groups",
  "normalized_shape",
  "task",
  "num_classes",
  "block",
  "p",
  "in_features",
  "out_features",
  "output_size",
  "upscale_factor",
  "padding_mode",
  "ceil_mode",
];
const SHAPES: TJsonValue[] = [[3, 32, 32], [1, 8, 8], [4], [2, 5, 6, 7], [3, 1e9, 1e9], [16, 7, 7]];

const value: fc.Arbitrary<TJsonValue> = fc.oneof(
  fc.constantFrom<TJsonValue>(
    0,
    1,
    2,
    3,
    4,
    -1,
    1.5,
    1e9,
    2 ** 53,
    "same",
    "valid",
    "nearest",
    "bilinear",
    "reflect",
    "classification",
    "binary-segmentation",
    "long",
    true,
    false,
    null,
    "double",
  ),
  fc.constantFrom(...SHAPES),
  fc.array(fc.integer({ min: -2, max: 9 }), { maxLength: 4 }),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<TJsonValue>,
);
const params: fc.Arbitrary<TParams> = fc.dictionary(fc.constantFrom(...NAMES), value, {
  maxKeys: 5,
});

const node = (i: number): fc.Arbitrary<TFlowNode> =>
  fc.record({ type: fc.constantFrom(...TYPES), params }).map(({ type, params }) => {
    // Give Input nodes a usable shape most of the time so that layers get evaluated.
    const p =
      type === "Input" && !Array.isArray(params.shape)
        ? { ...params, shape: SHAPES[i % SHAPES.length]! }
        : params;
    return { id: `n${i}`, type, params: p };
  });

const graph = fc.integer({ min: 1, max: 14 }).chain((n) =>
  fc.record({
    nodes: fc.tuple(...Array.from({ length: n }, (_, i) => node(i))),
    edges: fc.array(
      fc.record({
        source: fc.integer({ min: 0, max: n }),
        target: fc.integer({ min: 0, max: n }),
        port: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
      }),
      { maxLength: n * 2 },
    ),
  }),
);

const BLOCKS: TBlocks = {
  double: {
    label: "DoubleConv",
    nodes: [
      { id: "i", type: "BlockInput", params: {} },
      { id: "a", type: "Conv2d", params: { out_channels: 4, kernel_size: 3, padding: 1 } },
      { id: "o", type: "BlockOutput", params: {} },
    ],
    edges: [
      { source: "i", target: "a" },
      { source: "a", target: "o" },
    ],
  },
};

function toDoc(g: {
  nodes: TFlowNode[];
  edges: { source: number; target: number; port: number | undefined }[];
}): TModelFlow {
  const edges: TFlowEdge[] = g.edges.map((e) => {
    // Index n (one past the end) makes a dangling edge.
    const edge: TFlowEdge = { source: `n${e.source}`, target: `n${e.target}` };
    if (e.port !== undefined) edge.port = e.port;
    return edge;
  });
  const nodes = g.nodes.map((n) =>
    n.type === "Block" ? { ...n, params: { block: "double" } } : n,
  );
  return {
    format: "layerwise.model-flow",
    version: 1,
    name: "random",
    nodes,
    edges,
    blocks: BLOCKS,
  };
}

/** Comparable form of an analysis (Maps do not compare by entries in every matcher). */
function plain(a: TAnalysis) {
  return { ...a, nodes: [...a.nodes.entries()] };
}

describe("analysis properties", () => {
  it("never throws, covers every node, and only reports real shapes", () => {
    fc.assert(
      fc.property(graph, (g) => {
        const doc = toDoc(g);
        const a = analyze(doc);
        const ids = new Set(doc.nodes.map((n) => n.id));
        expect(a.nodes.size).toBe(ids.size);
        expect(a.order.length).toBe(ids.size);
        for (const r of a.nodes.values()) {
          if (r.shape !== null)
            for (const d of r.shape) expect(Number.isInteger(d) && d >= 1).toBe(true);
          expect(Number.isFinite(r.params) && r.params >= 0).toBe(true);
          for (const d of r.diagnostics) expect(d.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("expanding blocks keeps shapes and totals of a valid model", () => {
    fc.assert(
      fc.property(graph, (g) => {
        const doc = toDoc(g);
        const a = analyze(doc);
        if (a.errorCount > 0) return;
        const b = analyze(expandBlocks(doc));
        expect(b.errorCount).toBe(0);
        expect(b.totalParams).toBe(a.totalParams);
        for (const [id, r] of a.nodes)
          if (doc.nodes.some((n) => n.id === id && n.type !== "Block"))
            expect(b.nodes.get(id)!.shape).toEqual(r.shape);
      }),
      { numRuns: 300 },
    );
  });

  it("is deterministic", () => {
    fc.assert(
      fc.property(graph, (g) => {
        expect(plain(analyze(toDoc(g)))).toEqual(plain(analyze(toDoc(g))));
      }),
      { numRuns: 150 },
    );
  });

  it("incremental updates equal a full re-analysis after random edits", () => {
    const edit = fc.oneof(
      fc.record({ kind: fc.constant("params" as const), node: fc.nat(20), params }),
      fc.record({
        kind: fc.constant("type" as const),
        node: fc.nat(20),
        type: fc.constantFrom(...TYPES),
      }),
      fc.record({
        kind: fc.constant("add-node" as const),
        node: fc.nat(20),
        type: fc.constantFrom(...TYPES),
        params,
      }),
      fc.record({ kind: fc.constant("remove-node" as const), node: fc.nat(20) }),
      fc.record({
        kind: fc.constant("add-edge" as const),
        node: fc.nat(20),
        target: fc.nat(20),
        port: fc.option(fc.nat(2), { nil: undefined }),
      }),
      fc.record({ kind: fc.constant("remove-edge" as const), node: fc.nat(20) }),
      fc.record({
        kind: fc.constant("set-doc-edges" as const),
        node: fc.nat(20),
        target: fc.nat(20),
        drop: fc.nat(30),
      }),
      fc.record({
        kind: fc.constant("set-doc" as const),
        node: fc.nat(20),
        params,
        type: fc.constantFrom(...TYPES),
      }),
    );
    fc.assert(
      fc.property(graph, fc.array(edit, { maxLength: 8 }), (g, edits) => {
        const analyzer: TAnalyzer = createAnalyzer(toDoc(g));
        let counter = 100;
        for (const e of edits) {
          const nodes = analyzer.doc.nodes;
          const pick = (k: number) => nodes[k % Math.max(1, nodes.length)]?.id ?? "none";
          const before = analyzer.analysis;
          switch (e.kind) {
            case "params":
              analyzer.setParams(pick(e.node), e.params);
              break;
            case "type":
              analyzer.setType(pick(e.node), e.type === "Block" ? "ReLU" : e.type);
              break;
            case "add-node":
              analyzer.addNode({
                id: `m${counter++}`,
                type: e.type === "Block" ? "ReLU" : e.type,
                params: e.params,
              });
              break;
            case "remove-node":
              analyzer.removeNode(pick(e.node));
              break;
            case "add-edge":
              analyzer.addEdge(
                e.port === undefined
                  ? { source: pick(e.node), target: pick(e.target) }
                  : { source: pick(e.node), target: pick(e.target), port: e.port },
              );
              break;
            case "set-doc": {
              // What the editor binding does: a new document, one node replaced.
              const k = e.node % Math.max(1, nodes.length);
              const next = nodes.map((n, i) =>
                i === k
                  ? { ...n, type: e.type === "Block" ? "ReLU" : e.type, params: e.params }
                  : n,
              );
              analyzer.setDoc({ ...analyzer.doc, nodes: next, edges: analyzer.doc.edges.slice() });
              break;
            }
            case "set-doc-edges": {
              // The binding rebuilds edges: one dropped somewhere and one inserted somewhere.
              const edges = analyzer.doc.edges.filter((_, i) => i !== e.drop);
              edges.splice(e.target % (edges.length + 1), 0, {
                source: pick(e.node),
                target: pick(e.target),
              });
              analyzer.setDoc({ ...analyzer.doc, edges });
              break;
            }
            case "remove-edge": {
              const edge = analyzer.doc.edges[e.node % Math.max(1, analyzer.doc.edges.length)];
              if (edge !== undefined) analyzer.removeEdge(edge);
              break;
            }
          }
          const full = analyze(analyzer.doc);
          expect(plain(analyzer.analysis)).toEqual(plain(full));
          // Untouched results keep their identity.
          if (e.kind === "params") {
            for (const [id, r] of analyzer.analysis.nodes) {
              const old = before.nodes.get(id);
              if (old !== undefined && JSON.stringify(old) === JSON.stringify(r))
                expect(r).toBe(old);
            }
          }
        }
      }),
      { numRuns: 250 },
    );
  });

  it("handles huge graphs without recursion limits", () => {
    const n = 20_000;
    const nodes: TFlowNode[] = [{ id: "n0", type: "Input", params: { shape: [8, 64, 64] } }];
    const edges: TFlowEdge[] = [];
    for (let i = 1; i < n; i++) {
      nodes.push({
        id: `n${i}`,
        type: i % 2 === 0 ? "ReLU" : "Conv2d",
        params: { out_channels: 8, kernel_size: 3, padding: 1 },
      });
      edges.push({ source: `n${i - 1}`, target: `n${i}` });
    }
    const a = analyze({ format: "layerwise.model-flow", version: 1, name: "big", nodes, edges });
    expect(a.nodes.get(`n${n - 1}`)!.shape).toEqual([8, 64, 64]);
  });
});
