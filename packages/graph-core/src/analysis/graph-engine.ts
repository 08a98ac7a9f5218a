/**
 * The analysis engine for one graph (a document or a block's inner graph). It keeps, per node,
 * the resolved params (cached until the node's params object or type changes) and the last
 * result, so that incremental updates recompute only what is downstream of an edit and stop
 * where a result comes out unchanged.
 */
import type { TBlocks, TFlowEdge, TFlowNode, TGraphLike, TShape } from "../graph/types";
import {
  buildGraphIndex,
  dropAndShift,
  inputsOf,
  outputsOf,
  removeFromIndex,
  topologicalOrder,
  type TGraphIndex,
  type TTopoOrder,
} from "../graph/topology";
import type { TResolvedParams } from "../layers/params";
import { getLayerDef } from "../layers/registry";
import type { TDtype, TDtypeRule, TLayerContext, TLayerDef } from "../layers/types";
import { evaluateBlockNode, type TBlockCache, type TBlockStructure } from "./block-eval";
import { evaluateInContext, resolveForAnalysis } from "./evaluate-layer";
import {
  arityError,
  dtypeMismatch,
  graphDiagnostics,
  unknownType,
  unreachable,
} from "./node-diagnostics";
import { heapPop, heapPush } from "../graph/min-heap";
import { NO_DIAGNOSTICS, nodeError, nodeResult, sameNodeResult } from "./node-result";
import type { TIdGuard } from "./node-results";
import type { TDiagnostic, TNodeAnalysis } from "./types";
import { neighbourWarnings, sizeCannotMeet } from "./warnings";

/** Per-node state kept between updates. */
export interface TNodeSlot {
  node: TFlowNode;
  def: TLayerDef | undefined;
  /** The `type` and `params` objects that `resolved` was computed from. */
  typeRef: unknown;
  paramsRef: unknown;
  resolved: TResolvedParams | null;
  result: TNodeAnalysis | null;
}

/** What an engine shares with the blocks it evaluates. */
export interface TEngineEnv {
  blocks: TBlocks | undefined;
  /** Shapes fed to BlockInput nodes by port; undefined for a document. */
  blockInputs: readonly (TShape | null)[] | undefined;
  blockCache: TBlockCache;
  /** Block ids being evaluated (recursion guard). */
  blockStack: string[];
}

const SOURCE_TYPES = new Set(["Input", "BlockInput"]);
/** Layers that declare no dtype rule are not checked (see TDtypeRule). */
const UNDECLARED: TDtypeRule = { input: "any", output: "float" };

export class GraphEngine {
  nodes: readonly TFlowNode[] = [];
  edges: readonly TFlowEdge[] = [];
  index!: TGraphIndex;
  topo!: TTopoOrder;
  /** Position of each node in `topo.order`. */
  pos: Int32Array = new Int32Array(0);
  reachable: Uint8Array = new Uint8Array(0);
  slots: TNodeSlot[] = [];
  inputNodes: number[] = [];
  outputNodes: number[] = [];
  graphDiagnostics: TDiagnostic[] = NO_DIAGNOSTICS;
  /** Per node, 1 while it waits in `recompute`'s queue (all 0 between calls; kept to save an O(n) allocation per edit). */
  private queued = new Uint8Array(0);
  /** Published analyses share `index.indexOf`; bumped when it is changed in place. */
  readonly idGuard: TIdGuard = { version: 0 };
  /** Bumped whenever the topological order changes (lets the analysis reuse its order array). */
  orderVersion = 0;
  /**
   * The layer context and input lists handed to layer code, one of each per engine and reused
   * for every node (layer code reads them only while it runs): two fewer objects per node.
   */
  private readonly ctx: TLayerContext = {
    nodeId: "",
    params: {},
    inputs: [],
    graphInputs: undefined,
    inputDtypes: undefined,
  };
  private readonly inputLists: TShape[][] = [];

  /** `structure`: the graph's index and order when already built (a block used again). */
  constructor(
    graph: TGraphLike,
    readonly env: TEngineEnv,
    structure?: TBlockStructure,
  ) {
    this.rebuild(graph, false, structure);
    for (let k = 0; k < this.topo.order.length; k++) this.computeInto(this.topo.order[k]!);
  }

