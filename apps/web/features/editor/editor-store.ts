import {
  createAnalyzer,
  layoutModel,
  type TAnalysis,
  type TAnalyzer,
  type TFlowNode,
  type TModelFlow,
  type TNodeVisual,
  type TPosition,
  type TRoute,
} from "@layerwise/graph-core";
import {
  LAYOUT_ORIGIN,
  LOCAL_ORIGIN,
  REPLACE_ORIGIN,
  createModelMirror,
  inputPortCount,
  moveNodes,
  type TChangeSet,
  type TModelMeta,
  type TModelMirror,
} from "@layerwise/model-doc";
import { nodeTitle } from "@layerwise/model-summary";
import type { Edge } from "@xyflow/react";
import { EdgeRouter } from "../canvas/edge-routes";
import * as Y from "yjs";
import { LayerNodeDataCache, nodeGeometry, type TLayerNode } from "../canvas/layer-node-data";
import { VisualCache } from "../canvas/visual-cache";

/** Everything the editor renders, replaced as a whole on each change (parts keep identity). */
export interface TEditorState {
  flow: TModelFlow;
  analysis: TAnalysis;
  visuals: ReadonlyMap<string, TNodeVisual>;
  meta: TModelMeta;
  nodes: TLayerNode[];
  edges: Edge[];
  /** Each edge's route by edge id (graph-core's waypoints; empty: a direct curve). */
  routes: ReadonlyMap<string, TRoute>;
  /** Selected node ids, in selection order. */
  selection: readonly string[];
  /** Bumped when the canvas should fit the view (template, import). */
  fitRequest: number;
}

/**
 * The editor's state machine, outside React: Y.Doc → mirror → incremental analysis → visual
 * encoding → React Flow nodes whose objects survive when nothing about them changed.
 */
export class EditorStore {
  readonly ydoc: Y.Doc;
  readonly undo: Y.UndoManager;
  private mirror: TModelMirror;
  private analyzer: TAnalyzer;
  private cache = new LayerNodeDataCache();
  private router = new EdgeRouter();
  private visualCache = new VisualCache();
  private lastRouted: Edge[] | undefined;
  private listeners = new Set<() => void>();
  private state: TEditorState;
  private unsubscribe: () => void = () => undefined;

  /** Viewers never write to the Y.Doc: their layout lives here instead. */
  private readonly readOnly: boolean;
  private viewPositions: ReadonlyMap<string, TPosition> = new Map();

  /**
   * Computes the first state without observing anything: React may create and drop stores
   * during render (StrictMode), so only `attach` — called from an effect — subscribes and writes.
   */
  constructor(ydoc: Y.Doc, options: { readOnly?: boolean } = {}) {
    this.ydoc = ydoc;
    this.readOnly = options.readOnly ?? false;
    this.mirror = createModelMirror(ydoc);
    this.mirror.destroy();
    this.analyzer = createAnalyzer(this.mirror.flow);
    const maps = [ydoc.getMap("nodes"), ydoc.getMap("edges"), ydoc.getMap("meta")];
    this.undo = new Y.UndoManager(maps, {
      trackedOrigins: new Set([LOCAL_ORIGIN, REPLACE_ORIGIN]),
      captureTimeout: 400,
    });
    this.state = this.derive(this.mirror.flow, undefined, []);
    this.lastAlignment = this.state.meta.alignment;
  }

  /** For `useSyncExternalStore`. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): TEditorState => this.state;

  private attached = false;

  /**
   * Starts observing the Y.Doc (again, after `detach`: StrictMode mounts effects twice), catches
   * up with what changed meanwhile, and lays out nodes that have no position. Idempotent.
   */
  attach(): void {
    if (this.attached) return;
    this.attached = true;
    this.mirror = createModelMirror(this.ydoc);
    this.unsubscribe = this.mirror.subscribe((flow, changes) => this.onChange(flow, changes));
    this.analyzer.setDoc(this.mirror.flow);
    this.emit(this.derive(this.mirror.flow, this.state, this.state.selection));
    if (this.state.flow.nodes.some((n) => !n.position)) this.align(false);
  }

  /** Stops observing the Y.Doc (the host may keep using it). */
  detach(): void {
    if (!this.attached) return;
    this.attached = false;
    this.unsubscribe();
    this.mirror.destroy();
  }

  private emit(next: TEditorState): void {
    this.state = next;
    for (const l of this.listeners) l();
  }

