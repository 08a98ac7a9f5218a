/**
 * Flattening blocks: replaces every Block node by a copy of its block's inner graph, so that a
 * consumer that does not know blocks (a flat code generator, a layout) sees plain layers.
 */
import type { TBlocks, TFlowEdge, TFlowNode, TGraphLike, TModelFlow } from "./types";

/** Separator between a Block node's id and an inner node's id in expanded ids (`enc1/conv_a`). */
export const BLOCK_ID_SEPARATOR = "/";

interface TExpanded {
  nodes: TFlowNode[];
  edges: TFlowEdge[];
}

/**
 * Returns `doc` with every Block node expanded, recursively. Inner node ids become
 * `<blockNodeId>/<innerId>` and carry `expandedFrom: {node, block}`; BlockInput/BlockOutput
 * nodes disappear and their edges are rewired to the outer neighbours (ports preserved). Block
 * nodes whose block is missing or recursive are kept as they are (analysis reports them).
 */
export function expandBlocks<T extends TModelFlow>(doc: T): T {
  const blocks = doc.blocks;
  if (blocks === undefined || !doc.nodes.some((n) => n.type === "Block")) return doc;
  const out = expandGraph(doc, blocks, []);
  return { ...doc, nodes: out.nodes, edges: out.edges };
}

function expandGraph(graph: TGraphLike, blocks: TBlocks, stack: string[]): TExpanded {
  const nodes: TFlowNode[] = [];
  const edges: TFlowEdge[] = [];
  // For each expanded Block node: where its port k enters, and which inner node leaves.
  const entries = new Map<string, Map<number, { target: string; port?: number }[]>>();
  const exits = new Map<string, string[]>();
  for (const node of graph.nodes) {
    const blockId = node.type === "Block" ? node.params.block : undefined;
    const block = typeof blockId === "string" ? blocks[blockId] : undefined;
    if (block === undefined || stack.includes(blockId as string)) {
      nodes.push(node);
      continue;
    }
    const inner = expandGraph(block, blocks, [...stack, blockId as string]);
    const prefix = `${node.id}${BLOCK_ID_SEPARATOR}`;
    const kinds = new Map(inner.nodes.map((n) => [n.id, n.type]));
    const ports = new Map(
      inner.nodes
        .filter((n) => n.type === "BlockInput")
        .map((n) => [n.id, typeof n.params.port === "number" ? n.params.port : 0]),
    );
    const into = new Map<number, { target: string; port?: number }[]>();
    const outOf: string[] = [];
    for (const n of inner.nodes) {
      if (n.type !== "BlockInput" && n.type !== "BlockOutput")
        nodes.push({ ...n, id: prefix + n.id, expandedFrom: { node: node.id, block: blockId } });
    }
    for (const e of inner.edges) {
      const port = ports.get(e.source);
      if (port !== undefined) {
        const list = into.get(port) ?? [];
        list.push(
          kinds.get(e.target) === "BlockOutput"
            ? { target: "" }
            : e.port === undefined
              ? { target: prefix + e.target }
              : { target: prefix + e.target, port: e.port },
        );
        into.set(port, list);
        continue;
      }
      if (kinds.get(e.target) === "BlockOutput") {
        outOf.push(prefix + e.source);
        continue;
      }
      edges.push({ ...e, source: prefix + e.source, target: prefix + e.target });
    }
    entries.set(node.id, into);
    exits.set(node.id, outOf);
  }
  // Outer edges into an expanded Block: port k is the k-th input in analysis order (by port,
  // then edge order), exactly as the Block node's BlockInput ports are fed.
  const position = new Map<number, number>();
  for (const id of entries.keys()) {
    const incoming = graph.edges
      .map((e, k) => ({ e, k }))
      .filter(({ e }) => e.target === id)
      .sort((a, b) => portKey(a.e) - portKey(b.e) || a.k - b.k);
    incoming.forEach(({ k }, n) => position.set(k, n));
  }
  // What leaves a node: itself, or for an expanded Block its inner exits plus, for a BlockInput
  // wired straight to the BlockOutput, whatever feeds that port (resolved recursively).
  const resolving = new Set<string>();
  const sourcesOf = (id: string): string[] => {
    const inner = exits.get(id);
    if (inner === undefined) return [id];
    const out = inner.filter((x) => x !== "");
    const through = entries.get(id);
    if (resolving.has(id) || through === undefined) return out;
    resolving.add(id);
    graph.edges.forEach((e, k) => {
      if (e.target !== id) return;
      const targets = through.get(position.get(k) ?? 0) ?? [];
      if (targets.some((t) => t.target === "")) out.push(...sourcesOf(e.source));
    });
    resolving.delete(id);
    return out;
  };
  graph.edges.forEach((e, k) => {
    const into = entries.get(e.target);
    const targets =
      into === undefined
        ? [e.port === undefined ? { target: e.target } : { target: e.target, port: e.port }]
        : (into.get(position.get(k) ?? 0) ?? []);
    for (const s of sourcesOf(e.source)) {
      for (const t of targets) {
        if (t.target === "") continue;
        const edge: TFlowEdge = { ...e, source: s, target: t.target };
        if (t.port === undefined) delete edge.port;
        else edge.port = t.port;
        edges.push(edge);
      }
    }
  });
  return { nodes, edges };
}

function portKey(e: TFlowEdge): number {
  return typeof e.port === "number" ? e.port : Number.MAX_SAFE_INTEGER;
}
