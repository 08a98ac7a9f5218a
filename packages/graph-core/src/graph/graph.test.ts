import { describe, expect, it } from "vitest";
import { migrateModelFlow } from "./migrate-model-flow";
import { parseModelFlow } from "./parse-model-flow";
import { buildGraphIndex, orderGraph } from "./topology";

const base = { format: "layerwise.model-flow", version: 1, name: "m" };

describe("parseModelFlow", () => {
  it("accepts a document and keeps unknown fields", () => {
    const r = parseModelFlow({
      ...base,
      meta: { a: 1 },
      nodes: [
        {
          id: "in",
          type: "Input",
          params: { shape: [3, 8, 8] },
          position: { x: 1, y: 2 },
          group: "g",
        },
      ],
      edges: [{ source: "in", target: "in", color: "red" }],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.doc.meta).toEqual({ a: 1 });
    expect(r.doc.nodes[0]!.group).toBe("g");
    expect(r.doc.edges[0]!.color).toBe("red");
  });

  it("defaults missing params and edges", () => {
    const r = parseModelFlow({ ...base, nodes: [{ id: "a", type: "ReLU" }] });
    expect(r.ok && r.doc.nodes[0]!.params).toEqual({});
    expect(r.ok && r.doc.edges).toEqual([]);
  });

  it.each([
    [
      { ...base, nodes: [{ id: "a" }], edges: [] },
      "nodes[0].type",
      /node \(id "a"\): type must be/,
    ],
    [{ ...base, nodes: [{ id: "", type: "X" }], edges: [] }, "nodes[0].id", /non-empty string/],
    [
      { ...base, nodes: [{ id: "a", type: "X", params: [] }], edges: [] },
      "nodes[0].params",
      /params must be an object/,
    ],
    [
      { ...base, nodes: [{ id: "a", type: "X", params: { k: Infinity } }], edges: [] },
      "nodes[0].params.k",
      /JSON values/,
    ],
    [
      { ...base, nodes: [{ id: "a", type: "X", position: { x: 1 } }], edges: [] },
      "nodes[0].position",
      /position/,
    ],
    [
      {
        ...base,
        nodes: [
          { id: "a", type: "X" },
          { id: "a", type: "Y" },
        ],
        edges: [],
      },
      "nodes[1].id",
      /duplicate node id "a" \(first used by nodes\[0\]\)/,
    ],
    [
      { ...base, nodes: [], edges: [{ source: "a", target: 3 }] },
      "edges[0].target",
      /edge target must be a node id/,
    ],
    [
      { ...base, nodes: [], edges: [{ source: "a", target: "b", port: -1 }] },
      "edges[0].port",
      /non-negative integer/,
    ],
    [{ ...base, nodes: {}, edges: [] }, "nodes", /array of nodes/],
    [{ ...base, name: 3, nodes: [], edges: [] }, "name", /string/],
    [{ ...base, format: "other", nodes: [], edges: [] }, "format", /layerwise.model-flow/],
    [{ ...base, version: 2, nodes: [], edges: [] }, "version", /newer/],
    [{ ...base, version: 0, nodes: [], edges: [] }, "version", /positive integer/],
    [
      { ...base, nodes: [], edges: [], blocks: { b: { label: "B", nodes: [], edges: [] } } },
      "blocks.b.nodes",
      /BlockOutput/,
    ],
  ])("rejects %# with a precise path", (doc, path, message) => {
    const r = parseModelFlow(doc);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const hit = r.errors.find((e) => e.path === path);
    expect(hit, JSON.stringify(r.errors)).toBeDefined();
    expect(hit!.message).toMatch(message);
  });

  it("collects every error, not only the first", () => {
    const r = parseModelFlow({ ...base, nodes: [{ id: 1 }, { id: "b", type: 2 }], edges: [{}] });
    expect(!r.ok && r.errors.length).toBeGreaterThanOrEqual(5);
  });

  it("rejects non-objects", () => {
    expect(parseModelFlow(null).ok).toBe(false);
    expect(parseModelFlow([1]).ok).toBe(false);
    expect(migrateModelFlow("x").ok).toBe(false);
  });
});

describe("topology", () => {
  const g = (ids: string[], edges: [string, string, number?][]) => ({
    nodes: ids.map((id) => ({ id, type: "X", params: {} })),
    edges: edges.map(([source, target, port]) =>
      port === undefined ? { source, target } : { source, target, port },
    ),
  });

  it("orders by Kahn with document-order tie breaking", () => {
    expect(
      orderGraph(
        g(
          ["d", "c", "b", "a"],
          [
            ["a", "b"],
            ["c", "b"],
          ],
        ),
      ).order,
    ).toEqual(["d", "c", "a", "b"]);
    expect(
      orderGraph(
        g(
          ["a", "b", "c"],
          [
            ["b", "a"],
            ["c", "a"],
          ],
        ),
      ).order,
    ).toEqual(["b", "c", "a"]);
  });

  it("finds cycles and puts them last in document order", () => {
    const r = orderGraph(
      g(
        ["x", "a", "b", "c", "d"],
        [
          ["x", "a"],
          ["a", "b"],
          ["b", "a"],
          ["b", "c"],
          ["d", "d"],
        ],
      ),
    );
    expect(r.cycles).toEqual(["a", "b", "d"]);
    expect(r.order).toEqual(["x", "a", "b", "c", "d"]);
    expect(r.cycles).not.toContain("c");
  });

  it("sorts merge inputs by port, then edge order", () => {
    const idx = buildGraphIndex(
      g(
        ["a", "b", "c", "m"],
        [
          ["a", "m", 1],
          ["b", "m"],
          ["c", "m", 0],
        ],
      ),
    );
    expect(idx.preds[3]!.map((v) => idx.ids[v])).toEqual(["c", "a", "b"]);
  });

  it("reports dangling edges and duplicate ids", () => {
    const idx = buildGraphIndex({
      nodes: [
        { id: "a", type: "X", params: {} },
        { id: "a", type: "Y", params: {} },
      ],
      edges: [{ source: "a", target: "zz" }],
    });
    expect(idx.dangling).toEqual([0]);
    expect(idx.duplicates).toEqual([1]);
  });

  it("handles a 100k chain without overflowing the stack", () => {
    const n = 100_000;
    const ids = Array.from({ length: n }, (_, i) => `n${i}`);
    const edges: [string, string][] = ids.slice(1).map((id, i) => [ids[i]!, id]);
    edges.push([ids[n - 1]!, ids[0]!]);
    expect(orderGraph(g(ids, edges)).cycles.length).toBe(n);
  });
});
