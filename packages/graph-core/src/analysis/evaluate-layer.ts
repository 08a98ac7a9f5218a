/**
 * One layer, evaluated on known input shapes: param resolution, shape inference, parameter
 * count and MACs. The analysis engine calls it per node; tests and the differential suite call
 * it directly.
 */
import type { TShape, TParams } from "../graph/types";
import { resolveParams, type TResolvedParams } from "../layers/params";
import type { TDtype, TLayerContext, TLayerDef } from "../layers/types";
import type { TDiagnostic } from "./types";

export interface TLayerEvaluation {
  /** Output shape, or null when the layer refuses (see diagnostics). */
  shape: TShape | null;
  params: number;
  macs: number;
  diagnostics: TDiagnostic[];
  /** Params with torch defaults applied (what `toPyTorch` receives). */
  resolved: TParams;
}

const NO_DIAGNOSTICS: TDiagnostic[] = [];

/**
 * Runs `def` on `inputs` with already-resolved params. Layer code is trusted not to throw, but a
 * throw (a bug) becomes an error diagnostic rather than taking the editor down.
 */
export function evaluateResolved(
  def: TLayerDef,
  resolved: TResolvedParams,
  inputs: TShape[],
  nodeId: string,
  graphInputs?: readonly (TShape | null)[],
  inputDtypes?: readonly TDtype[],
): TLayerEvaluation {
  if (resolved.hasError) {
    return {
      shape: null,
      params: 0,
      macs: 0,
      diagnostics: resolved.diagnostics,
      resolved: resolved.params,
    };
  }
  const ctx: TLayerContext = { nodeId, params: resolved.params, inputs };
  if (graphInputs !== undefined) ctx.graphInputs = graphInputs;
  if (inputDtypes !== undefined) ctx.inputDtypes = inputDtypes;
  try {
    const result = def.inferShape(ctx);
    let diagnostics = resolved.diagnostics;
    const extra = result.diagnostics;
    if (extra !== undefined && extra.length > 0)
      diagnostics = diagnostics.length === 0 ? extra : diagnostics.concat(extra);
    if (!result.ok)
      return { shape: null, params: 0, macs: 0, diagnostics, resolved: resolved.params };
    const params = def.paramCount(ctx);
    const macs = def.macs(ctx, result.shape);
    return {
      shape: result.shape,
      params,
      macs,
      diagnostics: diagnostics.length === 0 ? NO_DIAGNOSTICS : diagnostics,
      resolved: resolved.params,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      shape: null,
      params: 0,
      macs: 0,
      diagnostics: [
        {
          code: "invalid-param",
          severity: "error",
          node: nodeId,
          message: `${def.type} could not be evaluated: ${message}`,
        },
      ],
      resolved: resolved.params,
    };
  }
}

/**
 * Evaluates one layer from raw params on the given batch-free input shapes.
 * @example evaluateLayer(getLayerDef("Conv2d")!, { out_channels: 64, kernel_size: 3 }, [[3, 32, 32]])
 */
export function evaluateLayer(
  def: TLayerDef,
  rawParams: TParams,
  inputs: TShape[],
  nodeId = "node",
): TLayerEvaluation {
  return evaluateResolved(def, resolveParams(def, rawParams, nodeId), inputs, nodeId);
}
