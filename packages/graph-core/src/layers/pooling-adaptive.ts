/**
 * AdaptiveAvgPool1d/2d/3d and AdaptiveMaxPool1d/2d/3d (pooling family, exported through
 * pooling.ts). `output_size` entries may be null (torch `None`: keep that input size).
 */
import { numel } from "../shape/arithmetic";
import { checkPoolRank, fail, ok } from "../shape/result";
import { boolParam, FLOAT_ONLY, intTuple, pyKwargs, pyModule } from "./params";
import type { TLayerContext, TLayerDef, TParamDef, TShapeResult } from "./types";

function adaptiveParams(n: number, max: boolean): TParamDef[] {
  const defs: TParamDef[] = [
    {
      name: "output_size",
      label: "Output size",
      tooltip: `Target size: an int or ${n} entries; an empty entry (None) keeps that input size. 1 is global pooling.`,
      // torch accepts 0 (an empty tensor); we require ≥ 1 because an empty tensor is never meant.
      spec: { kind: "int-tuple", rank: n, min: 1, nullableEntries: true },
    },
  ];
  if (max) {
    defs.push({
      name: "return_indices",
      label: "Return indices",
      tooltip: "Also return argmax indices. Not usable in a graph edge, which carries one tensor.",
      spec: { kind: "bool" },
      default: false,
    });
  }
  return defs;
}

function inferAdaptive(ctx: TLayerContext, type: string, n: number, max: boolean): TShapeResult {
  const input0 = ctx.inputs[0]!;
  const size0 = intTuple(ctx.params, "output_size", n);
  // ATen's adaptive_avg_pool2d/3d shortcut for output 1 is a mean over the last dims, which
  // accepts any rank (leading dims are kept).
  const globalMean = !max && n >= 2 && size0.every((s) => s === 1) && input0.length >= n;
  const rank = globalMean ? null : checkPoolRank(ctx, type, n);
  if (rank !== null) return rank;
  if (boolParam(ctx.params, "return_indices")) {
    return fail(
      ctx,
      "invalid-param",
      `${type} with return_indices=True returns (output, indices); an edge carries one tensor`,
      "Set return_indices to false.",
    );
  }
  const input = ctx.inputs[0]!;
  const lead = input.length - n;
  const size = intTuple(ctx.params, "output_size", n);
  const out = input.slice(0, lead);
  for (let i = 0; i < n; i++) out.push(size[i]! === -1 ? input[lead + i]! : size[i]!);
  return ok(out);
}

function adaptiveDef(n: number, max: boolean): TLayerDef {
  const type = `Adaptive${max ? "Max" : "Avg"}Pool${n}d`;
  const def: TLayerDef = {
    type,
    family: "pooling",
    label: `Adaptive ${max ? "Max" : "Avg"} Pool ${n}D`,
    description: `${max ? "Max" : "Average"} pooling to a fixed output size whatever the input size (torch.nn.${type}); output_size 1 is global pooling.`,
    aliases:
      n === 2
        ? max
          ? ["global max pool", "adaptive max pool", "pool"]
          : ["global average pool", "gap", "adaptive pool", "pool"]
        : [`adaptive${max ? "max" : "avg"}pool${n}d`],
    params: adaptiveParams(n, max),
    inputs: 1,
    orderRole: null,
    dtype: FLOAT_ONLY,
    inferShape: (ctx) => inferAdaptive(ctx, type, n, max),
    paramCount: () => 0,
    // Every input element is read about once.
    macs: (ctx) => numel(ctx.inputs[0]!),
    toPyTorch(ctx) {
      const kwargs = pyKwargs(def, ctx.params, ["output_size"]);
      const v = ctx.params.output_size!;
      const size = Array.isArray(v)
        ? `(${v.map((x) => (x === null ? "None" : String(x))).join(", ")}${v.length === 1 ? "," : ""})`
        : String(v);
      return { module: pyModule(type, [size, ...kwargs]) };
    },
  };
  return def;
}

/** Adaptive pools. */
export const ADAPTIVE_POOLING_LAYERS: readonly TLayerDef[] = [
  adaptiveDef(1, false),
  adaptiveDef(2, false),
  adaptiveDef(3, false),
  adaptiveDef(1, true),
  adaptiveDef(2, true),
  adaptiveDef(3, true),
];
