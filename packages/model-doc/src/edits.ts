import {
  getLayerDef,
  type TFlowEdge,
  type TFlowNode,
  type TJsonValue,
  type TPosition,
} from "@layerwise/graph-core";
import * as Y from "yjs";
import { edgeIdFor, edgeToY, nodeToY, yToEdge } from "./convert";
import { ORDER_KEY, modelMaps, type TModelMeta, type TYEdge } from "./schema";

/** Origin of the editor's own edits: the undo manager tracks exactly these. */
export const LOCAL_ORIGIN = "layerwise:local";
/** Origin of automatic layout writes (not undoable on their own). */
export const LAYOUT_ORIGIN = "layerwise:layout";

function nextOrder(map: Y.Map<Y.Map<unknown>>): number {
  let max = -1;
  for (const y of map.values()) max = Math.max(max, Number(y.get(ORDER_KEY) ?? 0));
  return max + 1;
}

/**
 * True when `type` orders its inputs by port: a merge (variadic: Concat, Add…) or a layer with
 * two or more fixed inputs (Bilinear(x1, x2), TransformerDecoderLayer(tgt, memory)), whose
 * incoming edges must say which input they are.
 */
export function isMergeType(type: string): boolean {
  const inputs = getLayerDef(type)?.inputs;
  return inputs === "variadic" || (inputs !== undefined && inputs >= 2);
}

/**
 * How many input handles a node of `type` shows when `used` ports are connected (the highest
 * port + 1): none for an Input, the fixed count for a fixed-arity layer (more only if a document
 * already wires more), and one free port past the used ones for a merge (at least 2).
 */
export function inputPortCount(type: string, used: number): number {
  if (type === "Input") return 0;
  const inputs = getLayerDef(type)?.inputs;
  if (inputs === "variadic") return Math.max(2, used + 1);
  return Math.max(inputs ?? 1, inputs !== undefined && inputs >= 2 ? used : 1);
}

/** A fresh node id for `type` (`conv2d_3`), unique in the document. */
export function freshNodeId(ydoc: Y.Doc, type: string): string {
  const nodes = modelMaps(ydoc).nodes;
  const base = type.toLowerCase().replace(/[^a-z0-9]+/g, "_") || "node";
  let i = 1;
  while (nodes.has(`${base}_${i}`)) i++;
  return `${base}_${i}`;
}

/** Adds nodes (and optionally edges between them or to existing nodes) in one transaction. */
export function addNodes(
  ydoc: Y.Doc,
  nodes: readonly TFlowNode[],
  edges: readonly TFlowEdge[] = [],
  origin: unknown = LOCAL_ORIGIN,
): void {
  const maps = modelMaps(ydoc);
  ydoc.transact(() => {
    let order = nextOrder(maps.nodes);
    for (const n of nodes) maps.nodes.set(n.id, nodeToY(n, order++));
    for (const e of edges) connect(ydoc, e, origin);
  }, origin);
}

/** Adds one node. */
export function addNode(ydoc: Y.Doc, node: TFlowNode, origin: unknown = LOCAL_ORIGIN): void {
  addNodes(ydoc, [node], [], origin);
}

/**
 * Removes nodes and every edge touching them. With `heal`, a removed single-input node's input
 * is reconnected to its consumers, as users expect when taking a layer out of a chain.
 */
export function removeNodes(
  ydoc: Y.Doc,
  ids: readonly string[],
  options: { heal?: boolean } = {},
  origin: unknown = LOCAL_ORIGIN,
): void {
  const { nodes, edges } = modelMaps(ydoc);
  const gone = new Set(ids);
  ydoc.transact(() => {
    const bridges: TFlowEdge[] = [];
    const all = [...edges.entries()].map(([id, y]) => [id, yToEdge(y)] as const);
    if (options.heal) {
      for (const id of ids) {
        const ins = all.filter(([, e]) => e.target === id);
        if (ins.length !== 1 || isMergeType(String(nodes.get(id)?.get("type")))) continue;
        const src = ins[0]![1].source;
        if (gone.has(src)) continue;
        for (const [, e] of all)
          if (e.source === id && !gone.has(e.target))
            bridges.push({
              source: src,
              target: e.target,
              ...(e.port === undefined ? {} : { port: e.port }),
            });
      }
    }
    for (const [eid, e] of all) if (gone.has(e.source) || gone.has(e.target)) edges.delete(eid);
    for (const id of ids) nodes.delete(id);
    for (const b of bridges) connect(ydoc, b, origin);
  }, origin);
}

/** Removes edges by id. */
export function removeEdges(
  ydoc: Y.Doc,
  ids: readonly string[],
  origin: unknown = LOCAL_ORIGIN,
): void {
  const { edges } = modelMaps(ydoc);
  ydoc.transact(() => {
    for (const id of ids) edges.delete(id);
  }, origin);
}

/** Removes the edges with these endpoints (and port, when given): how a canvas deletes edges. */
export function disconnect(
  ydoc: Y.Doc,
  remove: readonly Pick<TFlowEdge, "source" | "target" | "port">[],
  origin: unknown = LOCAL_ORIGIN,
): void {
  const { edges } = modelMaps(ydoc);
  ydoc.transact(() => {
    for (const [id, y] of [...edges.entries()]) {
      const hit = remove.some(
        (r) =>
          r.source === y.get("source") &&
          r.target === y.get("target") &&
          (r.port === undefined || r.port === y.get("port")),
      );
      if (hit) edges.delete(id);
    }
  }, origin);
}

