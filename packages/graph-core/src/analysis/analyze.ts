/**
 * `analyze(doc)`: shapes, parameter counts, MACs, activation sizes and diagnostics for every node,
 * plus graph-level diagnostics and totals. `createAnalyzer(doc)` does the same once and then
 * updates incrementally: an edit recomputes only what it can reach, and every node whose result
 * did not change keeps its `TNodeAnalysis` object (===), which memoised editor nodes rely on.
 */
import type { TFlowEdge, TFlowNode, TGraphLike, TModelFlow, TParams } from "../graph/types";
import { newBlockCache, type TBlockCache } from "./block-eval";
import { buildDelta, buildFull } from "./build-analysis";
import { GraphEngine } from "./graph-engine";
import type { TAnalysisOptions } from "./plausibility";
import type { TAnalysis } from "./types";

/** A document to analyse: a model-flow document or anything with nodes, edges and optional blocks. */
export type TAnalyzable = TModelFlow | (TGraphLike & { blocks?: TModelFlow["blocks"] });

/**
 * Analyses a whole document. Never throws, whatever the params hold; deterministic. `options`:
 * the device memory the plausibility warnings compare against (default 16 GiB).
 */
export function analyze(doc: TAnalyzable, options?: TAnalysisOptions): TAnalysis {
  const engine = new GraphEngine(asGraph(doc), {
    blocks: doc.blocks,
    blockInputs: undefined,
    blockCache: newBlockCache(),
    blockStack: [],
  });
  return buildFull(engine, options).analysis;
}

/** An incremental analyzer; each method applies one edit and returns the new analysis. */
export interface TAnalyzer {
  /** The current analysis (a new object after each edit that changed anything). */
  readonly analysis: TAnalysis;
  /** The current document, with the edits applied (a new object after each edit). */
  readonly doc: TAnalyzable;
  /** Replaces a node's params (the object is kept as given). Unknown ids change nothing. */
  setParams(id: string, params: TParams): TAnalysis;
  /** Changes a node's type, and its params when given. */
  setType(id: string, type: string, params?: TParams): TAnalysis;
  /** Appends a node (document order = insertion order). */
  addNode(node: TFlowNode): TAnalysis;
  /** Removes a node and every edge touching it, as the editor does. */
  removeNode(id: string): TAnalysis;
  /** Appends an edge. */
  addEdge(edge: TFlowEdge): TAnalysis;
  /** Removes the first edge with this source, target (and port, when given). */
  removeEdge(edge: Pick<TFlowEdge, "source" | "target" | "port">): TAnalysis;
  /**
   * Brings the analyzer to a new version of the document (e.g. rebuilt from the Y.Doc). Nodes
   * are matched by id; a node whose object is unchanged is not recomputed unless its inputs are.
   */
  setDoc(doc: TAnalyzable): TAnalysis;
}

function asGraph(doc: TAnalyzable): TGraphLike {
  return {
    nodes: Array.isArray(doc.nodes) ? doc.nodes : [],
    edges: Array.isArray(doc.edges) ? doc.edges : [],
  };
}

