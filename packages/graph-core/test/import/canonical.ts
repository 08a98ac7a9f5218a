/**
 * Structural comparison "ids aside": renames every node and block of a document after what it
 * is (type, params in graph-core's form, and what feeds it, port by port), so two documents of
 * the same graph become identical whatever their ids, and `diffModels` of the renamed
 * documents is empty exactly when the graphs are the same.
 */
import type { TBlocks, TFlowEdge, TFlowNode, TGraphLike, TModelFlow } from "../../src/graph/types";
import { normalizeParams } from "../../src/import/finish-import";
import { getLayerDef } from "../../src/layers/registry";

/** cyrb53: a fast 53-bit string hash (collisions are irrelevant at test sizes). */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
    a.localeCompare(b),
  );
  return Object.fromEntries(entries.map(([k, v]) => [k, sortedKeys(v)]));
}

function canonicalGraph(graph: TGraphLike, blockIds: Map<string, string>): TGraphLike {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const incoming = new Map<string, TFlowEdge[]>();
  for (const e of graph.edges) incoming.set(e.target, [...(incoming.get(e.target) ?? []), e]);
  const params = (n: TFlowNode) => {
    if (n.type === "Block") return { block: blockIds.get(String(n.params.block)) ?? "?" };
    const def = getLayerDef(n.type);
    return def === undefined ? n.params : normalizeParams(n, def, n.id, []);
  };
  const keys = new Map<string, string>();
  const keyOf = (id: string): string => {
    const known = keys.get(id);
    if (known !== undefined) return known;
    keys.set(id, "cycle");
    const n = byId.get(id)!;
    const inputs = (incoming.get(id) ?? [])
      .map((e, k) => ({ e, k }))
      .sort((a, b) => (a.e.port ?? 0) - (b.e.port ?? 0) || a.k - b.k)
      .map(({ e }) => keyOf(e.source));
    const key = `${n.type}#${hash(JSON.stringify(sortedKeys([n.type, params(n), inputs])))}`;
    keys.set(id, key);
    return key;
  };
  const seen = new Map<string, number>();
  const rename = new Map<string, string>();
  for (const n of graph.nodes) {
    const key = keyOf(n.id);
    const k = seen.get(key) ?? 0;
    seen.set(key, k + 1);
    rename.set(n.id, k === 0 ? key : `${key}~${k}`);
  }
  const nodes = graph.nodes
    .map((n) => ({ id: rename.get(n.id)!, type: n.type, params: params(n) }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const edges = graph.edges
    .map((e) => {
      const edge: TFlowEdge = { source: rename.get(e.source)!, target: rename.get(e.target)! };
      if ((incoming.get(e.target)?.length ?? 0) > 1 && e.port !== undefined) edge.port = e.port;
      return edge;
    })
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return { nodes, edges };
}

/** Blocks innermost first, so a block's id can name the blocks it uses. */
function canonicalBlocks(blocks: TBlocks): { ids: Map<string, string>; out: TBlocks } {
  const ids = new Map<string, string>();
  const out: TBlocks = {};
  const visit = (id: string, stack: string[]): string => {
    const known = ids.get(id);
    if (known !== undefined) return known;
    const def = blocks[id]!;
    for (const n of def.nodes) {
      const inner = String(n.params.block);
      if (n.type === "Block" && blocks[inner] && !stack.includes(inner))
        visit(inner, [...stack, id]);
    }
    const graph = canonicalGraph(def, ids);
    const canonical = `block#${hash(JSON.stringify(graph))}`;
    ids.set(id, canonical);
    out[canonical] = { label: canonical, nodes: [...graph.nodes], edges: [...graph.edges] };
    return canonical;
  };
  for (const id of Object.keys(blocks)) visit(id, []);
  return { ids, out };
}

/** The document with structural names only (see the file comment); positions and labels go. */
export function canonicalize(doc: TModelFlow): TModelFlow {
  const { ids, out } = canonicalBlocks(doc.blocks ?? {});
  const graph = canonicalGraph(doc, ids);
  const result: TModelFlow = {
    format: doc.format,
    version: doc.version,
    name: "",
    nodes: [...graph.nodes],
    edges: [...graph.edges],
  };
  if (Object.keys(out).length > 0) result.blocks = out;
  return result;
}

/** `doc` without its Output nodes (training settings that the generated code does not carry). */
export function withoutOutputs(doc: TModelFlow): TModelFlow {
  const outputs = new Set(doc.nodes.filter((n) => n.type === "Output").map((n) => n.id));
  return {
    ...doc,
    nodes: doc.nodes.filter((n) => !outputs.has(n.id)),
    edges: doc.edges.filter((e) => !outputs.has(e.target)),
  };
}