  private onChange(flow: TModelFlow, changes: TChangeSet): void {
    const positionOnly =
      !changes.nodes.size &&
      !changes.added.size &&
      !changes.removed.size &&
      !changes.edges &&
      !changes.meta;
    if (!positionOnly) this.analyzer.setDoc(flow);
    // A replaced model (template, import) starts with nothing selected: an id both models share
    // (`input`) must not keep the inspector on the old model's node.
    const next = this.derive(
      flow,
      this.state,
      changes.origin === REPLACE_ORIGIN
        ? []
        : this.state.selection.filter((id) => !changes.removed.has(id)),
      true,
    );
    if (this.router.hasPendingFlags) this.scheduleFlags();
    if (changes.origin === REPLACE_ORIGIN) next.fitRequest = this.state.fitRequest + 1;
    this.emit(next);
    if (this.readOnly) {
      if (flow.nodes.some((n) => !n.position)) this.align(false);
      return;
    }
    const modeChanged =
      this.lastAlignment !== undefined && next.meta.alignment !== this.lastAlignment;
    this.lastAlignment = next.meta.alignment;
    if (!isOwnOrigin(changes.origin)) {
      // A colleague's edit arrives with the layout their editor made for it: laying it out here
      // too would write every position twice and fight theirs. Only nodes without any position
      // (written by a server-side writer) are laid out.
      if (flow.nodes.some((n) => !n.position)) this.align(false);
    } else if (changes.origin === REPLACE_ORIGIN) {
      // An imported file keeps its positions (export gives it back unchanged); templates have none.
      if (flow.nodes.some((n) => !n.position)) this.align(false);
    } else if (modeChanged) {
      this.align(false);
    } else if (!positionOnly && changes.origin !== LAYOUT_ORIGIN && next.meta.autoAlign) {
      this.scheduleAlign();
    }
  }

  private alignPending = false;
  private flagsPending = false;

  /**
   * Applies the edges' deferred grab-circle flags after the edit's frame is painted (they show
   * only on hover): the edit's frame then gives React Flow no new edge array.
   */
  private scheduleFlags(): void {
    if (this.flagsPending) return;
    this.flagsPending = true;
    afterPaint(() => {
      this.flagsPending = false;
      if (!this.attached) return;
      const edges = this.withEdgeSelection(this.router.applyFlags(), this.state.edges);
      if (edges !== this.state.edges) this.emit({ ...this.state, edges });
    });
  }

  /**
   * The routed edges with React Flow's local selection flags of `previous`: its very array while
   * the routed edges are the same.
   */
  private withEdgeSelection(routed: Edge[], previous: Edge[] | undefined): Edge[] {
    const same = routed === this.lastRouted && previous;
    this.lastRouted = routed;
    if (same) return previous;
    const selected = new Set(previous?.filter((e) => e.selected).map((e) => e.id));
    return selected.size
      ? routed.map((e) => (selected.has(e.id) ? { ...e, selected: true } : e))
      : routed;
  }

  /**
   * Re-centres after an edit one frame later: the edit's own frame shows the new sizes and shapes
   * at once (the 16 ms budget), the layout pass follows; edits within one frame share one pass.
   */
  private scheduleAlign(): void {
    if (this.alignPending) return;
    this.alignPending = true;
    const run = () => {
      this.alignPending = false;
      if (this.attached && this.state.meta.autoAlign) this.align(true);
    };
    afterPaint(run);
  }

  private lastAlignment: string | undefined;
  /** Nodes the last layout placed (undefined until the first layout: every node then counts). */
  private laidOut: Set<string> | undefined;

  /** Lays the model out in the current mode; `keepCells` keeps nodes near their current cell. */
  align(keepCells: boolean): void {
    const { flow, analysis, visuals, meta } = this.state;
    // Only nodes an earlier layout placed keep their cells: a layer just added sits wherever it
    // was dropped, which says nothing about its column and row.
    this.laidOut ??= new Set(flow.nodes.map((n) => n.id));
    const previous = new Map<string, TPosition>();
    if (keepCells)
      for (const n of flow.nodes)
        if (n.position && this.laidOut.has(n.id)) previous.set(n.id, n.position);
    const positions = layoutModel(flow, analysis, { mode: meta.alignment, previous, visuals });
    // A layer nobody has wired yet stays where it was put (in view) until it is connected.
    const wired = new Set(flow.edges.flatMap((e) => [e.source, e.target]));
    for (const n of flow.nodes)
      if (n.position && !wired.has(n.id) && !this.laidOut.has(n.id)) positions.delete(n.id);
    this.laidOut = new Set(positions.keys());
    if (!this.readOnly) return moveNodes(this.ydoc, positions, LAYOUT_ORIGIN);
    this.viewPositions = positions;
    this.emit(this.derive(flow, this.state, this.state.selection));
  }