  /**
   * Re-indexes after a structural change. With `reuse`, slots are carried over by node id
   * (their param caches and results), and the nodes whose inputs, cycle membership or
   * reachability changed are returned so the caller can recompute from them.
   */
  rebuild(graph: TGraphLike, reuse: boolean, structure?: TBlockStructure): number[] {
    const oldIndex = reuse ? this.index : undefined;
    const oldSlots = this.slots;
    const oldOnCycle = reuse ? this.topo.onCycle : undefined;
    const oldReachable = this.reachable;
    const oldInputs = this.inputNodes;
    this.nodes = graph.nodes;
    this.edges = graph.edges;
    const index = structure?.index ?? buildGraphIndex(graph);
    const topo = structure?.topo ?? topologicalOrder(index);
    const n = index.ids.length;
    this.index = index;
    // Node indices may now name other ids: the order always counts as changed.
    this.orderVersion++;
    this.topo = topo;
    this.pos = new Int32Array(n);
    for (let k = 0; k < n; k++) this.pos[topo.order[k]!] = k;
    const slots: TNodeSlot[] = new Array<TNodeSlot>(n);
    const oldOf = new Int32Array(n).fill(-1);
    this.inputNodes = [];
    this.outputNodes = [];
    for (let v = 0; v < n; v++) {
      const node = graph.nodes[index.docIndex[v]!]!;
      const oldV = oldIndex?.indexOf.get(node.id);
      if (oldV !== undefined) {
        // Slots are private to the engine: mutate in place to keep the caches.
        const slot = oldSlots[oldV]!;
        slot.node = node;
        slots[v] = slot;
        oldOf[v] = oldV;
      } else {
        slots[v] = {
          node,
          def: undefined,
          typeRef: undefined,
          paramsRef: undefined,
          resolved: null,
          result: null,
        };
      }
      if (node.type === "Input") this.inputNodes.push(v);
      else if (node.type === "Output") this.outputNodes.push(v);
    }
    this.slots = slots;
    this.reachable = this.computeReachable();
    this.graphDiagnostics = graphDiagnostics(
      this.index,
      graph,
      this.env.blockInputs === undefined && this.outputNodes.length === 0,
    );
    if (oldIndex === undefined || oldOnCycle === undefined) return [];
    const changed: number[] = [];
    for (let v = 0; v < n; v++) {
      const oldV = oldOf[v]!;
      if (
        oldV === -1 ||
        slots[v]!.result === null ||
        oldOnCycle[oldV] !== topo.onCycle[v] ||
        oldReachable[oldV] !== this.reachable[v]
      ) {
        changed.push(v);
        continue;
      }
      // Successors too: a conv's bias-before-norm warning depends on what it feeds.
      if (
        !sameIds(oldIndex, oldIndex.preds[oldV]!, index, index.preds[v]!) ||
        !sameIds(oldIndex, oldIndex.succs[oldV]!, index, index.succs[v]!)
      )
        changed.push(v);
    }
    // Output checks read every Input's shape, connected or not.
    if (!sameIds(oldIndex, oldInputs, index, this.inputNodes)) changed.push(...this.outputNodes);
    return changed;
  }

  /**
   * A structural edit that keeps the node set (edges added or removed): updates only the
   * adjacency of the touched `sources` and `targets` instead of re-indexing, and keeps the
   * topological order when the one change is a forward edge `added`. Returns the nodes to
   * recompute.
   */
  rewire(
    graph: TGraphLike,
    sources: readonly string[],
    targets: readonly string[],
    added?: { source: string; target: string },
  ): number[] {
    const old = this.index;
    this.nodes = graph.nodes;
    this.edges = graph.edges;
    const preds = old.preds.slice();
    const succs = old.succs.slice();
    const seeds: number[] = [];
    let missing = old.dangling.length > 0;
    for (const id of targets) {
      const t = old.indexOf.get(id);
      if (t === undefined) missing = true;
      else {
        preds[t] = inputsOf(graph, old.indexOf, id);
        seeds.push(t);
      }
    }
    for (const id of sources) {
      const s = old.indexOf.get(id);
      if (s === undefined) missing = true;
      else {
        succs[s] = outputsOf(graph, old.indexOf, id);
        seeds.push(s);
      }
    }
    const dangling: number[] = [];
    if (missing) {
      for (let e = 0; e < graph.edges.length; e++) {
        const edge = graph.edges[e]!;
        if (!old.indexOf.has(edge.source) || !old.indexOf.has(edge.target)) dangling.push(e);
      }
    }
    const index: TGraphIndex = { ...old, preds, succs, dangling };
    const s = added === undefined ? undefined : old.indexOf.get(added.source);
    const t = added === undefined ? undefined : old.indexOf.get(added.target);
    if (s !== undefined && t !== undefined && this.isForward(s, t))
      return this.keepOrder(index, s, t, seeds);
    return this.reorder(index, seeds);
  }

