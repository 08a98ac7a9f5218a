/**
 * The TypeScript half of `graph-core import`: takes what the Python importer traced, writes it
 * in graph-core's own terms (catalogue param forms and defaults, UnsupportedOp for types the
 * catalogue lacks, a layout) and proves it: every node's inferred shape against the traced one,
 * the parameter total against torch's.
 */
import { analyze } from "../analysis/analyze";
import type { TAnalysis } from "../analysis/types";
import { jsonEqual } from "../diff/diff-models";
import { expandBlocks } from "../graph/expand-blocks";
import type { TFlowNode, TJsonValue, TModelFlow, TParams } from "../graph/types";
import type { TASKS } from "../layers/io";
import { INFERRED_PARAMS } from "../layers/params";
import type { TLayerDef, TParamSpec } from "../layers/types";
import { applyLayout, layoutModel } from "../layout/layout-model";
import { formatShape } from "../shape/arithmetic";

/** What the Python importer writes (`python3 -m layerwise_trainer.importer`). */
export interface TRawImport {
  model: TModelFlow;
  /** Traced output shape (no batch) per expanded node id (`enc1/conv1`). */
  traced: Record<string, number[] | null>;
  /** Where each node came from: torch op or module, source line, torch's parameter count. */
  nodes: Record<
    string,
    { op?: string; source?: string; paramCount?: number; unread?: string[]; block?: boolean }
  >;
  totalParams: number;
  /** Who counted `totalParams`: "torch" or "the ONNX file". */
  paramsFrom?: string;
  /** The node whose tensor the model returns. */
  output?: string;
}

/**
 * The document with an Output node for `task` on the model's returned tensor, its class count
 * read from the traced shape (classification: `[n]`; multiclass segmentation: the channels).
 */
export function withOutput(
  doc: TModelFlow,
  raw: TRawImport,
  task: (typeof TASKS)[number],
): TModelFlow {
  if (raw.output === undefined) return doc;
  const shape = raw.traced[raw.output] ?? [];
  const params: TParams = { task };
  if (task === "classification" && shape.length === 1) params.num_classes = shape[0]!;
  if (task === "multiclass-segmentation" && shape.length >= 2) params.num_classes = shape[0]!;
  let id = "output";
  for (let k = 1; doc.nodes.some((n) => n.id === id); k++) id = `output_${k}`;
  return {
    ...doc,
    nodes: [...doc.nodes, { id, type: "Output", params }],
    edges: [...doc.edges, { source: raw.output, target: id }],
  };
}

export interface TShapeMismatch {
  node: string;
  traced: number[] | null;
  inferred: number[] | null;
  /** The node's first error, when graph-core refused it. */
  reason?: string;
}

export interface TImportReport {
  nodes: number;
  blocks: number;
  shapesChecked: number;
  shapeMismatches: TShapeMismatch[];
  /** graph-core's total and the reference's (`from`: torch, or the ONNX file's weights). */
  params: { graphCore: number; torch: number; from: string };
  unsupported: { node: string; op: string; source: string | null }[];
  notes: string[];
}

type TLookup = (type: string) => TLayerDef | undefined;

/** Widths graph-core infers from the input when the param is null (its default there). */
const INFERRED_WHEN_NULL: ReadonlySet<string> = new Set([
  "d_model",
  "embed_dim",
  "input_size",
  "in1_features",
  "in2_features",
]);

const TUPLE_KINDS: ReadonlySet<TParamSpec["kind"]> = new Set([
  "int-tuple",
  "int-tuple-or-enum",
  "float-tuple",
]);

/** `[3, 3]` → `3` where the param takes either form, as people write it. */
function collapse(value: TJsonValue, spec: TParamSpec): TJsonValue {
  if (!TUPLE_KINDS.has(spec.kind) || !Array.isArray(value) || value.length === 0) return value;
  return value.every((v) => v === value[0]) ? value[0]! : value;
}

