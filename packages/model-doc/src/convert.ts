import {
  MODEL_FLOW_FORMAT,
  MODEL_FLOW_VERSION,
  type TFlowEdge,
  type TFlowNode,
  type TJsonValue,
  type TModelFlow,
  type TParams,
  type TPosition,
} from "@layerwise/graph-core";
import * as Y from "yjs";
import { EXTRA_KEY, ORDER_KEY, modelMaps, readMeta, type TYEdge, type TYNode } from "./schema";

const NODE_FIELDS = new Set(["id", "type", "params", "position", "label"]);
const EDGE_FIELDS = new Set(["source", "target", "port"]);
const DOC_FIELDS = new Set(["format", "version", "name", "nodes", "edges"]);

/** Origin of transactions that replace the whole model (import, template). */
export const REPLACE_ORIGIN = "layerwise:replace";

function extrasOf(
  obj: Record<string, unknown>,
  known: ReadonlySet<string>,
): Record<string, unknown> | null {
  let extra: Record<string, unknown> | null = null;
  for (const [k, v] of Object.entries(obj)) {
    if (known.has(k) || v === undefined) continue;
    (extra ??= {})[k] = v;
  }
  return extra;
}

/** Builds the Y.Map of one node (not yet integrated). */
export function nodeToY(node: TFlowNode, order: number): TYNode {
  const y = new Y.Map<unknown>();
  y.set("type", node.type);
  const params = new Y.Map<unknown>();
  for (const [k, v] of Object.entries(node.params ?? {})) if (v !== undefined) params.set(k, v);
  y.set("params", params);
  if (node.position) y.set("position", { x: node.position.x, y: node.position.y });
  if (node.label !== undefined) y.set("label", node.label);
  y.set(ORDER_KEY, order);
  const extra = extrasOf(node, NODE_FIELDS);
  if (extra) y.set(EXTRA_KEY, extra);
  return y;
}

/** Builds the Y.Map of one edge (not yet integrated). */
export function edgeToY(edge: TFlowEdge, order: number): TYEdge {
  const y = new Y.Map<unknown>();
  y.set("source", edge.source);
  y.set("target", edge.target);
  if (typeof edge.port === "number") y.set("port", edge.port);
  y.set(ORDER_KEY, order);
  const extra = extrasOf(edge, EDGE_FIELDS);
  if (extra) y.set(EXTRA_KEY, extra);
  return y;
}

/**
 * Reads one stored node back into a model-flow node (fields in model-flow order, params by
 * name: a Y.Map iterates in the order this peer integrated its keys, which differs between peers
 * after concurrent edits, and graph-core reports param diagnostics in params order).
 */
export function yToNode(id: string, y: TYNode): TFlowNode {
  const params: TParams = {};
  const yParams = y.get("params");
  if (yParams instanceof Y.Map) {
    const keys = [...yParams.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const k of keys) params[k] = yParams.get(k) as TJsonValue;
  }
  const node: TFlowNode = { id, type: String(y.get("type") ?? ""), params };
  const position = y.get("position") as TPosition | undefined;
  if (position) node.position = { x: position.x, y: position.y };
  const label = y.get("label");
  if (typeof label === "string") node.label = label;
  const extra = y.get(EXTRA_KEY) as Record<string, unknown> | undefined;
  if (extra) for (const [k, v] of Object.entries(extra)) if (!(k in node)) node[k] = v;
  return node;
}

/** Reads one stored edge back into a model-flow edge. */
export function yToEdge(y: TYEdge): TFlowEdge {
  const edge: TFlowEdge = { source: String(y.get("source")), target: String(y.get("target")) };
  const port = y.get("port");
  if (typeof port === "number") edge.port = port;
  const extra = y.get(EXTRA_KEY) as Record<string, unknown> | undefined;
  if (extra) for (const [k, v] of Object.entries(extra)) if (!(k in edge)) edge[k] = v;
  return edge;
}

/** Entries of a Y.Map sorted by their `$order` (then id, so peers agree on ties). */
export function sortedEntries<T extends Y.Map<unknown>>(map: Y.Map<T>): [string, T][] {
  const entries = [...map.entries()];
  entries.sort((a, b) => {
    const oa = Number(a[1].get(ORDER_KEY) ?? 0);
    const ob = Number(b[1].get(ORDER_KEY) ?? 0);
    return oa !== ob ? oa - ob : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
  });
  return entries;
}

/** An id for an edge that is stable for equal endpoints (duplicates get a suffix). */
export function edgeIdFor(
  edge: Pick<TFlowEdge, "source" | "target" | "port">,
  taken: (id: string) => boolean,
): string {
  const base = `${edge.source}->${edge.target}${typeof edge.port === "number" ? `:${edge.port}` : ""}`;
  let id = base;
  for (let i = 2; taken(id); i++) id = `${base}#${i}`;
  return id;
}

/**
 * The model-flow document held by `ydoc`. Unknown fields of the document, nodes and edges come
 * back as they went in; `$`-keys never leak out.
 */
export function docToModelFlow(ydoc: Y.Doc): TModelFlow {
  const { nodes, edges, meta } = modelMaps(ydoc);
  const flow: TModelFlow = {
    format: MODEL_FLOW_FORMAT,
    version: MODEL_FLOW_VERSION,
    name: readMeta(ydoc).name,
    nodes: sortedEntries(nodes).map(([id, y]) => yToNode(id, y)),
    edges: sortedEntries(edges).map(([, y]) => yToEdge(y)),
  };
  const extra = meta.get(EXTRA_KEY) as Record<string, unknown> | undefined;
  if (extra) for (const [k, v] of Object.entries(extra)) if (!(k in flow)) flow[k] = v;
  return flow;
}

/**
 * Replaces the model in `ydoc` with `flow` in one transaction (import, template, blank). Keeps
 * the editor settings in `meta` (alignment, auto-align) unless `flow` carries none.
 */
export function modelFlowToDoc(
  ydoc: Y.Doc,
  flow: TModelFlow,
  origin: unknown = REPLACE_ORIGIN,
): void {
  const { nodes, edges, meta } = modelMaps(ydoc);
  ydoc.transact(() => {
    nodes.clear();
    edges.clear();
    flow.nodes.forEach((n, i) => nodes.set(n.id, nodeToY(n, i)));
    flow.edges.forEach((e, i) =>
      edges.set(
        edgeIdFor(e, (id) => edges.has(id)),
        edgeToY(e, i),
      ),
    );
    meta.set("name", flow.name);
    const extra = extrasOf(flow, DOC_FIELDS);
    if (extra) meta.set(EXTRA_KEY, extra);
    else meta.delete(EXTRA_KEY);
  }, origin);
}
