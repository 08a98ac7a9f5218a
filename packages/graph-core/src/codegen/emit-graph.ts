import type { TDiagnostic } from "../analysis/types";
import type { TFlowNode, TGraphLike, TShape } from "../graph/types";
import { IdMap } from "../graph/id-map";
import { orderGraph } from "../graph/topology";
import { resolveParams } from "../layers/params";
import type { TLayerDef } from "../layers/types";
import { PyNamer, pyComment } from "./python-names";
import { sortRunsByPort } from "../graph/port-order";

/** Thrown when a graph cannot become code; carries the diagnostics that explain why. */
export class CodegenError extends Error {
  readonly diagnostics: TDiagnostic[];

  constructor(message: string, diagnostics: TDiagnostic[]) {
    const detail = diagnostics
      .map(
        (d) =>
          `  ${d.severity} ${d.code}${d.node === undefined ? "" : ` at ${JSON.stringify(d.node)}`}: ${d.message}`,
      )
      .join("\n");
    super(detail ? `${message}\n${detail}` : message);
    this.name = "CodegenError";
    this.diagnostics = diagnostics;
  }
}

/** One `self.<attr> = <module>` line of `__init__`, with an optional comment line above it. */
export interface TInitLine {
  attr: string;
  module: string;
  comment?: string;
}

/** The body of one generated class, before formatting. */
export interface TRenderedGraph {
  /** Forward argument names, in port order. */
  args: string[];
  init: TInitLine[];
  forward: string[];
  /** Names returned by forward (one per Output / BlockOutput; sinks when there is none). */
  returns: string[];
}

/** What `emitGraph` needs from its caller: the catalogue and how to instantiate blocks. */
export interface TEmitContext {
  lookup: (type: string) => TLayerDef | undefined;
  /** Constructor expression for a block used with these input shapes (`DoubleConv(3)`). */
  instantiateBlock: (blockId: string, inputs: TShape[], nodeId: string) => string;
  /**
   * Append each forward line's output shape as a comment (`# [64, 56, 56]`). Only for the model
   * class: a block class serves several sizes, so its lines carry none.
   */
  annotateShapes?: boolean;
}

/** Graph ops that are wiring rather than layers: they never reach a layer def's `toPyTorch`. */
const SOURCE_TYPES = new Set(["Input", "BlockInput"]);
const SINK_TYPES = new Set(["Output", "BlockOutput"]);

/** Printable ASCII only: a layer emission that is not is refused rather than written out. */
const SAFE_LINE = /^[\x20-\x7e]*$/;

/**
 * Renders a graph (the model or a block's inner graph) as `__init__` and `forward` lines.
 * `shapeOf` gives each node's output shape; nodes whose shape is unknown are left out with a
 * comment (they are downstream of something the gate already rejected, or unreachable).
 */
export function emitGraph(
  graph: TGraphLike,
  order: readonly string[],
  shapeOf: (id: string) => TShape | null,
  ctx: TEmitContext,
): TRenderedGraph {
  const namer = new PyNamer();
  // Per node by its first document position (what the id Maps and Sets here held, each of which
  // cost milliseconds to build at 10,000 nodes; see IdMap).
  const nodes = graph.nodes;
  const first = new IdMap(nodes.length);
  for (let i = 0; i < nodes.length; i++) first.addIfAbsent(nodes[i]!.id, i);
  const preds = predecessors(graph, first);
  const out: TRenderedGraph = { args: [], init: [], forward: [], returns: [] };
  const emitted = new Uint8Array(nodes.length);
  const consumed = new Uint8Array(nodes.length);
  const isEmitted = (id: string) => {
    const k = first.get(id);
    return k !== undefined && emitted[k] === 1;
  };
  const sources: { port: number; name: string }[] = [];
  const sinks: { docIndex: number; name: string }[] = [];

  for (const id of order) {
    const v = first.get(id);
    const node = v === undefined ? undefined : nodes[v];
    const shape = shapeOf(id);
    if (v === undefined || !node || !shape) continue;
    const inputs = preds.source.slice(preds.start[v], preds.start[v + 1]);
    if (inputs.some((p) => !isEmitted(p))) continue;
    const vars = inputs.map((p) => namer.name(p));
    const inShapes = inputs.map((p) => shapeOf(p) ?? []);
    for (const p of inputs) consumed[first.get(p)!] = 1;
    const name = namer.name(id);
    const comment = describe(node, name);

    if (SOURCE_TYPES.has(node.type)) {
      const port =
        node.type === "BlockInput" && typeof node.params?.port === "number"
          ? node.params.port
          : sources.length;
      sources.push({ port, name });
      emitted[v] = 1;
      continue;
    }
    if (SINK_TYPES.has(node.type)) {
      if (vars[0] !== undefined) sinks.push({ docIndex: v, name: vars[0] });
      continue;
    }
    if (node.type === "Block") {
      const blockId = typeof node.params?.block === "string" ? node.params.block : "";
      const module = ctx.instantiateBlock(blockId, inShapes, id);
      out.init.push(withComment({ attr: name, module }, comment));
      out.forward.push(`${name} = self.${name}(${vars.join(", ")})${shapeNote(ctx, shape)}`);
      emitted[v] = 1;
      continue;
    }
    const def = ctx.lookup(node.type);
    if (!def) throw new CodegenError(`Unknown layer type for node ${JSON.stringify(id)}.`, []);
    const resolved = resolveParams(def, node.params, id);
    if (resolved.hasError) throw new CodegenError("Invalid params.", resolved.diagnostics);
    const emission = def.toPyTorch({ nodeId: id, params: resolved.params, inputs: inShapes });
    if (emission.module !== null) {
      guard(emission.module, id);
      out.init.push(withComment({ attr: name, module: emission.module }, comment));
    } else if (comment) {
      out.forward.push(comment);
    }
    const call = emission.forward
      ? emission.forward(vars, emission.module !== null ? `self.${name}` : "self")
      : emission.module !== null
        ? `self.${name}(${vars.join(", ")})`
        : (vars[0] ?? "None");
    guard(call, id);
    out.forward.push(`${name} = ${call}${shapeNote(ctx, shape)}`);
    emitted[v] = 1;
  }

  out.args = sources.sort((a, b) => a.port - b.port).map((s) => s.name);
  // Several Output nodes: forward returns a tuple in document order (what a runner indexes by).
  out.returns = sinks.sort((a, b) => a.docIndex - b.docIndex).map((s) => s.name);
  if (out.returns.length === 0) {
    // No Output node (a `no-output` warning): return what nothing else consumes.
    for (const id of order) {
      const v = first.get(id);
      if (
        v !== undefined &&
        emitted[v] === 1 &&
        consumed[v] === 0 &&
        !SOURCE_TYPES.has(nodes[v]!.type)
      )
        out.returns.push(namer.name(id));
    }
  }
  return out;
}

