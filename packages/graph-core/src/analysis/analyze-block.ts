/**
 * Block helpers for code generation and the inspector: analyse a block's inner graph on given
 * input shapes (what a Block node does internally, exposed node by node).
 */
import type { TShape } from "../graph/types";
import type { TAnalyzable } from "./analyze";
import { buildFull } from "./build-analysis";
import { evaluateBlock, newBlockCache } from "./block-eval";
import type { TAnalysis, TDiagnostic } from "./types";

export interface TBlockAnalysis {
  /** Per inner node (ids as in the block), as `analyze` reports them; null when the block is unknown or recursive. */
  inner: TAnalysis | null;
  /** The BlockOutput's shape, or null when anything inside fails. */
  outputShape: TShape | null;
  /** Totals over the inner graph (nested blocks included). */
  params: number;
  macs: number;
  /** Inner diagnostics (their `node` is the inner node id) and block-level problems. */
  diagnostics: TDiagnostic[];
}

/**
 * Analyses block `blockId` of `doc` with BlockInput port k fed `inputShapes[k]` (batch-free).
 * The same computation a Block node uses, so codegen and analysis cannot disagree.
 * @example analyzeBlock(doc, "double", [[64, 128, 128]]).outputShape // [128, 128, 128]
 */
export function analyzeBlock(
  doc: TAnalyzable,
  blockId: string,
  inputShapes: readonly TShape[],
): TBlockAnalysis {
  const r = evaluateBlock(
    { blocks: doc.blocks, blockInputs: undefined, blockCache: newBlockCache(), blockStack: [] },
    blockId,
    inputShapes,
  );
  return {
    inner: r.engine === null ? null : buildFull(r.engine).analysis,
    outputShape: r.shape,
    params: r.params,
    macs: r.macs,
    diagnostics: r.diagnostics,
  };
}
