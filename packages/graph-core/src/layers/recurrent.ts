/**
 * The recurrent family: RNN, LSTM, GRU (whole sequences) and RNNCell, LSTMCell, GRUCell (one
 * step). torch returns `(output, h_n)` (LSTM: `(output, (h_n, c_n))`) and LSTMCell `(h, c)`; the
 * node's output is the tensor a model uses next — the sequence output, or h — so the generated
 * forward indexes `[0]`.
 *
 * Shapes exclude the batch, and torch reads the tensor it gets exactly as its docs say:
 * - a `[L, H_in]` sample reaches torch as `[N, L, H_in]`. With `batch_first=True` that is N
 *   sequences of length L. With torch's default `batch_first=False` it is read as
 *   (L = N, batch = L, H_in): the output shape is the same `[L, D·H_out]`, but the samples of the
 *   batch become time steps of one another — it runs, so a `batch-mixing` warning, not an error
 *   (like MultiheadAttention on a `[E]` input).
 * - a `[H_in]` sample reaches torch as `[N, H_in]`, one unbatched sequence of the N samples:
 *   output `[D·H_out]`, also with a `batch-mixing` warning.
 * Cells take `[H_in]` only (torch: 1-D or 2-D input, the batch included).
 *
 * `input_size` is inferred from the input's last dim (null) and checked when pinned. Parameter
 * counts are torch's: per layer and direction W_ih [G·H, in], W_hh [G·H, H_r], b_ih and b_hh
 * [G·H], and for a projected LSTM W_hr [proj, H]; G = 1 (RNN), 4 (LSTM), 3 (GRU), H_r = proj_size
 * or hidden_size, and layers after the first see D·H_r inputs.
 */
import { fail, ok } from "../shape/result";
import { pyInt, warningOn } from "./layer-helpers";
import { boolParam, FLOAT_ONLY, floatOrNull, intParam, pyKwargs, pyModule } from "./params";
import type { TDiagnostic } from "../analysis/types";
import type { TLayerContext, TLayerDef, TParamDef, TShapeResult } from "./types";

type TCellKind = "RNN" | "LSTM" | "GRU";

const GATES: Readonly<Record<TCellKind, number>> = { RNN: 1, LSTM: 4, GRU: 3 };

const INPUT_SIZE: TParamDef = {
  name: "input_size",
  label: "Input size",
  tooltip:
    "Features per step; inferred from the input's last dimension. Set it to assert that size.",
  spec: { kind: "int", min: 1 },
  default: null,
  nullable: true,
};
const HIDDEN_SIZE: TParamDef = {
  name: "hidden_size",
  label: "Hidden size",
  tooltip: "Features of the hidden state (and of each output step).",
  spec: { kind: "int", min: 1 },
};
const BIAS: TParamDef = {
  name: "bias",
  label: "Bias",
  tooltip: "Learn the biases b_ih and b_hh.",
  spec: { kind: "bool" },
  default: true,
};
const NONLINEARITY: TParamDef = {
  name: "nonlinearity",
  label: "Nonlinearity",
  tooltip: "The activation of the recurrence.",
  spec: { kind: "enum", values: ["tanh", "relu"] },
  default: "tanh",
};

function sequenceParams(kind: TCellKind): TParamDef[] {
  const params: TParamDef[] = [
    INPUT_SIZE,
    HIDDEN_SIZE,
    {
      name: "num_layers",
      label: "Layers",
      tooltip: "Stacked recurrent layers; each feeds its output sequence to the next.",
      spec: { kind: "int", min: 1 },
      default: 1,
    },
  ];
  if (kind === "RNN") params.push(NONLINEARITY);
  params.push(
    BIAS,
    {
      name: "batch_first",
      label: "Batch first",
      tooltip:
        "True: the input is [N, L, H_in] (what graph edges carry). torch's default False reads the batch as time.",
      spec: { kind: "bool" },
      default: false,
    },
    {
      name: "dropout",
      label: "Dropout",
      tooltip: "Dropout between stacked layers (not after the last), between 0 and 1.",
      spec: { kind: "float", min: 0, max: 1 },
      default: 0.0,
    },
    {
      name: "bidirectional",
      label: "Bidirectional",
      tooltip: "Also run the sequence backwards; the output concatenates both directions.",
      spec: { kind: "bool" },
      default: false,
    },
  );
  if (kind === "LSTM") {
    params.push({
      name: "proj_size",
      label: "Projection size",
      tooltip: "Project h to this size (LSTMP); 0 = none. Must be smaller than hidden_size.",
      spec: { kind: "int", min: 0 },
      default: 0,
    });
  }
  return params;
}