/** Topological order of a graph (nodes on cycles are excluded: the gate refuses them anyway). */
export function graphOrder(graph: TGraphLike): string[] {
  const { order, cycles } = orderGraph(graph);
  const onCycle = new Set(cycles);
  return order.filter((id) => !onCycle.has(id));
}

/**
 * Each node's input ids in input order — by `port` (edges without one after every numbered one),
 * ties in edge order — by first document position: the inputs of node v are
 * `source[start[v]] … source[start[v + 1] - 1]`. Edges into unknown ids are dropped.
 */
function predecessors(graph: TGraphLike, first: IdMap): { start: Int32Array; source: string[] } {
  const n = graph.nodes.length;
  let edges = graph.edges;
  const portOf = (e: TGraphLike["edges"][number]) =>
    typeof e.port === "number" ? e.port : Number.MAX_SAFE_INTEGER;
  if (edges.some((e) => Number.isNaN(portOf(e)))) {
    // A NaN port compares as a tie: order exactly as one sort of every edge does.
    edges = edges
      .map((e, i) => ({ e, i, port: portOf(e) }))
      .sort((a, b) => a.port - b.port || a.i - b.i)
      .map((x) => x.e);
  }
  const targetOf = new Int32Array(edges.length);
  const start = new Int32Array(n + 1);
  for (let e = 0; e < edges.length; e++) {
    const t = first.get(edges[e]!.target);
    targetOf[e] = t === undefined ? -1 : t;
    if (t !== undefined) start[t + 1]!++;
  }
  for (let v = 0; v < n; v++) start[v + 1]! += start[v]!;
  const fill = start.slice(0, n);
  const source = new Array<string>(start[n]!);
  const port = new Float64Array(start[n]!);
  for (let e = 0; e < edges.length; e++) {
    const t = targetOf[e]!;
    if (t === -1) continue;
    const k = fill[t]!++;
    source[k] = edges[e]!.source;
    port[k] = portOf(edges[e]!);
  }
  sortRunsByPort(start, source, port);
  return { start, source };
}

/** A comment naming the node when its identifier or label does not already say it. */
function describe(node: TFlowNode, name: string): string | undefined {
  const label = typeof node.label === "string" && node.label !== "" ? node.label : undefined;
  if (label !== undefined) return pyComment(`node ${JSON.stringify(name)}: `, label);
  if (node.id !== name) return pyComment("node id ", node.id);
  return undefined;
}

/** `  # [C, H, W]` from analysed integers (never user text), when annotating. */
function shapeNote(ctx: TEmitContext, shape: TShape): string {
  return ctx.annotateShapes ? `  # [${shape.map((d) => Math.trunc(d)).join(", ")}]` : "";
}

function withComment(line: TInitLine, comment: string | undefined): TInitLine {
  return comment === undefined ? line : { ...line, comment };
}

function guard(code: string, id: string): void {
  if (!SAFE_LINE.test(code)) {
    throw new CodegenError(`Refusing unsafe code emitted for node ${JSON.stringify(id)}.`, []);
  }
}
