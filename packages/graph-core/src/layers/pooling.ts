/**
 * The pooling family: MaxPool1d/2d/3d, AvgPool1d/2d/3d (here) and AdaptiveAvg/MaxPool1d/2d/3d
 * (pooling-adaptive.ts). Pools are channel-agnostic, so like torch they accept inputs with or
 * without a channel dim ([C, H, W] or [H, W] for the 2d variants).
 */
import { droppedTail, numel, poolOutputLength } from "../shape/arithmetic";
import { checkPoolRank, diagnostic, fail, ok, spatialName } from "../shape/result";
import { ADAPTIVE_POOLING_LAYERS } from "./pooling-adaptive";
import { boolParam, FLOAT_ONLY, dimOf, KEEPS_DTYPE, pyKwargs, pyModule, tupleProd } from "./params";
import type { TDiagnostic } from "../analysis/types";
import type { TLayerContext, TLayerDef, TParamDef, TShapeResult } from "./types";

function poolParams(n: number, max: boolean): TParamDef[] {
  const tuple = (min: number) => ({ kind: "int-tuple", rank: n, min }) as const;
  const defs: TParamDef[] = [
    {
      name: "kernel_size",
      label: "Kernel size",
      tooltip: `Window size: an int or ${n} ints. 2 halves the size.`,
      spec: tuple(1),
    },
    {
      name: "stride",
      label: "Stride",
      tooltip: "Step between windows; empty (None) means the kernel size.",
      spec: tuple(1),
      nullable: true,
      default: null,
    },
    {
      name: "padding",
      label: "Padding",
      tooltip: "Implicit padding on both sides; at most half the kernel size.",
      spec: tuple(0),
      default: 0,
    },
  ];
  if (max) {
    defs.push(
      {
        name: "dilation",
        label: "Dilation",
        tooltip: "Spacing between window elements.",
        spec: tuple(1),
        default: 1,
      },
      {
        name: "return_indices",
        label: "Return indices",
        tooltip:
          "Also return argmax indices (for MaxUnpool). Not usable in a graph edge, which carries one tensor.",
        spec: { kind: "bool" },
        default: false,
      },
      {
        name: "ceil_mode",
        label: "Ceil mode",
        tooltip:
          "Round the output size up: a partial last window is kept if it starts inside the input.",
        spec: { kind: "bool" },
        default: false,
      },
    );
    return defs;
  }
  defs.push(
    {
      name: "ceil_mode",
      label: "Ceil mode",
      tooltip:
        "Round the output size up: a partial last window is kept if it starts inside the input.",
      spec: { kind: "bool" },
      default: false,
    },
    {
      name: "count_include_pad",
      label: "Count padding",
      tooltip: "Include the zero padding in the average's divisor.",
      spec: { kind: "bool" },
      default: true,
    },
  );
  // torch's AvgPool1d has no divisor_override (only the 2d and 3d variants).
  if (n === 1) return defs;
  defs.push({
    name: "divisor_override",
    label: "Divisor override",
    tooltip: "Divide every window sum by this number instead of the window size (non-zero).",
    spec: { kind: "int" },
    nullable: true,
    default: null,
  });
  return defs;
}

/**
 * Output shape of a max (`max`) or average pool of `n` spatial dims with torch's rules (padding at
 * most half the kernel, avg_pool3d's kernel-within-input check, `odd-pool-drop` warnings).
 * Params absent from the layer read as torch's neutral values (no padding, no dilation).
 */
