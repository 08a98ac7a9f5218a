/**
 * Turning the engine's slots into the public `TAnalysis`, in full (a new analysis) or as a delta
 * on the previous one (an incremental edit): the delta copies the result array once, keeps the
 * order array when the order did not move, and updates totals per chunk, so its cost is what the
 * edit touched plus a few pointer copies — no per-node hashing, no pass over every node.
 */
import type { GraphEngine } from "./graph-engine";
import { NodeResults } from "./node-results";
import { plausibilityDiagnostics, type TAnalysisOptions } from "./plausibility";
import type { TAnalysis, TDiagnostic, TNodeAnalysis } from "./types";

/** Totals are summed per chunk of this many nodes (in node order), then over the chunks. */
const CHUNK = 256;

/**
 * What the next delta needs besides the analysis. Both builds sum in the same chunked order, so
 * an incremental total equals a fresh one to the last bit, however the floats round.
 */
export interface TBuilt {
  analysis: TAnalysis;
  results: NodeResults;
  paramChunks: Float64Array;
  macChunks: Float64Array;
  actChunks: Float64Array;
  /** The engine's graph-level diagnostics this build was made from (before plausibility). */
  engineDiagnostics: readonly TDiagnostic[];
  options: TAnalysisOptions | undefined;
  /** Error and warning diagnostics on nodes (graph-level ones are counted on each build). */
  nodeErrors: number;
  nodeWarnings: number;
  orderVersion: number;
}

function countInto(ds: readonly TDiagnostic[], sign: number, into: { e: number; w: number }): void {
  for (let i = 0; i < ds.length; i++) {
    const s = ds[i]!.severity;
    if (s === "error") into.e += sign;
    else if (s === "warning") into.w += sign;
  }
}

function sumChunk(
  results: readonly TNodeAnalysis[],
  c: number,
  key: "params" | "macs" | "activationBytes",
): number {
  let s = 0;
  const end = Math.min(results.length, (c + 1) * CHUNK);
  for (let v = c * CHUNK; v < end; v++) s += results[v]![key];
  return s;
}

function total(chunks: Float64Array): number {
  let s = 0;
  for (let c = 0; c < chunks.length; c++) s += chunks[c]!;
  return s;
}

function orderOf(engine: GraphEngine, previous: TBuilt | undefined): string[] {
  if (previous !== undefined && previous.orderVersion === engine.orderVersion)
    return previous.analysis.order;
  const topo = engine.topo.order;
  const ids = engine.index.ids;
  const order = new Array<string>(topo.length);
  for (let k = 0; k < topo.length; k++) order[k] = ids[topo[k]!]!;
  return order;
}

function finish(
  engine: GraphEngine,
  previous: TBuilt | undefined,
  parts: Omit<TBuilt, "analysis" | "orderVersion" | "engineDiagnostics">,
): TBuilt {
  const totalParams = total(parts.paramChunks);
  const implausible = plausibilityDiagnostics(
    totalParams,
    total(parts.actChunks),
    parts.results,
    parts.options,
  );
  // Keep the engine's array (its identity) when nothing is implausible: the common case.
  const diagnostics =
    implausible === null ? engine.graphDiagnostics : engine.graphDiagnostics.concat(implausible);
  const counts = { e: parts.nodeErrors, w: parts.nodeWarnings };
  countInto(diagnostics, 1, counts);
  const analysis: TAnalysis = {
    nodes: parts.results,
    diagnostics,
    order: orderOf(engine, previous),
    totalParams,
    totalMacs: total(parts.macChunks),
    errorCount: counts.e,
    warningCount: counts.w,
  };
  return {
    ...parts,
    analysis,
    orderVersion: engine.orderVersion,
    engineDiagnostics: engine.graphDiagnostics,
  };
}

/** A new analysis from every slot of the engine. */
export function buildFull(engine: GraphEngine, options?: TAnalysisOptions): TBuilt {
  const slots = engine.slots;
  const n = slots.length;
  const results = new Array<TNodeAnalysis>(n);
  const counts = { e: 0, w: 0 };
  const chunks = Math.ceil(n / CHUNK);
  const paramChunks = new Float64Array(chunks);
  const macChunks = new Float64Array(chunks);
  const actChunks = new Float64Array(chunks);
  // One pass over the results (each a separate object: at 10,000 nodes every pass is a round of
  // cache misses). Sums in node order per chunk, exactly as `sumChunk` adds them.
  for (let c = 0; c < chunks; c++) {
    let params = 0;
    let macs = 0;
    let act = 0;
    const end = Math.min(n, (c + 1) * CHUNK);
    for (let v = c * CHUNK; v < end; v++) {
      const r = slots[v]!.result!;
      results[v] = r;
      if (r.diagnostics.length > 0) countInto(r.diagnostics, 1, counts);
      params += r.params;
      macs += r.macs;
      act += r.activationBytes;
    }
    paramChunks[c] = params;
    macChunks[c] = macs;
    actChunks[c] = act;
  }
  return finish(engine, undefined, {
    results: new NodeResults(engine.index.ids, engine.index.indexOf, results, engine.idGuard),
    paramChunks,
    macChunks,
    actChunks,
    options,
    nodeErrors: counts.e,
    nodeWarnings: counts.w,
  });
}

/**
 * The analysis after an edit that kept the node numbering (same ids, same indices): `changed`
 * lists the nodes whose result object may differ (duplicates allowed). Falls back to a full
 * build when the numbering moved.
 */
export function buildDelta(engine: GraphEngine, previous: TBuilt, changed: number[]): TBuilt {
  if (!previous.results.hasIds(engine.index.ids)) return buildFull(engine, previous.options);
  const slots = engine.slots;
  const before = previous.results.results;
  const counts = { e: previous.nodeErrors, w: previous.nodeWarnings };
  // Copied on the first real change; writing into it also skips repeats in `changed`.
  let results: TNodeAnalysis[] | null = null;
  const dirtyChunks = new Set<number>();
  for (const v of changed) {
    const next = slots[v]!.result!;
    if (next === (results ?? before)[v]) continue;
    results ??= before.slice();
    results[v] = next;
    countInto(before[v]!.diagnostics, -1, counts);
    countInto(next.diagnostics, 1, counts);
    dirtyChunks.add(Math.floor(v / CHUNK));
  }
  const sameGraphLevel = engine.graphDiagnostics === previous.engineDiagnostics;
  if (results === null && sameGraphLevel && previous.orderVersion === engine.orderVersion)
    return previous;
  let paramChunks = previous.paramChunks;
  let macChunks = previous.macChunks;
  let actChunks = previous.actChunks;
  if (results !== null) {
    paramChunks = paramChunks.slice();
    macChunks = macChunks.slice();
    actChunks = actChunks.slice();
    for (const c of dirtyChunks) {
      paramChunks[c] = sumChunk(results, c, "params");
      macChunks[c] = sumChunk(results, c, "macs");
      actChunks[c] = sumChunk(results, c, "activationBytes");
    }
  }
  return finish(engine, previous, {
    results: results === null ? previous.results : previous.results.withResults(results),
    paramChunks,
    macChunks,
    actChunks,
    options: previous.options,
    nodeErrors: counts.e,
    nodeWarnings: counts.w,
  });
}
