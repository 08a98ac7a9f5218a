import { IdMap } from "./id-map";
import { heapPop, heapPush } from "./min-heap";
import type { TGraphLike } from "./types";

/**
 * Integer-indexed view of a graph, built once per structural change. Analysis runs on these
 * arrays rather than on ids so that the hot path does no string hashing.
 */
export interface TGraphIndex {
  /** Node ids in document order (later duplicates of an id are skipped). */
  ids: string[];
  /** Position of each kept node in `graph.nodes`. */
  docIndex: number[];
  /** Id → node index (a `Map` with the same behaviour, fast to build; see `IdMap`). */
  indexOf: IdMap;
  /** Per node: source node indices in input order (by `port`, then edge document order). */
  preds: number[][];
  /** Per node: target node indices, one entry per edge. */
  succs: number[][];
  /** Edge indices whose source or target does not exist. */
  dangling: number[];
  /** Document indices of nodes whose id was already used. */
  duplicates: number[];
}

const EMPTY: number[] = [];

/**
 * Shared one-element lists: most nodes have exactly one input and one output, and a list per
 * node and direction was the largest allocation of a full analysis (GC time grows with the
 * graph). Never mutated: code that edits a list in place first checks `isShared`.
 */
const SINGLES: number[][] = [];

/** The shared list `[v]`. */
function single(v: number): number[] {
  return (SINGLES[v] ??= [v]);
}

/** True for EMPTY and the shared one-element lists, which must be replaced rather than edited. */
function isShared(list: number[]): boolean {
  return list === EMPTY || (list.length === 1 && SINGLES[list[0]!] === list);
}

/** Builds the adjacency of a graph (document or block). Cost O(nodes + edges). */
export function buildGraphIndex(graph: TGraphLike): TGraphIndex {
  const nodes = graph.nodes;
  // Sized once (growing by push copies each array about twice); trimmed after duplicates.
  let ids = new Array<string>(nodes.length);
  let docIndex = new Array<number>(nodes.length);
  const indexOf = new IdMap(nodes.length);
  const duplicates: number[] = [];
  let n = 0;
  for (let i = 0; i < nodes.length; i++) {
    const id = nodes[i]!.id;
    // One hash operation per node: add, and notice a duplicate (rare) by the id being present.
    if (indexOf.addIfAbsent(id, n) !== undefined) {
      duplicates.push(i);
      continue;
    }
    ids[n] = id;
    docIndex[n++] = i;
  }
  if (n < nodes.length) {
    ids = ids.slice(0, n);
    docIndex = docIndex.slice(0, n);
  }
  // Lists are allocated only for nodes that have edges; the rest share one empty array.
  const preds: number[][] = new Array<number[]>(n).fill(EMPTY);
  const succs: number[][] = new Array<number[]>(n).fill(EMPTY);
  const dangling: number[] = [];
  // Port of the last edge seen per target: a sort is needed only when ports arrive out of order.
  let lastPort: Float64Array | null = null;
  let unsorted: number[] | null = null;
  const edges = graph.edges;
  // Most documents list edges along the chain (a → b, b → c) with nodes in the same order:
  // guess the source as the last target and the target as the source's document successor, and
  // confirm the guess with one string comparison instead of a hash lookup (ids are unique, so a
  // match is exactly what the map would answer).
  let last = -1;
  for (let e = 0; e < edges.length; e++) {
    const edge = edges[e]!;
    const source = edge.source;
    const target = edge.target;
    const s = last !== -1 && ids[last] === source ? last : indexOf.get(source);
    const t = s !== undefined && s + 1 < n && ids[s + 1] === target ? s + 1 : indexOf.get(target);
    if (t !== undefined) last = t;
    if (s === undefined || t === undefined) {
      dangling.push(e);
      continue;
    }
    const out = succs[s]!;
    if (out === EMPTY) succs[s] = single(t);
    else if (isShared(out)) succs[s] = [out[0]!, t];
    else out.push(t);
    const port = typeof edge.port === "number" ? edge.port : Number.MAX_SAFE_INTEGER;
    const into = preds[t]!;
    if (into === EMPTY) {
      preds[t] = single(s);
      if (port !== 0) (lastPort ??= new Float64Array(n))[t] = port;
    } else {
      if (isShared(into)) preds[t] = [into[0]!, s];
      else into.push(s);
      lastPort ??= new Float64Array(n);
      if (port < lastPort[t]!) (unsorted ??= []).push(t);
      else lastPort[t] = port;
    }
  }
  if (unsorted !== null) {
    for (const t of new Set(unsorted)) preds[t] = inputsOf(graph, indexOf, ids[t]!);
  }
  return { ids, docIndex, indexOf, preds, succs, dangling, duplicates };
}