/** The features per step actually used: the pinned input_size, else the input's last dim. */
function inputSize(ctx: TLayerContext): number {
  const input = ctx.inputs[0] ?? [];
  return floatOrNull(ctx.params, "input_size") ?? input[input.length - 1] ?? 0;
}

/** Checks a pinned input_size against the input's last dim; null when it agrees. */
function checkInputSize(ctx: TLayerContext, type: string): TShapeResult | null {
  const input = ctx.inputs[0]!;
  const last = input[input.length - 1]!;
  const pinned = floatOrNull(ctx.params, "input_size");
  if (pinned === null || pinned === last) return null;
  return fail(
    ctx,
    "shape-mismatch",
    `${type} input_size=${pinned}, but the input's last dimension is ${last}.`,
    `Clear input_size so it is inferred, or add a Linear(${pinned}) before this layer.`,
  );
}

function directions(ctx: TLayerContext): number {
  return boolParam(ctx.params, "bidirectional") ? 2 : 1;
}

/** H_r: the size of h (proj_size for a projected LSTM). */
function hiddenOut(ctx: TLayerContext): number {
  const proj = intParam(ctx.params, "proj_size");
  return proj > 0 ? proj : intParam(ctx.params, "hidden_size");
}

function sequenceShape(ctx: TLayerContext, kind: TCellKind): TShapeResult {
  const input = ctx.inputs[0]!;
  if (input.length < 1 || input.length > 2) {
    return fail(
      ctx,
      "rank-mismatch",
      `${kind} expects a [L, H_in] sequence (batch dimension not counted), got rank ${input.length} ([${input.join(", ")}])`,
      "Flatten the feature dims into one (e.g. Flatten(2)) so each step is a vector.",
    );
  }
  const pinned = checkInputSize(ctx, kind);
  if (pinned !== null) return pinned;
  const hidden = intParam(ctx.params, "hidden_size");
  if (kind === "LSTM" && intParam(ctx.params, "proj_size") >= hidden) {
    return fail(
      ctx,
      "invalid-param",
      `LSTM proj_size=${intParam(ctx.params, "proj_size")} must be smaller than hidden_size=${hidden}`,
      "Use a smaller proj_size, or 0 for no projection.",
    );
  }
  const warnings: TDiagnostic[] = [];
  const features = directions(ctx) * hiddenOut(ctx);
  if (input.length === 1) {
    warnings.push(
      warningOn(
        ctx,
        "batch-mixing",
        `A [${input[0]}] input reaches ${kind} as [N, ${input[0]}], which torch reads as ONE unbatched sequence of the N samples.`,
        "Give it a [L, H_in] sequence (e.g. Unflatten or Transpose upstream).",
      ),
    );
  } else if (!boolParam(ctx.params, "batch_first")) {
    warnings.push(
      warningOn(
        ctx,
        "batch-mixing",
        `batch_first=False: torch reads [N, ${input.join(", ")}] as time = N, batch = ${input[0]}, so the samples of a batch become time steps of each other.`,
        "Set batch_first=True: graph edges carry the batch first.",
      ),
    );
  }
  if (floatOrNull(ctx.params, "dropout")! > 0 && intParam(ctx.params, "num_layers") === 1) {
    warnings.push(
      warningOn(
        ctx,
        "invalid-param",
        `${kind} dropout only acts between stacked layers; with num_layers=1 it does nothing.`,
        "Set num_layers ≥ 2, or put a Dropout after the layer.",
      ),
    );
  }
  const out = input.length === 2 ? [input[0]!, features] : [features];
  return ok(out, warnings);
}

/** sum(p.numel()) of torch's RNN/LSTM/GRU with these sizes. */
function sequenceParamCount(ctx: TLayerContext, kind: TCellKind): number {
  const g = GATES[kind];
  const h = intParam(ctx.params, "hidden_size");
  const proj = kind === "LSTM" ? intParam(ctx.params, "proj_size") : 0;
  const hr = proj > 0 ? proj : h;
  const d = directions(ctx);
  const bias = boolParam(ctx.params, "bias") ? 2 * g * h : 0;
  let total = 0;
  for (let l = 0; l < intParam(ctx.params, "num_layers"); l++) {
    const inL = l === 0 ? inputSize(ctx) : hr * d;
    total += d * (g * h * inL + g * h * hr + bias + proj * h);
  }
  return total;
}