/**
 * A node's params as graph-core writes them: inferred input sizes dropped, `[3, 3]` as `3`
 * where the param takes either form, graph-core defaults left out; arguments graph-core has no
 * param for are dropped with a note (a batch_first=True graph-core implies is dropped silently).
 */
export function normalizeParams(
  node: TFlowNode,
  def: TLayerDef,
  path: string,
  notes: string[],
): TParams {
  const params: TParams = {};
  for (const [name, value] of Object.entries(node.params)) {
    if (INFERRED_PARAMS.has(name)) continue;
    const p = def.params.find((d) => d.name === name);
    // Layers without the flag are batch-first by construction (codegen emits batch_first=True).
    if (p === undefined && name === "batch_first" && value === true) continue;
    if (p === undefined) {
      notes.push(
        `${path}: ${node.type} argument ${name}=${JSON.stringify(value)} has no graph-core param; dropped`,
      );
      continue;
    }
    if (p.default === null && INFERRED_WHEN_NULL.has(name)) continue;
    const v = collapse(value, p.spec);
    if (p.default !== undefined && jsonEqual(v, p.default)) continue;
    params[name] = v;
  }
  // A pool's stride defaults to its kernel (torch's None): an equal stride says nothing more.
  const stride = def.params.find((d) => d.name === "stride");
  if (stride?.default === null && params.stride !== undefined && params.kernel_size !== undefined) {
    const kernel = def.params.find((d) => d.name === "kernel_size")!;
    if (jsonEqual(collapse(params.stride, stride.spec), collapse(params.kernel_size, kernel.spec)))
      delete params.stride;
  }
  return params;
}

function normalizeNode(
  node: TFlowNode,
  path: string,
  raw: TRawImport,
  lookup: TLookup,
  notes: string[],
): TFlowNode {
  const facts = raw.nodes[path];
  for (const name of facts?.unread ?? [])
    notes.push(
      `${path}: could not read ${node.type}'s required argument ${name} back from the module`,
    );
  if (node.type === "Block" || node.type === "BlockInput" || node.type === "BlockOutput")
    return node;
  const def = node.type === "UnsupportedOp" ? undefined : lookup(node.type);
  if (def !== undefined) return { ...node, params: normalizeParams(node, def, path, notes) };
  if (node.type === "UnsupportedOp") return node;
  const params: TParams = { op: facts?.op ?? node.type, shape: raw.traced[path] ?? [] };
  if (facts?.source) params.source = facts.source;
  if (facts?.paramCount) params.param_count = facts.paramCount;
  return { ...node, type: "UnsupportedOp", params };
}

/** Graph-core's params, UnsupportedOp for what the catalogue lacks, block ids kept. */
export function normalizeImport(
  raw: TRawImport,
  lookup: TLookup,
): { doc: TModelFlow; notes: string[] } {
  const notes: string[] = [];
  const doc = raw.model;
  // Block definitions are shared: normalize each once, with the path of its first use.
  const blocks = doc.blocks ?? {};
  const firstUse = new Map<string, string>();
  const visit = (nodes: readonly TFlowNode[], prefix: string) => {
    for (const n of nodes) {
      const block = n.type === "Block" ? String(n.params.block) : null;
      if (block === null || firstUse.has(block) || blocks[block] === undefined) continue;
      firstUse.set(block, prefix + n.id);
      visit(blocks[block].nodes, `${prefix}${n.id}/`);
    }
  };
  visit(doc.nodes, "");
  const outBlocks: NonNullable<TModelFlow["blocks"]> = {};
  for (const [id, def] of Object.entries(blocks)) {
    const use = firstUse.get(id) ?? id;
    outBlocks[id] = {
      ...def,
      nodes: def.nodes.map((n) => normalizeNode(n, `${use}/${n.id}`, raw, lookup, notes)),
    };
  }
  const nodes = doc.nodes.map((n) => normalizeNode(n, n.id, raw, lookup, notes));
  const out: TModelFlow = { ...doc, nodes };
  if (doc.blocks !== undefined) out.blocks = outBlocks;
  return { doc: out, notes };
}

