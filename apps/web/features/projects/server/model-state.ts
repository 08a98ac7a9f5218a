import {
  MODEL_FLOW_FORMAT,
  MODEL_FLOW_VERSION,
  parseModelFlow,
  type TModelFlow,
  type TParseError,
} from "@layerwise/graph-core";
import * as Y from "yjs";

/*
 * Y.Doc ⇄ model-flow for the server: what Project.ydocState holds (ARCHITECTURE.md,
 * "Collaboration": `nodes` and `edges` maps of Y.Maps, `meta` with the name).
 *
 * TODO(model-doc): @layerwise/model-doc is the one shared module for this conversion; it is being
 * written in parallel. These two functions are the only place the web server converts, so they
 * switch to model-doc's functions in one edit when it lands.
 */

/** Largest Y.Doc state the server accepts (a 500-node model is well under 1 MiB). */
export const MAX_YDOC_STATE_BYTES = 4 * 1024 * 1024;

/** What reading stored or uploaded Y.Doc state can produce. */
export type TModelReadResult = { ok: true; model: TModelFlow } | { ok: false; errors: TParseError[] };

/** Builds a fresh Y.Doc holding `model` and returns its encoded state. */
export function ydocStateFromModel(model: TModelFlow): Uint8Array<ArrayBuffer> {
  const doc = new Y.Doc();
  doc.transact(() => {
    const nodes = doc.getMap<Y.Map<unknown>>("nodes");
    const edges = doc.getMap<Y.Map<unknown>>("edges");
    const meta = doc.getMap<unknown>("meta");
    const { nodes: flowNodes, edges: flowEdges, format: _f, version: _v, ...rest } = model;
    for (const [key, value] of Object.entries(rest)) meta.set(key, value);
    flowNodes.forEach((node, index) => {
      const { id, params, ...fields } = node;
      const map = new Y.Map<unknown>();
      nodes.set(id, map);
      const paramMap = new Y.Map<unknown>();
      map.set("params", paramMap);
      for (const [key, value] of Object.entries(params ?? {})) paramMap.set(key, value);
      for (const [key, value] of Object.entries(fields)) if (value !== undefined) map.set(key, value);
      // Y.Map iteration order is not insertion order across clients: keep document order.
      map.set("order", index);
    });
    flowEdges.forEach((edge, index) => {
      const map = new Y.Map<unknown>();
      for (const [key, value] of Object.entries(edge)) if (value !== undefined) map.set(key, value);
      map.set("order", index);
      edges.set(`${edge.source}->${edge.target}${edge.port === undefined ? "" : `:${edge.port}`}`, map);
    });
  });
  // Copied so the type is a plain ArrayBuffer-backed array, as Prisma's Bytes expects.
  return new Uint8Array(Y.encodeStateAsUpdate(doc));
}

/** Reads the model out of a Y.Doc (already loaded), validated by graph-core. */
export function modelFromYdoc(doc: Y.Doc): TModelReadResult {
  const meta = doc.getMap<unknown>("meta").toJSON() as Record<string, unknown>;
  const nodes = sortByOrder(doc.getMap<Y.Map<unknown>>("nodes")).map(([id, map]) => {
    const fields = map instanceof Y.Map ? (map.toJSON() as Record<string, unknown>) : {};
    const { order: _o, ...rest } = fields;
    return { ...rest, id, params: rest.params ?? {} };
  });
  const edges = sortByOrder(doc.getMap<Y.Map<unknown>>("edges")).map(([, map]) => {
    const fields = map instanceof Y.Map ? (map.toJSON() as Record<string, unknown>) : {};
    const { order: _o, ...rest } = fields;
    return rest;
  });
  const parsed = parseModelFlow({
    ...meta,
    format: MODEL_FLOW_FORMAT,
    version: MODEL_FLOW_VERSION,
    name: typeof meta.name === "string" ? meta.name : "Untitled model",
    nodes,
    edges,
  });
  return parsed.ok ? { ok: true, model: parsed.doc } : { ok: false, errors: parsed.errors };
}

/** Decodes stored or uploaded state; malformed bytes are an error, never an exception. */
export function modelFromYdocState(state: Uint8Array): TModelReadResult {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
  } catch {
    return { ok: false, errors: [{ path: "", message: "the model data is not a valid Y.Doc update" }] };
  }
  return modelFromYdoc(doc);
}

/** An empty model: what a blank project starts with. */
export function blankModel(name: string): TModelFlow {
  return { format: MODEL_FLOW_FORMAT, version: MODEL_FLOW_VERSION, name, nodes: [], edges: [] };
}

function sortByOrder(map: Y.Map<Y.Map<unknown>>): [string, Y.Map<unknown>][] {
  const entries = [...map.entries()];
  const orderOf = (m: unknown): number => {
    const order = m instanceof Y.Map ? m.get("order") : undefined;
    return typeof order === "number" ? order : Number.MAX_SAFE_INTEGER;
  };
  return entries.sort((a, b) => orderOf(a[1]) - orderOf(b[1]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