/**
 * Connects `source` to `target`. A single-input target loses its previous input (an edge is
 * replaced, not added); a merge target takes `port`, or the first free port when absent; an
 * edge that would repeat an existing one or connect a node to itself is ignored.
 * Returns the edge id, or null when nothing was added.
 */
export function connect(
  ydoc: Y.Doc,
  edge: TFlowEdge,
  origin: unknown = LOCAL_ORIGIN,
): string | null {
  const { nodes, edges } = modelMaps(ydoc);
  if (edge.source === edge.target || !nodes.has(edge.source) || !nodes.has(edge.target))
    return null;
  let added: string | null = null;
  ydoc.transact(() => {
    const merge = isMergeType(String(nodes.get(edge.target)?.get("type")));
    const incoming: [string, TYEdge][] = [...edges.entries()].filter(
      ([, y]) => y.get("target") === edge.target,
    );
    let port = edge.port;
    if (merge) {
      const used = new Set(incoming.map(([, y]) => y.get("port")));
      // A fixed-arity target (Bilinear: ports 0 and 1) replaces its last input once all are taken.
      const inputs = getLayerDef(String(nodes.get(edge.target)?.get("type")))?.inputs;
      const last = typeof inputs === "number" ? inputs - 1 : Infinity;
      if (port === undefined) {
        port = 0;
        while (used.has(port) && port < last) port++;
      }
      for (const [id, y] of incoming) if (y.get("port") === port) edges.delete(id);
    } else {
      if (incoming.some(([, y]) => y.get("source") === edge.source)) return;
      for (const [id] of incoming) edges.delete(id);
      port = undefined;
    }
    const full: TFlowEdge = { ...edge, ...(port === undefined ? {} : { port }) };
    if (port === undefined) delete full.port;
    added = edgeIdFor(full, (id) => edges.has(id));
    edges.set(added, edgeToY(full, nextOrder(edges)));
  }, origin);
  return added;
}

/** Sets (or, with `undefined`, resets to the torch default) one parameter of a node. */
export function setParam(
  ydoc: Y.Doc,
  id: string,
  name: string,
  value: TJsonValue | undefined,
  origin: unknown = LOCAL_ORIGIN,
): void {
  const node = modelMaps(ydoc).nodes.get(id);
  const params = node?.get("params");
  if (!(params instanceof Y.Map)) return;
  ydoc.transact(() => {
    if (value === undefined) params.delete(name);
    else params.set(name, value);
  }, origin);
}

/** Sets a node's label (empty string removes it). */
export function setLabel(
  ydoc: Y.Doc,
  id: string,
  label: string,
  origin: unknown = LOCAL_ORIGIN,
): void {
  const node = modelMaps(ydoc).nodes.get(id);
  if (!node) return;
  ydoc.transact(() => {
    if (label === "") node.delete("label");
    else node.set("label", label);
  }, origin);
}

/**
 * Moves `move` to just after `after` in a chain `P → move → after → S…`, which becomes
 * `P → after → move → S…` (each S keeps its input port), and swaps the two nodes' positions so the
 * picture matches without a re-layout. One transaction: one undo step. Returns false (and changes
 * nothing) unless `move` has one input and feeds only `after`, whose only input it is —
 * graph-core's `reorderedDoc` is the same edit on a document.
 */
export function reorder(
  ydoc: Y.Doc,
  move: string,
  after: string,
  origin: unknown = LOCAL_ORIGIN,
): boolean {
  const { nodes, edges } = modelMaps(ydoc);
  const all = [...edges.entries()].map(([id, y]) => [id, yToEdge(y)] as const);
  const into = all.filter(([, e]) => e.target === move);
  const out = all.filter(([, e]) => e.source === move);
  const afterIn = all.filter(([, e]) => e.target === after);
  if (into.length !== 1 || out.length !== 1 || out[0]![1].target !== after || afterIn.length !== 1)
    return false;
  const pred = into[0]![1].source;
  const onward = all.filter(([, e]) => e.source === after);
  ydoc.transact(() => {
    for (const [id] of [...into, ...out, ...onward]) edges.delete(id);
    connect(ydoc, { source: pred, target: after }, origin);
    connect(ydoc, { source: after, target: move }, origin);
    for (const [, e] of onward)
      connect(
        ydoc,
        { source: move, target: e.target, ...(e.port === undefined ? {} : { port: e.port }) },
        origin,
      );
    const a = nodes.get(move)?.get("position") as TPosition | undefined;
    const b = nodes.get(after)?.get("position") as TPosition | undefined;
    if (a && b) {
      nodes.get(move)!.set("position", { x: b.x, y: b.y });
      nodes.get(after)!.set("position", { x: a.x, y: a.y });
    }
  }, origin);
  return true;
}

/** Moves nodes; positions equal to the stored ones are not rewritten (no empty updates). */
export function moveNodes(
  ydoc: Y.Doc,
  positions: ReadonlyMap<string, TPosition>,
  origin: unknown = LOCAL_ORIGIN,
): void {
  const { nodes } = modelMaps(ydoc);
  ydoc.transact(() => {
    for (const [id, p] of positions) {
      const node = nodes.get(id);
      if (!node) continue;
      const old = node.get("position") as TPosition | undefined;
      if (old && old.x === p.x && old.y === p.y) continue;
      node.set("position", { x: p.x, y: p.y });
    }
  }, origin);
}

/** Sets one editor setting or the model name. */
export function setMeta<K extends keyof TModelMeta>(
  ydoc: Y.Doc,
  key: K,
  value: TModelMeta[K],
  origin: unknown = LOCAL_ORIGIN,
): void {
  ydoc.transact(() => modelMaps(ydoc).meta.set(key, value), origin);
}