  /**
   * True when an edge s → t leaves Kahn's order unchanged: both are sorted and s comes first.
   * t then becomes ready no later than when it was picked, and while it waited the picks were
   * smaller indices anyway, so every step picks the same node.
   */
  private isForward(s: number, t: number): boolean {
    const sorted = this.topo.sorted;
    return this.pos[s]! < this.pos[t]! && this.pos[t]! < sorted;
  }

  /** A forward edge: same order and cycles; only reachability can grow, from t. */
  private keepOrder(index: TGraphIndex, s: number, t: number, seeds: number[]): number[] {
    this.index = index;
    if (this.reachable[s] === 1 && this.reachable[t] === 0) {
      const seen = this.reachable.slice();
      const stack = [t];
      seen[t] = 1;
      while (stack.length > 0) {
        const v = stack.pop()!;
        seeds.push(v);
        for (const w of index.succs[v]!) {
          if (seen[w] === 0) {
            seen[w] = 1;
            stack.push(w);
          }
        }
      }
      this.reachable = seen;
    }
    this.graphDiagnostics = graphDiagnostics(
      index,
      { nodes: this.nodes, edges: this.edges },
      this.env.blockInputs === undefined && this.outputNodes.length === 0,
    );
    return seeds;
  }

  /** Adds the last node of `graph` (no edge touches it yet). Returns the nodes to recompute. */
  appendNode(graph: TGraphLike): number[] {
    const old = this.index;
    const node = graph.nodes[graph.nodes.length - 1]!;
    this.nodes = graph.nodes;
    const v = old.ids.length;
    const duplicate = old.indexOf.has(node.id);
    if (!duplicate) this.idGuard.version++;
    const index: TGraphIndex = duplicate
      ? { ...old, duplicates: [...old.duplicates, graph.nodes.length - 1] }
      : {
          ...old,
          ids: [...old.ids, node.id],
          docIndex: [...old.docIndex, graph.nodes.length - 1],
          // The engine owns its index: extending the map in place saves an O(n) copy.
          indexOf: old.indexOf.set(node.id, v),
          preds: [...old.preds, []],
          succs: [...old.succs, []],
        };
    if (!duplicate) {
      this.slots = [
        ...this.slots,
        {
          node,
          def: undefined,
          typeRef: undefined,
          paramsRef: undefined,
          resolved: null,
          result: null,
        },
      ];
      if (node.type === "Input") this.inputNodes = [...this.inputNodes, v];
      else if (node.type === "Output") this.outputNodes = [...this.outputNodes, v];
    }
    return this.reorder(index, duplicate ? [] : [v]);
  }

  /** True when `removeNode` can patch the index: no duplicate ids, no dangling edges. */
  canRemoveInPlace(): boolean {
    return this.index.duplicates.length === 0 && this.index.dangling.length === 0;
  }

  /**
   * Removes node `v` (the caller removed it and its edges from `graph`) by patching the index
   * instead of re-indexing; requires `canRemoveInPlace()`. Indices above `v` move down by one.
   * Returns the nodes to recompute: v's neighbours and the nodes whose flags moved.
   */
  removeNode(v: number, graph: TGraphLike): number[] {
    const index = this.index;
    const seeds: number[] = [];
    for (const w of index.preds[v]!) if (w !== v) seeds.push(w > v ? w - 1 : w);
    for (const w of index.succs[v]!) if (w !== v) seeds.push(w > v ? w - 1 : w);
    this.idGuard.version++;
    removeFromIndex(index, v);
    this.nodes = graph.nodes;
    this.edges = graph.edges;
    this.slots.splice(v, 1);
    dropAndShift(this.inputNodes, v);
    dropAndShift(this.outputNodes, v);
    return this.reorder(index, seeds, v);
  }