/**
 * Removes node `v` and every edge touching it from `index`, in place: indices above `v` move
 * down by one. Only for an index without duplicate ids or dangling edges (then node index =
 * document index). Cheaper than `buildGraphIndex` on the smaller graph, which hashes every id
 * and edge again.
 */
export function removeFromIndex(index: TGraphIndex, v: number): void {
  const id = index.ids[v]!;
  // A new ids array: published analyses keep the old one (see NodeResults).
  index.ids = index.ids.slice();
  index.ids.splice(v, 1);
  index.docIndex.splice(v, 1);
  index.preds.splice(v, 1);
  index.succs.splice(v, 1);
  index.indexOf.delete(id);
  for (let w = v; w < index.ids.length; w++) {
    index.docIndex[w] = w;
    index.indexOf.set(index.ids[w]!, w);
  }
  for (let w = 0; w < index.ids.length; w++) {
    index.preds[w] = dropAndShiftList(index.preds[w]!, v);
    index.succs[w] = dropAndShiftList(index.succs[w]!, v);
  }
}

/** `dropAndShift` for an adjacency list, which may be shared: returns the list to keep. */
function dropAndShiftList(list: number[], v: number): number[] {
  if (!isShared(list)) {
    dropAndShift(list, v);
    return list;
  }
  if (list.length === 0) return list;
  const w = list[0]!;
  return w === v ? EMPTY : w > v ? single(w - 1) : list;
}

/** Removes every `v` from `list` and moves the entries above it down by one, in place. */
export function dropAndShift(list: number[], v: number): void {
  let k = 0;
  for (let i = 0; i < list.length; i++) {
    const w = list[i]!;
    if (w !== v) list[k++] = w > v ? w - 1 : w;
  }
  if (k < list.length) list.length = k;
}

/**
 * The inputs of node `id` in input order: by `port` (edges without a port after every numbered
 * one), ties in edge document order. Edges from missing nodes are skipped.
 */
export function inputsOf(
  graph: TGraphLike,
  indexOf: ReadonlyMap<string, number>,
  id: string,
): number[] {
  const list: { source: number; port: number; order: number }[] = [];
  const edges = graph.edges;
  for (let e = 0; e < edges.length; e++) {
    const edge = edges[e]!;
    if (edge.target !== id) continue;
    const s = indexOf.get(edge.source);
    if (s === undefined) continue;
    list.push({
      source: s,
      port: typeof edge.port === "number" ? edge.port : Number.MAX_SAFE_INTEGER,
      order: e,
    });
  }
  if (list.length === 0) return EMPTY;
  list.sort((a, b) => a.port - b.port || a.order - b.order);
  return list.map((x) => x.source);
}

/** The targets of node `id`, one per edge, in edge document order. */
export function outputsOf(
  graph: TGraphLike,
  indexOf: ReadonlyMap<string, number>,
  id: string,
): number[] {
  const out: number[] = [];
  for (const edge of graph.edges) {
    if (edge.source !== id) continue;
    const t = indexOf.get(edge.target);
    if (t !== undefined) out.push(t);
  }
  return out.length === 0 ? EMPTY : out;
}