function shapeOf(a: TAnalysis, b: TAnalysis, id: string) {
  return a.nodes.get(id) ?? b.nodes.get(id);
}

/** Compares graph-core's analysis of `doc` with the trace: shapes per node, total params. */
export function verifyImport(doc: TModelFlow, raw: TRawImport, notes: string[]): TImportReport {
  const analysis = analyze(doc);
  const expanded = doc.blocks === undefined ? analysis : analyze(expandBlocks(doc));
  const mismatches: TShapeMismatch[] = [];
  let checked = 0;
  for (const [id, traced] of Object.entries(raw.traced)) {
    // A Block used inside a block is gone once expanded; its inner nodes carry its shapes.
    if (raw.nodes[id]?.block === true && id.includes("/")) continue;
    checked++;
    const node = shapeOf(analysis, expanded, id);
    const inferred = node?.shape ? [...node.shape] : null;
    if (traced !== null && inferred !== null && jsonEqual(traced, inferred)) continue;
    const mismatch: TShapeMismatch = { node: id, traced, inferred };
    const error = node?.diagnostics.find((d) => d.severity === "error");
    if (error) mismatch.reason = error.message;
    else if (node === undefined) mismatch.reason = "not in the imported graph";
    mismatches.push(mismatch);
  }
  const unsupported: TImportReport["unsupported"] = [];
  const scan = (nodes: readonly TFlowNode[], prefix: string) => {
    for (const n of nodes)
      if (n.type === "UnsupportedOp")
        unsupported.push({
          node: prefix + n.id,
          op: String(n.params.op),
          source: typeof n.params.source === "string" ? n.params.source : null,
        });
  };
  scan(doc.nodes, "");
  for (const [id, def] of Object.entries(doc.blocks ?? {})) scan(def.nodes, `${id}:`);
  return {
    nodes: doc.nodes.length,
    blocks: Object.keys(doc.blocks ?? {}).length,
    shapesChecked: checked,
    shapeMismatches: mismatches,
    params: {
      graphCore: analysis.totalParams,
      torch: raw.totalParams,
      from: raw.paramsFrom ?? "torch",
    },
    unsupported,
    notes,
  };
}

/** Lays the document out: U-Net alignment when it joins skips with Concat (in the graph or in
 * one of its blocks, like a U-Net's `Up` module), else simple. */
export function layoutImport(doc: TModelFlow, lookup: TLookup): TModelFlow {
  const graphs = [doc, ...Object.values(doc.blocks ?? {})];
  const hasConcat = graphs.some((g) => g.nodes.some((n) => n.type === "Concat"));
  const mode = hasConcat ? "unet" : "simple";
  const positions = layoutModel(doc, analyze(doc), { mode, lookup });
  return applyLayout(doc, positions);
}

/** Human-readable lines for a report (stderr of `graph-core import`). */
export function describeReport(name: string, report: TImportReport): string[] {
  const lines = [
    `imported ${name}: ${report.nodes} nodes, ${report.blocks} blocks`,
    report.shapeMismatches.length === 0
      ? `shapes: all ${report.shapesChecked} traced shapes equal graph-core's`
      : `shapes: ${report.shapeMismatches.length} of ${report.shapesChecked} differ from the trace`,
  ];
  for (const m of report.shapeMismatches) {
    const show = (s: number[] | null) => (s === null ? "unknown" : formatShape(s));
    lines.push(
      `  ${m.node}: traced ${show(m.traced)}, graph-core ${show(m.inferred)}${m.reason ? ` (${m.reason})` : ""}`,
    );
  }
  const { graphCore, torch, from } = report.params;
  lines.push(
    graphCore === torch
      ? `params: ${graphCore} (equal to ${from})`
      : `params: graph-core counts ${graphCore}, ${from} ${torch} (differ by ${graphCore - torch})`,
  );
  for (const u of report.unsupported)
    lines.push(
      `unsupported: ${u.op}${u.source ? ` at ${u.source}` : ""} kept as node ${u.node} with its traced shape`,
    );
  for (const note of report.notes) lines.push(`note: ${note}`);
  return lines;
}
