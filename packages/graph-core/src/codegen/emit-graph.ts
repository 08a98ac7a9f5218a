import type { TDiagnostic } from "../analysis/types";
import type { TFlowNode, TGraphLike, TShape } from "../graph/types";
import { orderGraph } from "../graph/topology";
import { resolveParams } from "../layers/params";
import type { TLayerDef } from "../layers/types";
import { PyNamer, pyComment } from "./python-names";

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
  const byId = new Map<string, TFlowNode>();
  for (const n of graph.nodes) if (!byId.has(n.id)) byId.set(n.id, n);
  const preds = predecessors(graph);
  const out: TRenderedGraph = { args: [], init: [], forward: [], returns: [] };
  const emitted = new Set<string>();
  const sources: { port: number; name: string }[] = [];
  const consumed = new Set<string>();
  const sinks: { docIndex: number; name: string }[] = [];
  const docIndex = new Map<string, number>();
  graph.nodes.forEach((n, i) => {
    if (!docIndex.has(n.id)) docIndex.set(n.id, i);
  });

  for (const id of order) {
    const node = byId.get(id);
    const shape = shapeOf(id);
    if (!node || !shape) continue;
    const inputs = preds.get(id) ?? [];
    if (inputs.some((p) => !emitted.has(p))) continue;
    const vars = inputs.map((p) => namer.name(p));
    const inShapes = inputs.map((p) => shapeOf(p) ?? []);
    for (const p of inputs) consumed.add(p);
    const name = namer.name(id);
    const comment = describe(node, name);

    if (SOURCE_TYPES.has(node.type)) {
      const port =
        node.type === "BlockInput" && typeof node.params?.port === "number"
          ? node.params.port
          : sources.length;
      sources.push({ port, name });
      emitted.add(id);
      continue;
    }
    if (SINK_TYPES.has(node.type)) {
      if (vars[0] !== undefined) sinks.push({ docIndex: docIndex.get(id) ?? 0, name: vars[0] });
      continue;
    }
    if (node.type === "Block") {
      const blockId = typeof node.params?.block === "string" ? node.params.block : "";
      const module = ctx.instantiateBlock(blockId, inShapes, id);
      out.init.push(withComment({ attr: name, module }, comment));
      out.forward.push(`${name} = self.${name}(${vars.join(", ")})${shapeNote(ctx, shape)}`);
      emitted.add(id);
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
    emitted.add(id);
  }

  out.args = sources.sort((a, b) => a.port - b.port).map((s) => s.name);
  // Several Output nodes: forward returns a tuple in document order (what a runner indexes by).
  out.returns = sinks.sort((a, b) => a.docIndex - b.docIndex).map((s) => s.name);
  if (out.returns.length === 0) {
    // No Output node (a `no-output` warning): return what nothing else consumes.
    for (const id of order)
      if (emitted.has(id) && !consumed.has(id) && !SOURCE_TYPES.has(byId.get(id)?.type ?? ""))
        out.returns.push(namer.name(id));
  }
  return out;
}

/** Topological order of a graph (nodes on cycles are excluded: the gate refuses them anyway). */
export function graphOrder(graph: TGraphLike): string[] {
  const { order, cycles } = orderGraph(graph);
  const onCycle = new Set(cycles);
  return order.filter((id) => !onCycle.has(id));
}

function predecessors(graph: TGraphLike): Map<string, string[]> {
  const withPort = graph.edges.map((e, i) => ({
    e,
    i,
    port: typeof e.port === "number" ? e.port : Number.MAX_SAFE_INTEGER,
  }));
  withPort.sort((a, b) => a.port - b.port || a.i - b.i);
  const out = new Map<string, string[]>();
  for (const { e } of withPort) {
    const list = out.get(e.target);
    if (list) list.push(e.source);
    else out.set(e.target, [e.source]);
  }
  return out;
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