/** Per sample: every step of every layer and direction multiplies both weight matrices. */
function sequenceMacs(ctx: TLayerContext, kind: TCellKind, output: readonly number[]): number {
  const steps = output.length === 2 ? output[0]! : 1;
  const g = GATES[kind];
  const h = intParam(ctx.params, "hidden_size");
  const proj = kind === "LSTM" ? intParam(ctx.params, "proj_size") : 0;
  const hr = proj > 0 ? proj : h;
  const d = directions(ctx);
  let perStep = 0;
  for (let l = 0; l < intParam(ctx.params, "num_layers"); l++) {
    const inL = l === 0 ? inputSize(ctx) : hr * d;
    perStep += d * (g * h * (inL + hr) + proj * h);
  }
  return steps * perStep;
}

/** `self.m(x)[0]`: the output sequence (or h) of a module that returns a tuple. */
const FIRST_OUTPUT = (inputs: string[], self: string): string => `${self}(${inputs[0] ?? "x"})[0]`;

function sequenceDef(kind: TCellKind): TLayerDef {
  const def: TLayerDef = {
    type: kind,
    family: "recurrent",
    label: kind,
    description: `${kind === "RNN" ? "Elman RNN" : kind === "LSTM" ? "Long short-term memory" : "Gated recurrent unit"} over a [L, H_in] sequence (torch.nn.${kind}); outputs every step's hidden state [L, D·H_out].`,
    aliases: [kind.toLowerCase(), "recurrent", "sequence"],
    params: sequenceParams(kind),
    inputs: 1,
    orderRole: null,
    dtype: FLOAT_ONLY,
    inferShape: (ctx) => sequenceShape(ctx, kind),
    paramCount: (ctx) => sequenceParamCount(ctx, kind),
    macs: (ctx, output) => sequenceMacs(ctx, kind, output),
    toPyTorch(ctx) {
      const args = [
        pyInt(inputSize(ctx)),
        pyInt(intParam(ctx.params, "hidden_size")),
        ...pyKwargs(def, ctx.params, ["input_size", "hidden_size"]),
      ];
      return { module: pyModule(kind, args), forward: FIRST_OUTPUT };
    },
  };
  return def;
}

function cellShape(ctx: TLayerContext, type: string): TShapeResult {
  const input = ctx.inputs[0]!;
  if (input.length !== 1) {
    return fail(
      ctx,
      "rank-mismatch",
      `${type} takes one step [H_in] per sample (batch dimension not counted), got rank ${input.length} ([${input.join(", ")}])`,
      input.length === 2
        ? `For a whole [L, H_in] sequence use ${type.replace("Cell", "")}.`
        : "Flatten the features into one dim first.",
    );
  }
  return checkInputSize(ctx, type) ?? ok([intParam(ctx.params, "hidden_size")]);
}

function cellDef(kind: TCellKind): TLayerDef {
  const type = `${kind}Cell`;
  const g = GATES[kind];
  const def: TLayerDef = {
    type,
    family: "recurrent",
    label: `${kind} cell`,
    description: `One step of ${kind === "RNN" ? "an Elman RNN" : `a${kind === "LSTM" ? "n" : ""} ${kind}`} (torch.nn.${type}) on a [H_in] input, from a zero state; outputs h [hidden_size].`,
    aliases: [type.toLowerCase(), `${kind.toLowerCase()} cell`],
    params:
      kind === "RNN"
        ? [INPUT_SIZE, HIDDEN_SIZE, BIAS, NONLINEARITY]
        : [INPUT_SIZE, HIDDEN_SIZE, BIAS],
    inputs: 1,
    orderRole: null,
    dtype: FLOAT_ONLY,
    inferShape: (ctx) => cellShape(ctx, type),
    paramCount(ctx) {
      const h = intParam(ctx.params, "hidden_size");
      return g * h * (inputSize(ctx) + h) + (boolParam(ctx.params, "bias") ? 2 * g * h : 0);
    },
    macs(ctx) {
      const h = intParam(ctx.params, "hidden_size");
      return g * h * (inputSize(ctx) + h);
    },
    toPyTorch(ctx) {
      const args = [
        pyInt(inputSize(ctx)),
        pyInt(intParam(ctx.params, "hidden_size")),
        ...pyKwargs(def, ctx.params, ["input_size", "hidden_size"]),
      ];
      // LSTMCell returns (h, c); the others return h.
      return kind === "LSTM"
        ? { module: pyModule(type, args), forward: FIRST_OUTPUT }
        : { module: pyModule(type, args) };
    },
  };
  return def;
}

/** The recurrent family. */
export const RECURRENT_LAYERS: readonly TLayerDef[] = [
  sequenceDef("LSTM"),
  sequenceDef("GRU"),
  sequenceDef("RNN"),
  cellDef("LSTM"),
  cellDef("GRU"),
  cellDef("RNN"),
];