/** Result of ordering a graph: a topological order and which nodes sit on a cycle. */
export interface TTopoOrder {
  /** Node indices: Kahn order first, then nodes on or behind cycles in document order. */
  order: number[];
  /** 1 where the node is part of a cycle (a strongly connected component > 1, or a self loop). */
  onCycle: Uint8Array;
  /** Number of nodes Kahn could place; `order.slice(sorted)` are on or behind cycles. */
  sorted: number;
}

/**
 * Deterministic topological order (Kahn's algorithm; among ready nodes the one earliest in the
 * document goes first, so the order does not depend on edge order or hash iteration).
 */
export function topologicalOrder(index: TGraphIndex): TTopoOrder {
  const n = index.ids.length;
  const indeg = new Int32Array(n);
  for (let v = 0; v < n; v++) indeg[v] = index.preds[v]!.length;
  // Binary min-heap of node indices; node index order is document order.
  const heap: number[] = [];
  for (let v = 0; v < n; v++) if (indeg[v] === 0) heap.push(v); // ascending: already a heap
  const order: number[] = [];
  const placed = new Uint8Array(n);
  while (heap.length > 0) {
    const v = heapPop(heap);
    order.push(v);
    placed[v] = 1;
    const out = index.succs[v]!;
    for (let k = 0; k < out.length; k++) {
      const w = out[k]!;
      if (--indeg[w]! === 0) heapPush(heap, w);
    }
  }
  const sorted = order.length;
  const onCycle = new Uint8Array(n);
  if (sorted < n) {
    for (let v = 0; v < n; v++) if (placed[v] === 0) order.push(v);
    markCycles(index, placed, onCycle);
  }
  return { order, onCycle, sorted };
}

/**
 * Marks nodes on cycles with an iterative Tarjan SCC over the unplaced nodes (placed nodes
 * cannot be on a cycle). Iterative so that a 100k-node chain cannot overflow the stack.
 */
function markCycles(index: TGraphIndex, placed: Uint8Array, onCycle: Uint8Array): void {
  const n = index.ids.length;
  const num = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const callNode: number[] = [];
  const callEdge: number[] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (placed[root] === 1 || num[root] !== -1) continue;
    callNode.push(root);
    callEdge.push(0);
    num[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (callNode.length > 0) {
      const top = callNode.length - 1;
      const v = callNode[top]!;
      const out = index.succs[v]!;
      const k = callEdge[top]!;
      if (k < out.length) {
        callEdge[top] = k + 1;
        const w = out[k]!;
        if (placed[w] === 1) continue;
        if (w === v) onCycle[v] = 1;
        if (num[w] === -1) {
          num[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          callNode.push(w);
          callEdge.push(0);
        } else if (onStack[w] === 1 && num[w]! < low[v]!) {
          low[v] = num[w]!;
        }
        continue;
      }
      callNode.pop();
      callEdge.pop();
      if (callNode.length > 0) {
        const parent = callNode[callNode.length - 1]!;
        if (low[v]! < low[parent]!) low[parent] = low[v]!;
      }
      if (low[v] === num[v]) {
        const start = stack.lastIndexOf(v);
        if (stack.length - start > 1)
          for (let i = start; i < stack.length; i++) onCycle[stack[i]!] = 1;
        for (let i = start; i < stack.length; i++) onStack[stack[i]!] = 0;
        stack.length = start;
      }
    }
  }
}

/**
 * Convenience wrapper on ids: the deterministic topological order and the ids on cycles.
 * Nodes on or behind a cycle come last, in document order.
 */
export function orderGraph(graph: TGraphLike): { order: string[]; cycles: string[] } {
  const index = buildGraphIndex(graph);
  const topo = topologicalOrder(index);
  const cycles: string[] = [];
  for (let v = 0; v < index.ids.length; v++) if (topo.onCycle[v] === 1) cycles.push(index.ids[v]!);
  return { order: topo.order.map((v) => index.ids[v]!), cycles };
}
