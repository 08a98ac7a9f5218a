import type { TJsonValue as TParamValue, TModelFlow } from "../graph/types";
import { getLayerDef } from "../layers/registry";
import { analyze } from "./analyze";
import type { TAnalysis, TDiagnostic } from "./types";

/** A one-parameter change that graph-core's re-analysis confirmed removes an error. */
export interface TFix {
  /** The node whose parameter changes (the cause, upstream of the error). */
  node: string;
  param: string;
  from: TParamValue | undefined;
  to: TParamValue;
  /** "convtranspose2d_1: stride 1 → 2 gives 64 × 64 × 64" */
  message: string;
}

/** Options of {@link suggestFixes}. */
export interface TSuggestOptions {
  /** How many edges upstream of the error to look for the cause (default 12). */
  maxDepth?: number;
  /** At most this many re-analyses (default 200): the search stays interactive. */
  budget?: number;
  /** Stop after this many fixes (default 3). */
  limit?: number;
}

/** The diagnostics a parameter of a spatial layer can cause, and that a fix is searched for. */
const FIXABLE = new Set<TDiagnostic["code"]>(["shape-mismatch", "task-mismatch", "empty-output"]);

/** Whether {@link suggestFixes} searches a cause for this diagnostic (a size error on a node). */
export function isFixable(diagnostic: TDiagnostic): boolean {
  return !!diagnostic.node && diagnostic.severity === "error" && FIXABLE.has(diagnostic.code);
}

/**
 * Candidate values per parameter name: the values a person most often meant. Tried in this
 * order, so the first confirmed fix for a node is the most conventional one.
 */
const CANDIDATES: Readonly<Record<string, readonly TParamValue[]>> = {
  stride: [2, 1],
  padding: [1, 0, 2, 3],
  kernel_size: [3, 2, 1, 5, 7],
  output_padding: [0, 1],
  dilation: [1],
  scale_factor: [2, 4],
  ceil_mode: [true, false],
};

/**
 * Searches for the cause of an error: walks upstream of the erroneous node (nearest first) and,
 * for each spatial parameter of each layer there, re-analyses the model with a conventional
 * value. A change is a fix only when the re-analysis confirms it: that node's error is gone and
 * the model has fewer errors than before, none new. Returns the fixes, nearest cause first (at
 * most one per node), so a hint can name the parameter that made the sizes differ and the value
 * that repairs it. Pure; bounded by `budget` re-analyses.
 */
export function suggestFixes(
  doc: TModelFlow,
  analysis: TAnalysis,
  diagnostic: TDiagnostic,
  options: TSuggestOptions = {},
): TFix[] {
  const target = diagnostic.node;
  if (!target || !isFixable(diagnostic)) return [];
  let budget = options.budget ?? 200;
  const limit = options.limit ?? 3;
  const fixes: TFix[] = [];
  const near = upstream(doc, target, options.maxDepth ?? 12);
  // Suspects first: layers whose output size is not a power-of-two multiple of their input
  // (64 → 31, 32 → 33) are where sizes went wrong; the others can only compensate.
  const suspects = near.filter((id) => isUnclean(doc, analysis, id));
  for (const id of [...suspects, ...near.filter((id) => !suspects.includes(id))]) {
    const node = doc.nodes.find((n) => n.id === id);
    const def = node ? getLayerDef(node.type) : undefined;
    if (!node || !def) continue;
    search: for (const p of preferred(def.params, def.family)) {
      const values = CANDIDATES[p.name];
      if (!values) continue;
      const from = node.params[p.name] ?? (p.default as TParamValue | undefined);
      for (const to of values) {
        if (budget-- <= 0) return fixes;
        if (sameValue(from, to)) continue;
        const trial = withParam(doc, id, p.name, to);
        const result = analyze(trial);
        if (!confirms(result, analysis, target)) continue;
        const shape = result.nodes.get(target)?.shape;
        fixes.push({
          node: id,
          param: p.name,
          from,
          to,
          message: `${node.label ?? id}: ${p.name} ${show(from)} → ${show(to)}${shape ? ` gives ${shape.join(" × ")} at ${target}` : ""}`,
        });
        if (fixes.length >= limit) return fixes;
        break search;
      }
    }
  }
  return fixes;
}

function confirms(result: TAnalysis, before: TAnalysis, target: string): boolean {
  if (result.errorCount >= before.errorCount) return false;
  const still = result.nodes.get(target)?.diagnostics ?? [];
  if (still.some((d) => d.severity === "error")) return false;
  // No error where there was none: a fix must not move the problem elsewhere.
  for (const [id, a] of result.nodes) {
    if (!a.diagnostics.some((d) => d.severity === "error")) continue;
    const old = before.nodes.get(id)?.diagnostics ?? [];
    if (!old.some((d) => d.severity === "error")) return false;
  }
  return true;
}

/**
 * The order parameters are tried in: what people get wrong first. A convolution's size is
 * usually off by its padding, a pooling layer's by a kernel that differs from its stride.
 */
const PREFERENCE: Readonly<Record<string, readonly string[]>> = {
  convolution: ["padding", "stride", "kernel_size", "dilation", "output_padding"],
  pooling: ["kernel_size", "stride", "padding", "ceil_mode", "dilation"],
};

function preferred<T extends { name: string }>(params: readonly T[], family: string): T[] {
  const order = PREFERENCE[family];
  if (!order) return [...params];
  const rank = (n: string) => {
    const i = order.indexOf(n);
    return i < 0 ? order.length : i;
  };
  return [...params].sort((a, b) => rank(a.name) - rank(b.name));
}

/** Whether a one-input node's spatial output is not a power-of-two multiple of its input. */
function isUnclean(doc: TModelFlow, analysis: TAnalysis, id: string): boolean {
  const edge = doc.edges.find((e) => e.target === id);
  const input = edge ? analysis.nodes.get(edge.source)?.shape : null;
  const output = analysis.nodes.get(id)?.shape;
  if (!input || !output || input.length < 2 || input.length !== output.length) return false;
  for (let i = 1; i < input.length; i++) {
    const ratio = output[i]! / input[i]!;
    const log = Math.log2(ratio);
    if (!Number.isFinite(log) || Math.abs(log - Math.round(log)) > 1e-9) return true;
  }
  return false;
}

/** Node ids upstream of `start` (its inputs, their inputs…), nearest first, `start` included. */
function upstream(doc: TModelFlow, start: string, maxDepth: number): string[] {
  const inputs = new Map<string, string[]>();
  for (const e of doc.edges) {
    const list = inputs.get(e.target);
    if (list) list.push(e.source);
    else inputs.set(e.target, [e.source]);
  }
  const seen = new Set([start]);
  const out = [start];
  let frontier = [start];
  for (let depth = 0; depth < maxDepth && frontier.length; depth++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const src of inputs.get(id) ?? []) {
        if (seen.has(src)) continue;
        seen.add(src);
        out.push(src);
        next.push(src);
      }
    }
    frontier = next;
  }
  return out;
}

function withParam(doc: TModelFlow, id: string, name: string, value: TParamValue): TModelFlow {
  return {
    ...doc,
    nodes: doc.nodes.map((n) =>
      n.id === id ? { ...n, params: { ...n.params, [name]: value } } : n,
    ),
  };
}

function sameValue(a: TParamValue | undefined, b: TParamValue): boolean {
  if (Array.isArray(a)) return a.every((x) => x === b);
  return a === b;
}

function show(v: TParamValue | undefined): string {
  if (v === undefined || v === null) return "unset";
  return Array.isArray(v) ? `(${v.join(", ")})` : String(v);
}
