import type {
  TBlocks,
  TFlowEdge,
  TFlowNode,
  TGraphLike,
  TJsonValue,
  TParams,
} from "../graph/types";
import { getLayerDef } from "../layers/registry";
import type { TLayerDef, TParamDef } from "../layers/types";

/** An edge as the diff reports it: identity is (source, target, port). */
export interface TDiffEdge {
  source: string;
  target: string;
  port?: number;
}

/** One node present in both documents whose type or params differ. */
export interface TNodeChange {
  id: string;
  /** `name → [old, new]`; an absent param reads as its torch default, or `null` when it has none. */
  params: Record<string, [TJsonValue, TJsonValue]>;
  type?: [string, string];
}

/** A block definition present in both documents whose label or inner graph differs. */
export interface TBlockChange {
  id: string;
  label?: [string, string];
  /** The diff of the block's inner graph, its nodes matched by id inside the block. */
  diff: TModelDiff;
}

/** The structural difference between two model-flow documents (ARCHITECTURE.md, CLI `diff`). */
export interface TModelDiff {
  added: string[];
  removed: string[];
  changed: TNodeChange[];
  edges: { added: TDiffEdge[]; removed: TDiffEdge[] };
  /**
   * The document's reusable block definitions that differ — present only when some do, so a
   * model without block changes diffs exactly as ARCHITECTURE.md writes it. A changed block
   * changes every Block node that uses it, while those nodes' own params stay the same.
   */
  blocks?: { added: string[]; removed: string[]; changed: TBlockChange[] };
}

/** What {@link diffModels} compares: a model-flow document, or any graph with optional blocks. */
export type TDiffable = TGraphLike & { blocks?: TBlocks };

/** Options of {@link diffModels}. */
export interface TDiffOptions {
  /**
   * Looks up a layer definition so that an absent param compares equal to its torch default and
   * `kernel_size: 3` equals `[3, 3]`. Defaults to the registry; pass `() => undefined` to
   * compare params as plain JSON.
   */
  lookup?: (type: string) => TLayerDef | undefined;
}

/**
 * Structural diff of two model-flow documents. Nodes are matched by id; positions, labels and
 * other UI fields are not structural and never show up. Output order is deterministic:
 * ids follow document order (b's for added, a's for removed and changed).
 */
export function diffModels(a: TDiffable, b: TDiffable, options: TDiffOptions = {}): TModelDiff {
  const diff = diffGraphs(a, b, options);
  const blocks = diffBlocks(a.blocks ?? {}, b.blocks ?? {}, options);
  if (blocks.added.length + blocks.removed.length + blocks.changed.length > 0) diff.blocks = blocks;
  return diff;
}

function diffBlocks(
  a: TBlocks,
  b: TBlocks,
  options: TDiffOptions,
): NonNullable<TModelDiff["blocks"]> {
  const aIds = Object.keys(a);
  const bIds = Object.keys(b);
  const changed: TBlockChange[] = [];
  for (const id of aIds) {
    // Own keys only: block ids are user text, and "constructor" is in every object.
    if (!Object.hasOwn(b, id)) continue;
    // Typed non-null, but a malformed document may hold null: the diff never throws.
    const before = a[id] as TBlocks[string] | null;
    const after = b[id] as TBlocks[string] | null;
    const change: TBlockChange = { id, diff: diffGraphs(graphOf(before), graphOf(after), options) };
    const labels = [before?.label, after?.label];
    if (labels[0] !== labels[1]) change.label = [String(labels[0]), String(labels[1])];
    if (change.label || !isEmptyDiff(change.diff)) changed.push(change);
  }
  return {
    added: bIds.filter((id) => !Object.hasOwn(a, id)),
    removed: aIds.filter((id) => !Object.hasOwn(b, id)),
    changed,
  };
}

/** A block's inner graph, tolerating a malformed definition (diff never throws). */
function graphOf(block: TBlocks[string] | null): TGraphLike {
  return {
    nodes: Array.isArray(block?.nodes) ? block.nodes : [],
    edges: Array.isArray(block?.edges) ? block.edges : [],
  };
}

