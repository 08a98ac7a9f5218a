/**
 * More of the normalization family: RMSNorm (LayerNorm without centring or bias) and
 * LocalResponseNorm (AlexNet's normalization across neighbouring channels, no parameters).
 */
import { formatShape, numel } from "../shape/arithmetic";
import { fail, ok, rankMismatch } from "../shape/result";
import { pyInt } from "./layer-helpers";
import { boolParam, FLOAT_ONLY, intList, intParam, pyKwargs, pyModule } from "./params";
import type { TDtypeRule, TLayerDef } from "./types";

/** local_response_norm runs on integer tensors and gives floats (avg_pool of x²). */
const ANY_TO_FLOAT: TDtypeRule = { input: "any", output: "float" };

const RMS_NORM: TLayerDef = {
  type: "RMSNorm",
  family: "normalization",
  label: "RMSNorm",
  description:
    "Scales by the root mean square over the trailing dims given by normalized_shape (torch.nn.RMSNorm); LLaMA's norm.",
  aliases: ["rms", "rmsnorm", "rms norm"],
  params: [
    {
      name: "normalized_shape",
      label: "Normalized shape",
      tooltip: "The trailing dims to normalize over, e.g. [512]; must equal the input's last dims.",
      spec: { kind: "int-list", min: 1, minLength: 1 },
    },
    {
      name: "eps",
      label: "Epsilon",
      tooltip: "Added to the mean square; empty (None) uses the dtype's machine epsilon.",
      spec: { kind: "float" },
      default: null,
      nullable: true,
    },
    {
      name: "elementwise_affine",
      label: "Elementwise affine",
      tooltip: "Learn a scale per normalized element.",
      spec: { kind: "bool" },
      default: true,
    },
  ],
  inputs: 1,
  orderRole: "norm",
  dtype: FLOAT_ONLY,
  inferShape(ctx) {
    const input = ctx.inputs[0]!;
    const shape = intList(ctx.params, "normalized_shape");
    const tail = input.slice(Math.max(0, input.length - shape.length));
    if (shape.length > input.length || tail.some((d, i) => d !== shape[i])) {
      return fail(
        ctx,
        "shape-mismatch",
        `RMSNorm normalized_shape [${shape.join(", ")}] must equal the last ${shape.length} dim(s) of the input ${formatShape(input)}`,
        `Use normalized_shape [${input[input.length - 1]}] (last dim) or [${input.join(", ")}] (whole sample).`,
      );
    }
    return ok(input);
  },
  paramCount: (ctx) =>
    boolParam(ctx.params, "elementwise_affine")
      ? numel(intList(ctx.params, "normalized_shape"))
      : 0,
  macs: (ctx) => numel(ctx.inputs[0]!),
  toPyTorch(ctx) {
    const shape = intList(ctx.params, "normalized_shape");
    const first = shape.length === 1 ? String(shape[0]) : `[${shape.join(", ")}]`;
    return {
      module: pyModule("RMSNorm", [first, ...pyKwargs(RMS_NORM, ctx.params, ["normalized_shape"])]),
    };
  },
};

const LOCAL_RESPONSE_NORM: TLayerDef = {
  type: "LocalResponseNorm",
  family: "normalization",
  label: "Local Response Norm",
  description:
    "Normalizes each element by its neighbours across `size` channels (torch.nn.LocalResponseNorm, AlexNet); no parameters.",
  aliases: ["lrn", "local response norm"],
  params: [
    {
      name: "size",
      label: "Size",
      tooltip: "Number of neighbouring channels to normalize over.",
      spec: { kind: "int", min: 1 },
    },
    {
      name: "alpha",
      label: "Alpha",
      tooltip: "Multiplicative factor.",
      spec: { kind: "float" },
      default: 1e-4,
    },
    { name: "beta", label: "Beta", tooltip: "Exponent.", spec: { kind: "float" }, default: 0.75 },
    { name: "k", label: "k", tooltip: "Additive factor.", spec: { kind: "float" }, default: 1.0 },
  ],
  inputs: 1,
  orderRole: "norm",
  dtype: ANY_TO_FLOAT,
  inferShape(ctx) {
    const input = ctx.inputs[0]!;
    // torch wants (N, C, *) with at least one dim after the channels.
    if (input.length < 2) {
      return rankMismatch(
        ctx,
        "LocalResponseNorm",
        input,
        "[C, L], [C, H, W] or more",
        "It normalizes across channels at each position: give it a [C, …] feature map.",
      );
    }
    return ok(input);
  },
  paramCount: () => 0,
  macs: (ctx) => numel(ctx.inputs[0]!) * intParam(ctx.params, "size"),
  toPyTorch(ctx) {
    return {
      module: pyModule("LocalResponseNorm", [
        pyInt(intParam(ctx.params, "size")),
        ...pyKwargs(LOCAL_RESPONSE_NORM, ctx.params, ["size"]),
      ]),
    };
  },
};

/** RMSNorm and LocalResponseNorm (normalization family). */
export const MORE_NORMALIZATION_LAYERS: readonly TLayerDef[] = [RMS_NORM, LOCAL_RESPONSE_NORM];
