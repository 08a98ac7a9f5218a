/**
 * One layer, evaluated on known input shapes: param resolution, shape inference, parameter
 * count and MACs. The analysis engine calls it per node; tests and the differential suite call
 * it directly.
 */
import type { TShape, TParams } from "../graph/types";
import { resolveParams, type TResolvedParams } from "../layers/params";
import { LAYER_DEFS } from "../layers/registry";
import type { TDtype, TLayerContext, TLayerDef } from "../layers/types";
import { nodeResult } from "./node-result";
import type { TDiagnostic, TNodeAnalysis } from "./types";

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
  // Every field always present: one object layout for the layer code that reads it.
  const ctx: TLayerContext = {
    nodeId,
    params: resolved.params,
    inputs,
    graphInputs,
    inputDtypes,
  };
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
 * The analysis engine's `evaluateResolved`: the node result itself (no intermediate evaluation
 * object), on a context the engine fills and reuses from node to node — layer code only reads its
 * context while it runs. `resolved` has no error; `long`: the output is an integer tensor.
 * Same answers as `evaluateResolved` followed by `nodeResult`.
 */
export function evaluateInContext(
  def: TLayerDef,
  resolved: TResolvedParams,
  ctx: TLayerContext,
  long: boolean,
): TNodeAnalysis {
  try {
    const result = def.inferShape(ctx);
    let diagnostics = resolved.diagnostics;
    const extra = result.diagnostics;
    if (extra !== undefined && extra.length > 0)
      diagnostics = diagnostics.length === 0 ? extra : diagnostics.concat(extra);
    if (!result.ok) return nodeResult(null, 0, 0, diagnostics, long);
    const params = def.paramCount(ctx);
    const macs = def.macs(ctx, result.shape);
    return nodeResult(
      result.shape,
      params,
      macs,
      diagnostics.length === 0 ? NO_DIAGNOSTICS : diagnostics,
      long,
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return nodeResult(
      null,
      0,
      0,
      [
        {
          code: "invalid-param",
          severity: "error",
          node: ctx.nodeId,
          message: `${def.type} could not be evaluated: ${message}`,
        },
      ],
      long,
    );
  }
}

let familyParams: Map<string, Map<string, string[]>> | null = null;

/** Per family, each param name and the layer types that declare it (built on first use). */
function siblingsOf(family: string, name: string): string[] | undefined {
  if (familyParams === null) {
    familyParams = new Map();
    for (const def of LAYER_DEFS) {
      let names = familyParams.get(def.family);
      if (names === undefined) familyParams.set(def.family, (names = new Map()));
      for (const p of def.params) {
        const types = names.get(p.name);
        if (types === undefined) names.set(p.name, [def.type]);
        else types.push(def.type);
      }
    }
  }
  return familyParams.get(family)?.get(name);
}

/**
 * `resolveParams` as analysis applies it: an unknown param stays a warning, except one that a
 * sibling layer of the same family takes (`divisor_override` on AvgPool1d, left over from
 * AvgPool2d): torch's constructor refuses it, and the user clearly meant it, so it is an error.
 */
export function resolveForAnalysis(def: TLayerDef, raw: TParams, nodeId: string): TResolvedParams {
  const resolved = resolveParams(def, raw, nodeId);
  if (resolved.diagnostics.length === 0) return resolved;
  let upgraded = false;
  const diagnostics = resolved.diagnostics.map((d) => {
    if (d.severity !== "warning" || d.code !== "invalid-param") return d;
    const name = /has no parameter "([^"]+)"/.exec(d.message)?.[1];
    const siblings = name === undefined ? undefined : siblingsOf(def.family, name);
    if (siblings === undefined) return d;
    upgraded = true;
    return {
      ...d,
      severity: "error" as const,
      message: `${def.type} has no parameter "${name}" (torch refuses it; ${siblings.join(", ")} take${siblings.length === 1 ? "s" : ""} it)`,
      hint: `Remove "${name}", or switch to ${siblings[0]}.`,
    };
  });
  return upgraded ? { params: resolved.params, diagnostics, hasError: true } : resolved;
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
  return evaluateResolved(def, resolveForAnalysis(def, rawParams, nodeId), inputs, nodeId);
}