function diffGraphs(a: TGraphLike, b: TGraphLike, options: TDiffOptions): TModelDiff {
  const aNodes = firstById(a.nodes);
  const bNodes = firstById(b.nodes);
  const added = uniq(b.nodes.map((n) => n.id).filter((id) => !aNodes.has(id)));
  const removed = uniq(a.nodes.map((n) => n.id).filter((id) => !bNodes.has(id)));

  const changed: TNodeChange[] = [];
  const seen = new Set<string>();
  for (const before of a.nodes) {
    const after = bNodes.get(before.id);
    if (!after || seen.has(before.id)) continue;
    seen.add(before.id);
    const change: TNodeChange = { id: before.id, params: {} };
    if (before.type !== after.type) change.type = [before.type, after.type];
    // A type change makes defaults of the old type meaningless for the new one: compare raw.
    const lookup = options.lookup ?? getLayerDef;
    const def = before.type === after.type ? lookup(before.type) : undefined;
    change.params = diffParams(before.params ?? {}, after.params ?? {}, def);
    if (change.type || Object.keys(change.params).length > 0) changed.push(change);
  }

  const aEdges = edgeSet(a.edges);
  const bEdges = edgeSet(b.edges);
  return {
    added,
    removed,
    changed,
    edges: {
      added: [...bEdges].filter(([k]) => !aEdges.has(k)).map(([, e]) => e),
      removed: [...aEdges].filter(([k]) => !bEdges.has(k)).map(([, e]) => e),
    },
  };
}

/** True when the diff reports no structural change at all. */
export function isEmptyDiff(diff: TModelDiff): boolean {
  return (
    diff.added.length === 0 &&
    diff.removed.length === 0 &&
    diff.changed.length === 0 &&
    diff.edges.added.length === 0 &&
    diff.edges.removed.length === 0 &&
    diff.blocks === undefined
  );
}

function diffParams(
  before: TParams,
  after: TParams,
  def: TLayerDef | undefined,
): Record<string, [TJsonValue, TJsonValue]> {
  const out: Record<string, [TJsonValue, TJsonValue]> = {};
  const names = uniq([...Object.keys(before), ...Object.keys(after)]).sort();
  for (const name of names) {
    const spec = def?.params.find((p) => p.name === name);
    const oldValue = effective(before, name, spec);
    const newValue = effective(after, name, spec);
    if (!jsonEqual(normalise(oldValue, spec), normalise(newValue, spec))) {
      out[name] = [oldValue, newValue];
    }
  }
  return out;
}

function effective(params: TParams, name: string, spec: TParamDef | undefined): TJsonValue {
  if (Object.prototype.hasOwnProperty.call(params, name)) {
    const value = params[name];
    if (value !== undefined) return value;
  }
  return spec?.default !== undefined ? spec.default : null;
}

/** Expands scalar shorthands of tuple params so that `3` and `[3, 3]` compare equal, like torch. */
function normalise(value: TJsonValue, spec: TParamDef | undefined): TJsonValue {
  if (!spec) return value;
  const s = spec.spec;
  if (
    (s.kind === "int-tuple" || s.kind === "int-tuple-or-enum" || s.kind === "float-tuple") &&
    typeof value === "number"
  ) {
    return Array.from({ length: s.rank }, () => value);
  }
  return value;
}

/** Deep equality of JSON values; object key order does not matter. */
export function jsonEqual(x: TJsonValue | undefined, y: TJsonValue | undefined): boolean {
  if (x === y) return true;
  if (x === null || y === null || x === undefined || y === undefined) return false;
  if (typeof x !== "object" || typeof y !== "object") return false;
  if (Array.isArray(x) || Array.isArray(y)) {
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    return x.every((v, i) => jsonEqual(v, y[i]));
  }
  const kx = Object.keys(x);
  const ky = Object.keys(y);
  if (kx.length !== ky.length) return false;
  return kx.every((k) => Object.prototype.hasOwnProperty.call(y, k) && jsonEqual(x[k], y[k]));
}

function edgeKey(e: TFlowEdge): string {
  return JSON.stringify([e.source, e.target, e.port ?? null]);
}

function edgeSet(edges: readonly TFlowEdge[]): Map<string, TDiffEdge> {
  const out = new Map<string, TDiffEdge>();
  for (const e of edges) {
    const key = edgeKey(e);
    if (out.has(key)) continue;
    const view: TDiffEdge = { source: e.source, target: e.target };
    if (typeof e.port === "number") view.port = e.port;
    out.set(key, view);
  }
  return out;
}

/** Like the engine, a repeated id refers to its first node (later duplicates are errors). */
function firstById(nodes: readonly TFlowNode[]): Map<string, TFlowNode> {
  const out = new Map<string, TFlowNode>();
  for (const n of nodes) if (!out.has(n.id)) out.set(n.id, n);
  return out;
}

function uniq<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