  private derive(
    flow: TModelFlow,
    prev: TEditorState | undefined,
    selection: readonly string[],
    deferFlags = false,
  ): TEditorState {
    const analysis = this.analyzer.analysis;
    const visuals = this.visualCache.encode(flow, analysis);
    const ports = this.usedPorts(flow.edges);
    const title = this.titleOf(flow.blocks);
    // Same order as before unless nodes were added or removed: look up by index, fall back to a map.
    const prevList = prev?.nodes ?? [];
    let prevById: Map<string, TLayerNode> | null = null;
    const prevNode = (id: string, i: number): TLayerNode | undefined => {
      if (prevList[i]?.id === id) return prevList[i];
      prevById ??= new Map(prevList.map((n) => [n.id, n]));
      return prevById.get(id);
    };
    const selected = new Set(selection);
    const nodes: TLayerNode[] = flow.nodes.map((n, i) => {
      const used = ports.get(n.id) ?? 0;
      const data = this.cache.get(
        n.id,
        n,
        title(n),
        analysis.nodes.get(n.id),
        visuals.get(n.id)!,
        inputPortCount(n.type, used),
      );
      const position = n.position ?? this.viewPositions.get(n.id) ?? { x: i * 40, y: i * 20 };
      const old = prevNode(n.id, i);
      const isSelected = selected.has(n.id);
      if (
        old &&
        old.data === data &&
        old.position.x === position.x &&
        old.position.y === position.y &&
        !!old.selected === isSelected
      )
        return old;
      return {
        ...(old ?? {}),
        id: n.id,
        type: "layer",
        position,
        data,
        selected: isSelected,
        // Size and handles with the node (kept from `old` while its data is the same): React
        // Flow then draws a resize's edges in this render instead of measuring the DOM after it.
        ...(old?.data === data ? null : nodeGeometry(data)),
      };
    });
    // Ids are unique: more entries than nodes means some belong to removed nodes.
    if (this.cache.size > nodes.length) this.cache.retain(new Set(flow.nodes.map((n) => n.id)));
    const routed = this.router.derive(flow, nodes, { deferFlags });
    const edges = this.withEdgeSelection(routed, prev?.edges);
    return {
      flow,
      analysis,
      visuals,
      meta: this.mirror.meta,
      nodes,
      edges,
      routes: this.router.routes,
      selection,
      fitRequest: prev?.fitRequest ?? 0,
    };
  }

  private portsOf: { edges: TModelFlow["edges"]; ports: Map<string, number> } | undefined;

  /** Input ports used per target (highest port + 1), kept while the edge list is the same. */
  private usedPorts(edges: TModelFlow["edges"]): ReadonlyMap<string, number> {
    if (this.portsOf?.edges === edges) return this.portsOf.ports;
    const ports = new Map<string, number>();
    for (const e of edges) {
      const p = typeof e.port === "number" ? e.port + 1 : 1;
      ports.set(e.target, Math.max(ports.get(e.target) ?? 0, p));
    }
    this.portsOf = { edges, ports };
    return ports;
  }

  private titles = new WeakMap<TFlowNode, string>();
  private titleBlocks: TModelFlow["blocks"];

  /**
   * Node titles, computed once per node object: the mirror keeps the objects of untouched
   * nodes, and a title depends only on the node and the block definitions.
   */
  private titleOf(blocks: TModelFlow["blocks"]): (n: TFlowNode) => string {
    if (blocks !== this.titleBlocks) {
      this.titles = new WeakMap();
      this.titleBlocks = blocks;
    }
    return (n) => {
      let t = this.titles.get(n);
      if (t === undefined) {
        t = nodeTitle(n, blocks);
        this.titles.set(n, t);
      }
      return t;
    };
  }

  /** Applies React Flow's local-only node changes (measured sizes, drag positions, selection). */
  setLocalNodes(nodes: TLayerNode[]): void {
    const selection = nodes.filter((n) => n.selected).map((n) => n.id);
    const same =
      selection.length === this.state.selection.length &&
      selection.every((id, i) => id === this.state.selection[i]);
    this.emit({ ...this.state, nodes, selection: same ? this.state.selection : selection });
  }

  /** Replaces the selection (problems panel, paste, add after selection). */
  select(ids: readonly string[]): void {
    const set = new Set(ids);
    const nodes = this.state.nodes.map((n) =>
      !!n.selected === set.has(n.id) ? n : { ...n, selected: set.has(n.id) },
    );
    this.emit({ ...this.state, nodes, selection: [...ids] });
  }

  /** Applies React Flow's edge selection changes. */
  setLocalEdges(edges: Edge[]): void {
    this.emit({ ...this.state, edges });
  }
}

/**
 * Whether a transaction came from this editor (its edits, layouts, imports, or untagged local
 * writes) rather than from a provider (collab server, local storage), whose origin is an object.
 */
function isOwnOrigin(origin: unknown): boolean {
  return origin === null || origin === undefined || typeof origin === "string";
}

/**
 * Runs `run` after the next frame is painted. A callback of the next animation frame would still
 * run before that frame is painted (and delay it by its work); a task queued from it runs after.
 */
function afterPaint(run: () => void): void {
  if (typeof requestAnimationFrame === "function")
    requestAnimationFrame(() => void setTimeout(run, 0));
  else setTimeout(run, 0);
}