  /**
   * Re-sorts after an adjacency change; returns seeds plus nodes whose flags moved. `removed`:
   * the index of a node just removed (old indices above it are one higher than new ones).
   */
  private reorder(index: TGraphIndex, seeds: (number | undefined)[], removed = -1): number[] {
    const oldOnCycle = this.topo.onCycle;
    const oldReachable = this.reachable;
    const topo = topologicalOrder(index);
    const n = index.ids.length;
    this.index = index;
    if (!sameOrder(this.topo, topo)) this.orderVersion++;
    this.topo = topo;
    this.pos = new Int32Array(n);
    for (let k = 0; k < n; k++) this.pos[topo.order[k]!] = k;
    this.reachable = this.computeReachable();
    this.graphDiagnostics = graphDiagnostics(
      this.index,
      { nodes: this.nodes, edges: this.edges },
      this.env.blockInputs === undefined && this.outputNodes.length === 0,
    );
    const changed: number[] = [];
    for (const v of seeds) if (v !== undefined) changed.push(v);
    for (let old = 0; old < oldReachable.length; old++) {
      if (old === removed) continue;
      const v = removed !== -1 && old > removed ? old - 1 : old;
      if (oldOnCycle[old] !== topo.onCycle[v] || oldReachable[old] !== this.reachable[v])
        changed.push(v);
    }
    return changed;
  }

  private computeReachable(): Uint8Array {
    const n = this.index.ids.length;
    const seen = new Uint8Array(n);
    const stack: number[] = [];
    for (let v = 0; v < n; v++) {
      if (SOURCE_TYPES.has(this.slots[v]!.node.type)) {
        seen[v] = 1;
        stack.push(v);
      }
    }
    while (stack.length > 0) {
      const out = this.index.succs[stack.pop()!]!;
      for (let k = 0; k < out.length; k++) {
        const w = out[k]!;
        if (seen[w] === 0) {
          seen[w] = 1;
          stack.push(w);
        }
      }
    }
    return seen;
  }

  /**
   * Recomputes the `seeds` and whatever their changes reach, in topological order; a node whose
   * result comes out equal keeps its old object and does not dirty its successors. Returns the
   * nodes whose result object changed.
   */
  recompute(seeds: Iterable<number>): number[] {
    if (this.queued.length < this.slots.length) this.queued = new Uint8Array(this.slots.length * 2);
    const queued = this.queued;
    const heap: number[] = [];
    const push = (v: number) => {
      if (queued[v] === 1) return;
      queued[v] = 1;
      heapPush(heap, this.pos[v]!);
    };
    for (const v of seeds) push(v);
    const changed: number[] = [];
    while (heap.length > 0) {
      const v = this.topo.order[heapPop(heap)]!;
      // Cleared on pop: behind a cycle the order is not topological, so a node there may be
      // reached again after its turn and must then be recomputed. That terminates: cycle nodes
      // do not read their inputs, and the rest is acyclic.
      queued[v] = 0;
      if (!this.computeInto(v)) continue;
      changed.push(v);
      // Output checks read every Input's shape, connected or not.
      if (this.slots[v]!.node.type === "Input") for (const o of this.outputNodes) push(o);
      const out = this.index.succs[v]!;
      for (let k = 0; k < out.length; k++) push(out[k]!);
    }
    return changed;
  }

  /** Computes one node into its slot; true when the result object changed. */
  computeInto(v: number): boolean {
    const slot = this.slots[v]!;
    const next = this.computeNode(v, slot);
    const prev = slot.result;
    if (prev !== null && sameNodeResult(prev, next)) return false;
    slot.result = next;
    return true;
  }

