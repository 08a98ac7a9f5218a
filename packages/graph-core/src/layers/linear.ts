/**
 * The linear family. `Linear` applies to the last dimension, as in torch, so `[L, E]` inputs map
 * to `[L, out_features]`; `in_features` is inferred from the input and only checked when pinned.
 * `Bilinear(x1, x2)` takes two inputs by port (0 → x1, 1 → x2) like merge nodes: both need the
 * same leading dims (torch does not broadcast them), and its in1/in2 features are inferred.
 */
import { fail } from "../shape/result";
import { numel } from "../shape/arithmetic";
import { isShape, pyInt, singleInput } from "./layer-helpers";
import { boolParam, FLOAT_ONLY, floatOrNull, intParam, pyModule } from "./params";
import type { TLayerContext, TLayerDef, TParamDef, TShapeResult } from "./types";

const LINEAR_PARAMS: readonly TParamDef[] = [
  {
    name: "in_features",
    label: "In features",
    tooltip: "Inferred from the input's last dimension; set it only to assert that size.",
    spec: { kind: "int", min: 1 },
    default: null,
    nullable: true,
  },
  {
    name: "out_features",
    label: "Out features",
    tooltip: "Size of the output's last dimension.",
    spec: { kind: "int", min: 1 },
  },
  {
    name: "bias",
    label: "Bias",
    tooltip: "Learn an additive bias (turn off before a norm layer).",
    spec: { kind: "bool" },
    default: true,
  },
];

function inFeatures(ctx: TLayerContext): number {
  const input = ctx.inputs[0] ?? [];
  return input[input.length - 1] ?? 0;
}

function linearShape(ctx: TLayerContext): TShapeResult {
  const input = singleInput(ctx);
  if (!isShape(input)) return input;
  const last = input[input.length - 1];
  if (last === undefined) {
    return fail(
      ctx,
      "rank-mismatch",
      "Linear needs at least one feature dimension.",
      "Give the Input a shape such as [features].",
    );
  }
  const pinned = floatOrNull(ctx.params, "in_features");
  if (pinned !== null && pinned !== last) {
    return fail(
      ctx,
      "shape-mismatch",
      `in_features=${pinned}, but the input's last dimension is ${last}.`,
      "Clear in_features so it is inferred, or add a Flatten before this layer.",
    );
  }
  return { ok: true, shape: [...input.slice(0, -1), intParam(ctx.params, "out_features")] };
}

const BILINEAR_PARAMS: readonly TParamDef[] = [
  {
    name: "in1_features",
    label: "In 1 features",
    tooltip:
      "Inferred from the last dimension of input 1 (port 0); set it only to assert that size.",
    spec: { kind: "int", min: 1 },
    default: null,
    nullable: true,
  },
  {
    name: "in2_features",
    label: "In 2 features",
    tooltip:
      "Inferred from the last dimension of input 2 (port 1); set it only to assert that size.",
    spec: { kind: "int", min: 1 },
    default: null,
    nullable: true,
  },
  LINEAR_PARAMS[1]!,
  { ...LINEAR_PARAMS[2]!, tooltip: "Learn an additive bias." },
];

function lastDim(ctx: TLayerContext, port: number): number {
  const input = ctx.inputs[port] ?? [];
  return input[input.length - 1] ?? 0;
}

function bilinearShape(ctx: TLayerContext): TShapeResult {
  const [a, b] = ctx.inputs;
  if (a === undefined || b === undefined) {
    return fail(
      ctx,
      "missing-input",
      "Bilinear needs two inputs.",
      "Connect x1 to port 0 and x2 to port 1.",
    );
  }
  if (a.length !== b.length) {
    return fail(
      ctx,
      "rank-mismatch",
      `Bilinear inputs must have the same rank: [${a.join(", ")}] and [${b.join(", ")}]`,
      "Give both inputs the same leading dims, e.g. [L, in1] and [L, in2].",
    );
  }
  for (let i = 0; i < a.length - 1; i++) {
    if (a[i] !== b[i]) {
      return fail(
        ctx,
        "shape-mismatch",
        `Bilinear inputs [${a.join(", ")}] and [${b.join(", ")}] differ in dim ${i + 1} (${a[i]} vs ${b[i]}); only the last dims may differ`,
        "torch does not broadcast Bilinear's inputs: make the leading dims equal.",
      );
    }
  }
  for (const [name, port] of [
    ["in1_features", 0],
    ["in2_features", 1],
  ] as const) {
    const pinned = floatOrNull(ctx.params, name);
    if (pinned !== null && pinned !== lastDim(ctx, port)) {
      return fail(
        ctx,
        "shape-mismatch",
        `${name}=${pinned}, but input ${port + 1}'s last dimension is ${lastDim(ctx, port)}.`,
        `Clear ${name} so it is inferred.`,
      );
    }
  }
  return { ok: true, shape: [...a.slice(0, -1), intParam(ctx.params, "out_features")] };
}

/** The linear family. */
export const LINEAR_LAYERS: readonly TLayerDef[] = [
  {
    type: "Linear",
    family: "linear",
    label: "Linear",
    description: "Fully connected layer y = xWᵀ + b on the last dimension.",
    aliases: ["dense", "fc", "fully connected", "mlp"],
    params: LINEAR_PARAMS,
    inputs: 1,
    orderRole: "conv",
    // torch: "mat1 and mat2 must have the same dtype" on integer input.
    dtype: FLOAT_ONLY,
    inferShape: linearShape,
    paramCount(ctx) {
      const out = intParam(ctx.params, "out_features");
      return inFeatures(ctx) * out + (boolParam(ctx.params, "bias") ? out : 0);
    },
    macs(ctx, output) {
      // One multiply-accumulate per input feature for every output element.
      return inFeatures(ctx) * numel(output);
    },
    toPyTorch(ctx) {
      const args = [pyInt(inFeatures(ctx)), pyInt(intParam(ctx.params, "out_features"))];
      if (!boolParam(ctx.params, "bias")) args.push("bias=False");
      return { module: pyModule("Linear", args) };
    },
  },
  {
    type: "Bilinear",
    family: "linear",
    label: "Bilinear",
    description:
      "y = x1ᵀ A x2 + b over the last dims of two inputs (torch.nn.Bilinear): x1 on port 0, x2 on port 1.",
    aliases: ["bilinear", "bilinear form"],
    params: BILINEAR_PARAMS,
    inputs: 2,
    orderRole: "conv",
    dtype: FLOAT_ONLY,
    inferShape: bilinearShape,
    paramCount(ctx) {
      const out = intParam(ctx.params, "out_features");
      const weight = lastDim(ctx, 0) * lastDim(ctx, 1) * out;
      return weight + (boolParam(ctx.params, "bias") ? out : 0);
    },
    macs(ctx, output) {
      // Per output element: x1ᵀ A_k x2, in1·in2 multiply-accumulates (plus in2 for the inner vector).
      return (lastDim(ctx, 0) + 1) * lastDim(ctx, 1) * numel(output);
    },
    toPyTorch(ctx) {
      const args = [
        pyInt(lastDim(ctx, 0)),
        pyInt(lastDim(ctx, 1)),
        pyInt(intParam(ctx.params, "out_features")),
      ];
      if (!boolParam(ctx.params, "bias")) args.push("bias=False");
      return {
        module: pyModule("Bilinear", args),
        forward: (inputs, self) => `${self}(${inputs[0] ?? "x1"}, ${inputs[1] ?? "x2"})`,
      };
    },
  },
];