/** Creates an incremental analyzer for `doc` (its analysis always equals `analyze(doc, options)`). */
export function createAnalyzer(initial: TAnalyzable, options?: TAnalysisOptions): TAnalyzer {
  let doc = initial;
  let blockCache: TBlockCache = newBlockCache();
  const engine = new GraphEngine(asGraph(doc), {
    blocks: doc.blocks,
    blockInputs: undefined,
    blockCache,
    blockStack: [],
  });
  let built = buildFull(engine, options);
  let analysis = built.analysis;
  /** Publishes the slots after an edit; `changed`: the nodes whose result may have changed. */
  const commit = (changed: number[]): TAnalysis => {
    built = buildDelta(engine, built, changed);
    analysis = built.analysis;
    return analysis;
  };

  /** Applies a structural edit: re-index, then recompute what moved plus `extraIds`. */
  const restructure = (next: TAnalyzable, extraIds: readonly string[]): TAnalysis => {
    doc = next;
    const seeds = engine.rebuild(asGraph(doc), true);
    for (const id of extraIds) {
      const v = engine.index.indexOf.get(id);
      if (v !== undefined) seeds.push(v);
    }
    return commit(engine.recompute(seeds));
  };

  /** An edge added or removed: only its two ends change adjacency. */
  const rewire = (
    next: TAnalyzable,
    edge: Pick<TFlowEdge, "source" | "target">,
    added: boolean,
  ): TAnalysis => {
    doc = next;
    const seeds = engine.rewire(
      asGraph(doc),
      [edge.source],
      [edge.target],
      added ? edge : undefined,
    );
    return commit(engine.recompute(seeds));
  };

  const replaceNode = (v: number, node: TFlowNode): void => {
    const nodes = doc.nodes.slice();
    nodes[engine.index.docIndex[v]!] = node;
    doc = { ...doc, nodes } as TAnalyzable;
    engine.nodes = nodes;
    engine.slots[v]!.node = node;
  };

  return {
    get analysis() {
      return analysis;
    },
    get doc() {
      return doc;
    },
    setParams(id, params) {
      const v = engine.index.indexOf.get(id);
      if (v === undefined) return analysis;
      replaceNode(v, { ...engine.slots[v]!.node, params });
      return commit(engine.recompute([v]));
    },
    setType(id, type, params) {
      const v = engine.index.indexOf.get(id);
      if (v === undefined) return analysis;
      const old = engine.slots[v]!.node;
      const node: TFlowNode = params === undefined ? { ...old, type } : { ...old, type, params };
      if (STRUCTURAL_TYPES.has(old.type) || STRUCTURAL_TYPES.has(type)) {
        const nodes = doc.nodes.slice();
        nodes[engine.index.docIndex[v]!] = node;
        return restructure({ ...doc, nodes } as TAnalyzable, neighbourIds(engine, id));
      }
      replaceNode(v, node);
      // Neighbours too: a conv's bias-before-norm warning depends on its successor's type, a
      // norm's layer-order and an Output's double-activation warning on the predecessor's.
      return commit(engine.recompute(withNeighbours(engine, v)));
    },
    addNode(node) {
      const next = { ...doc, nodes: [...doc.nodes, node] } as TAnalyzable;
      // Dangling edges that name the new id come alive: that needs a full re-index.
      if (engine.index.dangling.length > 0) return restructure(next, []);
      doc = next;
      return commit(engine.recompute(engine.appendNode(asGraph(doc))));
    },
    removeNode(id) {
      const v = engine.index.indexOf.get(id);
      if (v === undefined) return analysis;
      const edges = doc.edges.filter((e) => e.source !== id && e.target !== id);
      if (engine.canRemoveInPlace() && !STRUCTURAL_TYPES.has(engine.slots[v]!.node.type)) {
        // The editor's delete: patch the index rather than re-index the whole graph. Ids are
        // unique here, so the node is the one at its document index.
        const nodes = doc.nodes.slice();
        nodes.splice(engine.index.docIndex[v]!, 1);
        doc = { ...doc, nodes, edges } as TAnalyzable;
        return commit(engine.recompute(engine.removeNode(v, asGraph(doc))));
      }
      const nodes = doc.nodes.filter((n) => n.id !== id);
      const preds = engine.index.preds[v]!.map((p) => engine.index.ids[p]!);
      return restructure({ ...doc, nodes, edges } as TAnalyzable, preds);
    },
    addEdge(edge) {
      return rewire({ ...doc, edges: [...doc.edges, edge] } as TAnalyzable, edge, true);
    },
    removeEdge(match) {
      const k = doc.edges.findIndex(
        (e) =>
          e.source === match.source &&
          e.target === match.target &&
          (match.port === undefined || e.port === match.port),
      );
      if (k === -1) return analysis;
      const edges = doc.edges.slice();
      edges.splice(k, 1);
      return rewire({ ...doc, edges } as TAnalyzable, match, false);
    },
    setDoc(next) {
      const graph = asGraph(next);
      if (next.blocks === doc.blocks && sameNodeIds(engine, graph)) {
        const window = edgeWindow(engine.edges, graph.edges);
        // The common editor cases: params or types edited (no re-indexing at all), or a few
        // edges connected or removed (adjacency patched where they touch).
        const seeds = window === null ? null : changedNodes(engine, graph);
        if (window !== null && seeds !== null) {
          doc = next;
          engine.nodes = graph.nodes;
          if (window.removed.length === 0 && window.added.length === 0) {
            engine.edges = graph.edges;
            return commit(engine.recompute(seeds));
          }
          const touched = [...window.removed, ...window.added];
          const single =
            window.removed.length === 0 && window.added.length === 1 ? window.added[0] : undefined;
          const moved = engine.rewire(
            graph,
            touched.map((e) => e.source),
            touched.map((e) => e.target),
            single,
          );
          return commit(engine.recompute([...seeds, ...moved]));
        }
      }
      const extra: string[] = [];
      if (next.blocks !== doc.blocks) {
        blockCache = newBlockCache();
        engine.env.blockCache = blockCache;
        engine.env.blocks = next.blocks;
      }
      for (const node of asGraph(next).nodes) {
        const v = engine.index.indexOf.get(node.id);
        const old = v === undefined ? undefined : engine.slots[v]!;
        if (old === undefined || old.node === node) {
          if (old !== undefined && node.type === "Block" && next.blocks !== doc.blocks)
            extra.push(node.id);
          continue;
        }
        if (old.node.type !== node.type) extra.push(...neighbourIds(engine, node.id));
        else extra.push(node.id);
      }
      return restructure(next, extra);
    },
  };
}

