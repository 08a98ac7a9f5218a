import {
  MODEL_FLOW_FORMAT,
  MODEL_FLOW_VERSION,
  type TFlowEdge,
  type TFlowNode,
  type TModelFlow,
} from "@layerwise/graph-core";
import type * as Y from "yjs";
import { docToModelFlow, sortedEntries, yToEdge, yToNode } from "./convert";
import { EXTRA_KEY, modelMaps, readMeta, type TModelMeta } from "./schema";

/** What one transaction changed, for incremental analysis and rendering. */
export interface TChangeSet {
  /** Nodes whose type, params, label or extras changed (their flow object is new). */
  nodes: ReadonlySet<string>;
  /** Nodes whose only change is the position. */
  moved: ReadonlySet<string>;
  added: ReadonlySet<string>;
  removed: ReadonlySet<string>;
  edges: boolean;
  meta: boolean;
  /** The transaction's origin (local edit, layout, remote provider…). */
  origin: unknown;
}

/** A live model-flow view of a Y.Doc. */
export interface TModelMirror {
  /** The current document; untouched nodes keep their object (===) across changes. */
  readonly flow: TModelFlow;
  readonly meta: TModelMeta;
  /** Called once per transaction that changed the model. Returns an unsubscribe function. */
  subscribe(listener: (flow: TModelFlow, changes: TChangeSet) => void): () => void;
  destroy(): void;
}

/**
 * Observes `ydoc` and keeps a model-flow document in step with it, rebuilding only the nodes a
 * transaction touched so that graph-core's `createAnalyzer().setDoc` recomputes only those (and
 * what depends on them), and memoised canvas nodes of untouched layers do not re-render.
 */
export function createModelMirror(ydoc: Y.Doc): TModelMirror {
  const maps = modelMaps(ydoc);
  let flow = docToModelFlow(ydoc);
  let meta = readMeta(ydoc);
  const cache = new Map<string, TFlowNode>(flow.nodes.map((n) => [n.id, n]));
  /** Position of each id in `flow.nodes`, built on the first edit after a structural change. */
  let slotOf: Map<string, number> | null = null;
  const listeners = new Set<(flow: TModelFlow, changes: TChangeSet) => void>();

  let dirtyNodes = new Set<string>();
  let moved = new Set<string>();
  let added = new Set<string>();
  let removed = new Set<string>();
  let edgesDirty = false;
  let metaDirty = false;

  const onNodes = (events: Y.YEvent<Y.Map<unknown>>[]) => {
    for (const ev of events) {
      if (ev.path.length === 0) {
        for (const [key, change] of ev.changes.keys) {
          if (change.action === "add") added.add(key);
          else if (change.action === "delete") removed.add(key);
          else dirtyNodes.add(key);
        }
        continue;
      }
      const id = String(ev.path[0]);
      const onlyPosition =
        ev.path.length === 1 && [...ev.changes.keys.keys()].every((k) => k === "position");
      if (onlyPosition) moved.add(id);
      else dirtyNodes.add(id);
    }
  };
  const onEdges = () => {
    edgesDirty = true;
  };
  const onMeta = () => {
    metaDirty = true;
  };

  const flush = (tr: Y.Transaction) => {
    if (
      !dirtyNodes.size &&
      !moved.size &&
      !added.size &&
      !removed.size &&
      !edgesDirty &&
      !metaDirty
    )
      return;
    for (const id of added) {
      if (removed.has(id)) {
        removed.delete(id);
        dirtyNodes.add(id);
      }
    }
    const structural = added.size > 0 || removed.size > 0;
    for (const id of removed) cache.delete(id);
    for (const id of [...added, ...dirtyNodes, ...moved]) {
      const y = maps.nodes.get(id);
      if (!y) {
        cache.delete(id);
        continue;
      }
      const next = yToNode(id, y);
      const prev = cache.get(id);
      // A position-only change keeps params and extras by reference: analysis sees an equal node.
      cache.set(
        id,
        prev && moved.has(id) && !dirtyNodes.has(id) ? { ...prev, position: next.position } : next,
      );
    }
    let nodes: TFlowNode[];
    if (structural) {
      nodes = sortedEntries(maps.nodes).map(([id]) => cache.get(id)!);
      slotOf = null;
    } else {
      // Replace only the touched nodes by their position: a keystroke in a 10,000-node model
      // must not look up every id.
      nodes = flow.nodes.slice();
      slotOf ??= new Map(flow.nodes.map((n, k) => [n.id, k]));
      for (const ids of [dirtyNodes, moved]) {
        for (const id of ids) {
          const k = slotOf.get(id);
          const next = cache.get(id);
          if (k !== undefined && next !== undefined) nodes[k] = next;
        }
      }
    }
    const edges: TFlowEdge[] = edgesDirty
      ? sortedEntries(maps.edges).map(([, y]) => yToEdge(y))
      : flow.edges;
    if (metaDirty) {
      const full = docToModelFlowMeta(ydoc);
      flow = { ...full, nodes, edges };
      meta = readMeta(ydoc);
    } else {
      flow = { ...flow, nodes, edges };
    }
    const changes: TChangeSet = {
      nodes: dirtyNodes,
      moved,
      added,
      removed,
      edges: edgesDirty,
      meta: metaDirty,
      origin: tr.origin,
    };
    dirtyNodes = new Set();
    moved = new Set();
    added = new Set();
    removed = new Set();
    edgesDirty = false;
    metaDirty = false;
    for (const l of listeners) l(flow, changes);
  };

  maps.nodes.observeDeep(onNodes);
  maps.edges.observeDeep(onEdges);
  maps.meta.observeDeep(onMeta);
  ydoc.on("afterTransaction", flush);

  return {
    get flow() {
      return flow;
    },
    get meta() {
      return meta;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    destroy() {
      maps.nodes.unobserveDeep(onNodes);
      maps.edges.unobserveDeep(onEdges);
      maps.meta.unobserveDeep(onMeta);
      ydoc.off("afterTransaction", flush);
      listeners.clear();
    },
  };
}

/** The document-level fields (name, extras) without reading every node again. */
function docToModelFlowMeta(ydoc: Y.Doc): TModelFlow {
  const { meta } = modelMaps(ydoc);
  const flow: TModelFlow = {
    format: MODEL_FLOW_FORMAT,
    version: MODEL_FLOW_VERSION,
    name: readMeta(ydoc).name,
    nodes: [],
    edges: [],
  };
  const extra = meta.get(EXTRA_KEY) as Record<string, unknown> | undefined;
  if (extra) for (const [k, v] of Object.entries(extra)) if (!(k in flow)) flow[k] = v;
  return flow;
}
