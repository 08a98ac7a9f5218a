import {
  encodeVisuals,
  findOutOfOrder,
  getLayerDef,
  nodeSize,
  type TAnalysis,
  type TModelFlow,
  type TNodeVisual,
} from "@layerwise/graph-core";

interface TEncoded {
  nodes: TModelFlow["nodes"];
  edges: TModelFlow["edges"];
  analysis: TAnalysis;
  visuals: ReadonlyMap<string, TNodeVisual>;
  /** Flagged by the wiring alone (an activation feeding a norm): depends on edges and types. */
  wiredOutOfOrder: ReadonlySet<string>;
  /** Nodes of graph-level `layer-order` diagnostics. */
  graphOrderNodes: string;
}

const NO_DIAGNOSTICS: TAnalysis = {
  nodes: new Map(),
  diagnostics: [],
  order: [],
  totalParams: 0,
  totalMacs: 0,
  errorCount: 0,
  warningCount: 0,
};

function graphOrderNodes(analysis: TAnalysis): string {
  let ids = "";
  for (const d of analysis.diagnostics)
    if (d.code === "layer-order" && d.node) ids += `${d.node}\n`;
  return ids;
}

/** Same ids and types in the same order (what colours, families and roles depend on). */
function sameNodeTypes(a: TModelFlow["nodes"], b: TModelFlow["nodes"]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y && (x.id !== y.id || x.type !== y.type)) return false;
  }
  return true;
}

/**
 * graph-core's `encodeVisuals`, kept up to date incrementally: after an edit that changed
 * parameters but neither the wiring nor a layer type, only the nodes whose analysis changed are
 * encoded again (a size depends only on the node's shape and family; colour, brightness and the
 * family depend on types, wiring and the out-of-order flags, which are re-checked for exactly
 * those nodes). Anything else — a flag that flips, a new edge, a new type — encodes every node.
 * At 1,000 layers that is the difference between re-encoding one conv block and every layer on
 * each keystroke. `visual-cache.test.ts` checks it against the full encoding after random edits.
 */
export class VisualCache {
  private last: TEncoded | undefined;
  /** How many times every node was encoded (the first time, then after structural changes). */
  fullEncodes = 0;

  encode(flow: TModelFlow, analysis: TAnalysis): ReadonlyMap<string, TNodeVisual> {
    const last = this.last;
    if (last && last.analysis === analysis && last.nodes === flow.nodes) return last.visuals;
    const visuals =
      last && last.edges === flow.edges && sameNodeTypes(last.nodes, flow.nodes)
        ? this.update(last, flow, analysis)
        : undefined;
    if (visuals) {
      this.last = { ...last!, nodes: flow.nodes, analysis, visuals };
      return visuals;
    }
    this.fullEncodes += 1;
    const full = encodeVisuals(flow, analysis, { previous: last?.visuals });
    const roleOf = roleLookup(flow);
    this.last = {
      nodes: flow.nodes,
      edges: flow.edges,
      analysis,
      visuals: full,
      wiredOutOfOrder: findOutOfOrder(flow, NO_DIAGNOSTICS, roleOf),
      graphOrderNodes: graphOrderNodes(analysis),
    };
    return full;
  }

  /** The visuals after a parameter-only change; undefined when every node must be encoded. */
  private update(
    last: TEncoded,
    flow: TModelFlow,
    analysis: TAnalysis,
  ): ReadonlyMap<string, TNodeVisual> | undefined {
    if (graphOrderNodes(analysis) !== last.graphOrderNodes) return undefined;
    let out: Map<string, TNodeVisual> | undefined;
    for (const node of flow.nodes) {
      const a = analysis.nodes.get(node.id);
      if (a === last.analysis.nodes.get(node.id)) continue;
      const old = last.visuals.get(node.id);
      if (!old) return undefined;
      const outOfOrder =
        last.wiredOutOfOrder.has(node.id) ||
        (a?.diagnostics.some((d) => d.code === "layer-order") ?? false) ||
        last.graphOrderNodes.includes(`${node.id}\n`);
      // A flipped flag re-colours the run after it: encode everything.
      if (outOfOrder !== old.outOfOrder) return undefined;
      const { width, height, channels, spatial } = nodeSize(a?.shape ?? null, old.family);
      if (
        old.width === width &&
        old.height === height &&
        old.channels === channels &&
        old.spatial === spatial
      )
        continue;
      out ??= new Map(last.visuals);
      out.set(node.id, { ...old, width, height, channels, spatial });
    }
    return out ?? last.visuals;
  }
}

function roleLookup(flow: TModelFlow): (id: string) => ReturnType<typeof roleOfType> {
  const types = new Map(flow.nodes.map((n) => [n.id, n.type]));
  return (id) => roleOfType(types.get(id));
}

function roleOfType(type: string | undefined) {
  return (type === undefined ? undefined : getLayerDef(type)?.orderRole) ?? null;
}