export function inferPool(ctx: TLayerContext, type: string, n: number, max: boolean): TShapeResult {
  const rank = checkPoolRank(ctx, type, n);
  if (rank !== null) return rank;
  if (max && boolParam(ctx.params, "return_indices")) {
    return fail(
      ctx,
      "invalid-param",
      `${type} with return_indices=True returns (output, indices); an edge carries one tensor`,
      "Set return_indices to false.",
    );
  }
  if (!max && ctx.params.divisor_override === 0) {
    return fail(
      ctx,
      "invalid-param",
      `${type} divisor_override must not be zero`,
      "Leave it empty (None) to divide by the window size.",
    );
  }
  const input = ctx.inputs[0]!;
  const lead = input.length - n;
  // Per-dim values through `dimOf`, each param read once, no tuples: this runs for every pool
  // of every analysis.
  const params = ctx.params;
  const { kernel_size: kernels, stride: strides, padding: paddings, dilation: dilations } = params;
  const ceil = boolParam(params, "ceil_mode");
  let warnings: TDiagnostic[] | undefined;
  let drops: string[] | undefined;
  let suggest = 0;
  for (let i = 0; i < n; i++) {
    // torch compares padding with half the kernel (not the dilated kernel), for max and avg.
    const kernel = dimOf(kernels, i);
    const padding = dimOf(paddings, i);
    if (padding > Math.floor(kernel / 2)) {
      return fail(
        ctx,
        "invalid-param",
        `${type} padding ${padding} must be at most half of kernel_size ${kernel} (${Math.floor(kernel / 2)})`,
        `Use padding ≤ ${Math.floor(kernel / 2)}, or a larger kernel.`,
      );
    }
  }
  if (!max && n === 3) {
    // avg_pool3d alone refuses an input smaller than the kernel, whatever the padding.
    for (let i = 0; i < n; i++) {
      const kernel = dimOf(kernels, i);
      if (input[lead + i]! < kernel) {
        return fail(
          ctx,
          "empty-output",
          `${type} input ${spatialName(n, i)} ${input[lead + i]} is smaller than kernel_size ${kernel} (torch's avg_pool3d does not count padding here)`,
          `Use kernel_size ≤ ${input[lead + i]} in ${spatialName(n, i)}, or remove a downsampling step upstream.`,
        );
      }
    }
  }
  const out = input.slice();
  for (let i = 0; i < n; i++) {
    const length = input[lead + i]!;
    const kernel = dimOf(kernels, i);
    const stride = strides === null ? kernel : dimOf(strides, i);
    const padding = dimOf(paddings, i);
    const dilation = max ? dimOf(dilations, i) : 1;
    const size = poolOutputLength(length, kernel, stride, padding, dilation, ceil);
    if (size < 1) {
      return fail(
        ctx,
        "empty-output",
        `${type} window ${dilation * (kernel - 1) + 1} does not fit the input ${spatialName(n, i)} ${length}${padding === 0 ? "" : ` padded by ${padding}`}: the output would be empty`,
        "Use a smaller kernel_size, or remove a downsampling step upstream.",
      );
    }
    const dropped = ceil ? 0 : droppedTail(length, kernel, stride, padding, dilation, size);
    if (dropped > 0) {
      (drops ??= []).push(
        `${dropped === 1 ? "the last row" : `the last ${dropped} rows`} of ${spatialName(n, i)} = ${length} (${length} → ${size})`,
      );
      suggest = size * stride;
    }
    out[lead + i] = size;
  }
  if (drops !== undefined) {
    warnings = [
      diagnostic(
        ctx,
        "odd-pool-drop",
        "warning",
        `${type} silently drops ${drops.join(" and ")}`,
        `Feed a size the stride divides (e.g. ${suggest}), or set ceil_mode=True; a decoder upsampling back will not meet the original size.`,
      ),
    ];
  }
  return ok(out, warnings);
}

function poolDef(n: number, max: boolean): TLayerDef {
  const type = `${max ? "Max" : "Avg"}Pool${n}d`;
  const def: TLayerDef = {
    type,
    family: "pooling",
    label: `${max ? "Max" : "Avg"} Pool ${n}D`,
    description: `${max ? "Maximum" : "Average"} over ${n}D windows (torch.nn.${type}); kernel 2 halves each spatial size.`,
    aliases:
      n === 2
        ? max
          ? ["pool", "maxpool", "max pool", "downsample"]
          : ["avgpool", "average pool", "mean pool", "pool"]
        : [`${max ? "max" : "avg"}pool${n}d`],
    params: poolParams(n, max),
    inputs: 1,
    orderRole: null,
    // torch has no integer max_pool1d kernel; the other max/avg pools keep integer tensors.
    dtype: max && n === 1 ? FLOAT_ONLY : KEEPS_DTYPE,
    inferShape: (ctx) => inferPool(ctx, type, n, max),
    paramCount: () => 0,
    macs: (ctx, output) => numel(output) * tupleProd(ctx.params.kernel_size, n),
    toPyTorch(ctx) {
      const kwargs = pyKwargs(def, ctx.params, ["kernel_size"]);
      const kernel = ctx.params.kernel_size!;
      const k = Array.isArray(kernel) ? `(${kernel.join(", ")})` : String(kernel);
      return { module: pyModule(type, [`kernel_size=${k}`, ...kwargs]) };
    },
  };
  return def;
}

/** The pooling family. */
export const POOLING_LAYERS: readonly TLayerDef[] = [
  poolDef(1, true),
  poolDef(2, true),
  poolDef(3, true),
  poolDef(1, false),
  poolDef(2, false),
  poolDef(3, false),
  ...ADAPTIVE_POOLING_LAYERS,
];