  private computeNode(v: number, slot: TNodeSlot): TNodeAnalysis {
    const node = slot.node;
    const id = node.id;
    if (this.topo.onCycle[v] === 1) {
      return nodeResult(null, 0, 0, [
        nodeError(
          id,
          "cycle",
          `${String(node.type)} "${id}" is part of a cycle, so its input depends on its own output`,
          "Remove one of the edges that loop back.",
        ),
      ]);
    }
    if (slot.typeRef !== node.type || slot.def === undefined) {
      slot.def = typeof node.type === "string" ? getLayerDef(node.type) : undefined;
      slot.typeRef = node.type;
      slot.resolved = null;
    }
    const def = slot.def;
    if (def === undefined) return nodeResult(null, 0, 0, [unknownType(id, node.type)]);
    if (slot.resolved === null || slot.paramsRef !== node.params) {
      slot.resolved = resolveForAnalysis(def, node.params, id);
      slot.paramsRef = node.params;
    }
    const resolved = slot.resolved;
    const preds = this.index.preds[v]!;
    const arity = arityError(node, def, preds.length);
    let diagnostics: TDiagnostic[] = resolved.diagnostics;
    if (arity !== null) diagnostics = [arity, ...diagnostics];
    if (arity !== null || resolved.hasError) return nodeResult(null, 0, 0, diagnostics);
    // A Block keeps its input list (its inner analysis is cached by it): a fresh array there;
    // every other layer reads its inputs only while it runs, so one list per arity is reused.
    const inputs: TShape[] =
      node.type === "Block" ? new Array<TShape>(preds.length) : this.scratchInputs(preds.length);
    let longs = 0;
    for (let k = 0; k < preds.length; k++) {
      const r = this.slots[preds[k]!]!.result;
      const shape = r?.shape ?? null;
      if (shape === null) {
        // Downstream of an error (or unfed): unknown shape, never a made-up one.
        const unfed = this.reachable[v] === 0 ? [unreachable(id, node.type)] : NO_DIAGNOSTICS;
        return nodeResult(null, 0, 0, diagnostics.length === 0 ? unfed : diagnostics.concat(unfed));
      }
      if (r!.dtype === "long") longs++;
      inputs[k] = shape;
    }
    const rule = def.dtype ?? UNDECLARED;
    if ((rule.input === "float" && longs > 0) || (rule.input === "long" && longs < preds.length)) {
      return nodeResult(null, 0, 0, [dtypeMismatch(node, rule.input === "long"), ...diagnostics]);
    }
    let result: TNodeAnalysis;
    if (node.type === "Block") {
      result = evaluateBlockNode(this.env, id, resolved, inputs);
    } else if (node.type === "BlockInput") {
      result = this.blockInput(id, resolved);
    } else {
      const graphInputs =
        node.type === "Output"
          ? this.inputNodes.map((i) => this.slots[i]!.result?.shape ?? null)
          : undefined;
      const dtypes =
        longs === 0
          ? undefined
          : preds.map((p): TDtype => (this.slots[p]!.result!.dtype === "long" ? "long" : "float"));
      const long =
        node.type === "Input"
          ? resolved.params.dtype === "long"
          : rule.output === "same" && longs > 0 && longs === preds.length;
      const ctx = this.ctx;
      ctx.nodeId = id;
      ctx.params = resolved.params;
      ctx.inputs = inputs;
      ctx.graphInputs = graphInputs;
      ctx.inputDtypes = dtypes;
      result = evaluateInContext(def, resolved, ctx, long);
    }
    const extra = neighbourWarnings(this, v, result);
    const meet =
      result.shape === null && def.inputs === "variadic" ? sizeCannotMeet(this, v, inputs) : null;
    if (extra === null && meet === null) return result;
    const all = result.diagnostics.concat(extra ?? NO_DIAGNOSTICS, meet ?? NO_DIAGNOSTICS);
    return nodeResult(result.shape, result.params, result.macs, all);
  }

  /** The reused input list of `arity` entries (see `computeNode`). */
  private scratchInputs(arity: number): TShape[] {
    return (this.inputLists[arity] ??= new Array<TShape>(arity));
  }

  private blockInput(id: string, resolved: TResolvedParams): TNodeAnalysis {
    const port = typeof resolved.params.port === "number" ? resolved.params.port : 0;
    const feeds = this.env.blockInputs;
    if (feeds === undefined) {
      return nodeResult(null, 0, 0, [
        nodeError(
          id,
          "unknown-type",
          `BlockInput "${id}" only belongs inside a block`,
          "Move it into a block definition.",
        ),
      ]);
    }
    const shape = feeds[port];
    if (shape === undefined) {
      return nodeResult(null, 0, 0, [
        nodeError(
          id,
          "missing-input",
          `BlockInput "${id}" reads port ${port}, but the Block node has only ${feeds.length} input(s)`,
          `Connect input ${port} of the Block node.`,
        ),
      ]);
    }
    return nodeResult(shape, 0, 0, NO_DIAGNOSTICS);
  }
}

/** True when two node lists (of two indices) name the same ids in the same order. */
function sameIds(
  a: TGraphIndex,
  listA: readonly number[],
  b: TGraphIndex,
  listB: readonly number[],
): boolean {
  if (listA.length !== listB.length) return false;
  for (let i = 0; i < listA.length; i++) if (a.ids[listA[i]!] !== b.ids[listB[i]!]) return false;
  return true;
}

function sameOrder(a: TTopoOrder | undefined, b: TTopoOrder): boolean {
  if (a === undefined || a.order.length !== b.order.length) return false;
  for (let k = 0; k < a.order.length; k++) if (a.order[k] !== b.order[k]) return false;
  return true;
}
