import type * as Y from "yjs";

/**
 * Layout of a model inside a Y.Doc (ARCHITECTURE.md, "Collaboration"). Keys starting with `$` are
 * bookkeeping that never reaches the model-flow document.
 */
export const NODES_KEY = "nodes";
export const EDGES_KEY = "edges";
export const META_KEY = "meta";

/** Per-node / per-edge fractional index: Y.Map has no order, model-flow documents do. */
export const ORDER_KEY = "$order";
/** Unknown fields of a node, edge or document, kept verbatim for a lossless round trip. */
export const EXTRA_KEY = "$extra";

/** Alignment modes the editor offers (graph-core layouts). */
export type TAlignment = "simple" | "unet";

/** Known `meta` entries. */
export interface TModelMeta {
  name: string;
  alignment: TAlignment;
  /** Re-run the layout after every model change. */
  autoAlign: boolean;
}

/** A node as stored: `type`, `params` (Y.Map), `position`, `label`, `$order`, `$extra`. */
export type TYNode = Y.Map<unknown>;
/** An edge as stored: `source`, `target`, `port`, `$order`, `$extra`. */
export type TYEdge = Y.Map<unknown>;

/** The three top-level types of a model Y.Doc. */
export function modelMaps(ydoc: Y.Doc): {
  nodes: Y.Map<TYNode>;
  edges: Y.Map<TYEdge>;
  meta: Y.Map<unknown>;
} {
  return {
    nodes: ydoc.getMap<TYNode>(NODES_KEY),
    edges: ydoc.getMap<TYEdge>(EDGES_KEY),
    meta: ydoc.getMap<unknown>(META_KEY),
  };
}

/** Reads the known meta entries with their defaults. */
export function readMeta(ydoc: Y.Doc): TModelMeta {
  const meta = modelMaps(ydoc).meta;
  const name = meta.get("name");
  const alignment = meta.get("alignment");
  const autoAlign = meta.get("autoAlign");
  return {
    name: typeof name === "string" ? name : "Untitled model",
    alignment: alignment === "unet" ? "unet" : "simple",
    autoAlign: typeof autoAlign === "boolean" ? autoAlign : true,
  };
}