/** Same node ids in the same order. */
function sameNodeIds(engine: GraphEngine, graph: TGraphLike): boolean {
  const a = engine.nodes;
  const b = graph.nodes;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.id !== b[i]!.id) return false;
  return true;
}

function sameEdge(e: TFlowEdge, f: TFlowEdge): boolean {
  return e.source === f.source && e.target === f.target && e.port === f.port;
}

/**
 * The edges that differ between two lists, as the window left between their common prefix and
 * suffix; null when that window is too large to patch (then the caller re-indexes).
 */
function edgeWindow(
  before: readonly TFlowEdge[],
  after: readonly TFlowEdge[],
): { removed: TFlowEdge[]; added: TFlowEdge[] } | null {
  if (before === after) return { removed: [], added: [] };
  let head = 0;
  const min = Math.min(before.length, after.length);
  while (head < min && sameEdge(before[head]!, after[head]!)) head++;
  let tail = 0;
  while (
    tail < min - head &&
    sameEdge(before[before.length - 1 - tail]!, after[after.length - 1 - tail]!)
  )
    tail++;
  const removed = before.slice(head, before.length - tail);
  const added = after.slice(head, after.length - tail);
  return removed.length + added.length > 8 ? null : { removed, added };
}

/**
 * For a structure-preserving update: points the slots at the new node objects and returns the
 * nodes to recompute, or null when a type change is structural (then the caller re-indexes).
 */
function changedNodes(engine: GraphEngine, graph: TGraphLike): number[] | null {
  const seeds: number[] = [];
  /** Pairs (node index, document index) of the nodes whose object is new. */
  const replaced: number[] = [];
  const { docIndex, indexOf, preds, succs } = engine.index;
  for (let i = 0; i < graph.nodes.length; i++) {
    const node = graph.nodes[i]!;
    const before = engine.nodes[i]!;
    if (node === before) continue;
    const v = indexOf.get(node.id)!;
    // A later duplicate of an id is not analysed; only the kept node matters.
    if (docIndex[v] !== i) continue;
    if (node.type !== before.type) {
      if (STRUCTURAL_TYPES.has(node.type) || STRUCTURAL_TYPES.has(before.type)) return null;
      for (const p of preds[v]!) seeds.push(p);
      for (const p of succs[v]!) seeds.push(p);
    }
    seeds.push(v);
    replaced.push(v, i);
  }
  // Only now that no type change forces a re-index. An unchanged node object is already its
  // slot's node, so only the replaced ones are visited (no pass over every id).
  for (let k = 0; k < replaced.length; k += 2)
    engine.slots[replaced[k]!]!.node = graph.nodes[replaced[k + 1]!]!;
  return seeds;
}

/** Types whose change alters reachability, Output checks or the no-output warning. */
const STRUCTURAL_TYPES = new Set<unknown>(["Input", "Output", "BlockInput", "Block"]);

/** Node `v` and its direct neighbours, whose warnings read its type. */
function withNeighbours(engine: GraphEngine, v: number): number[] {
  return [v, ...engine.index.preds[v]!, ...engine.index.succs[v]!];
}

/** Like `withNeighbours`, as ids (for a re-index, which renumbers nodes). */
function neighbourIds(engine: GraphEngine, id: string): string[] {
  const v = engine.index.indexOf.get(id);
  return v === undefined ? [id] : withNeighbours(engine, v).map((w) => engine.index.ids[w]!);
}
