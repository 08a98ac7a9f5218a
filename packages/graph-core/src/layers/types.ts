import type { TDiagnostic } from "../analysis/types";
import type { TJsonValue, TParams, TShape } from "../graph/types";

/** Layer families: they pick the colour and the palette group. */
export type TLayerFamily =
  | "io"
  | "convolution"
  | "pooling"
  | "upsampling"
  | "padding"
  | "normalization"
  | "activation"
  | "dropout"
  | "reshape"
  | "linear"
  | "recurrent"
  | "attention"
  | "embedding"
  | "merge"
  | "block"
  | "unsupported";

/** Role in the recommended conv → norm → activation order (visual brightness steps). */
export type TOrderRole = "conv" | "norm" | "activation" | null;

/** How the inspector renders and validates one parameter. */
export type TParamSpec =
  | { kind: "int"; min?: number; max?: number }
  | { kind: "float"; min?: number; max?: number; exclusiveMin?: boolean }
  | { kind: "bool" }
  | { kind: "enum"; values: readonly string[] }
  /**
   * An int or a tuple of `rank` ints (`kernel_size: 3 | [3, 1]`). `rank: 0` means any length
   * (checked against the input by the layer); `nullableEntries` allows `null` items (torch `None`,
   * e.g. `AdaptiveAvgPool2d((None, 7))`).
   */
  | { kind: "int-tuple"; rank: number; min?: number; nullableEntries?: boolean }
  /** Like int-tuple, also accepting string choices (`padding: 1 | [1, 0] | "same"`). */
  | { kind: "int-tuple-or-enum"; rank: number; min?: number; values: readonly string[] }
  /** A number or a tuple of `rank` numbers (`rank: 0`: any length); `min` is exclusive. */
  | { kind: "float-tuple"; rank: number; min?: number }
  /** A list of ints (a single int is read as a list of one, like torch's `normalized_shape`). */
  | { kind: "int-list"; min?: number; minLength?: number }
  | { kind: "string" };

export interface TParamDef {
  name: string;
  label: string;
  tooltip: string;
  spec: TParamSpec;
  /** The torch constructor default; `undefined` means required. */
  default?: TJsonValue;
  /** Optional: null allowed (torch `None`). */
  nullable?: boolean;
}

/** What a shape function returns: a shape, or the diagnostics that explain why there is none. */
export type TShapeResult =
  | { ok: true; shape: TShape; diagnostics?: TDiagnostic[] }
  | { ok: false; diagnostics: TDiagnostic[] };

/** Element type of a tensor: floating point, or integer indices (`torch.long`). */
export type TDtype = "float" | "long";

/**
 * How a layer treats dtypes. `input`: what it accepts (`"any"`: float or long); `output`:
 * `"float"` or `"same"` as its input (merges promote to float when their inputs differ).
 * Absent means "not declared": any input, float output, no check. Declare a rule to get
 * torch's refusal of integer tensors (`FLOAT_ONLY`, `KEEPS_DTYPE` in layers/params.ts).
 */
export interface TDtypeRule {
  input: TDtype | "any";
  output: "float" | "same";
}

/** Context passed to a layer's functions: params already defaulted and validated. */
export interface TLayerContext {
  nodeId: string;
  params: TParams;
  /** Input shapes in port order. */
  inputs: TShape[];
  /**
   * Shapes of the graph's `Input` nodes in document order (null where unknown), supplied by
   * analysis for layers that check against the dataset (`Output`). Absent elsewhere.
   */
  graphInputs?: readonly (TShape | null)[];
  /** Dtypes of `inputs` (same order), supplied by analysis; absent means all float. */
  inputDtypes?: readonly TDtype[];
}

/** One line of PyTorch emitted for a node. */
export interface TPyTorchEmission {
  /** `nn.Conv2d(3, 64, kernel_size=3, padding=1)`; null for functional ops (merge, Input). */
  module: string | null;
  /** Forward expression given the input variable names, e.g. `torch.cat([a, b], dim=1)`. */
  forward?: (inputs: string[], self: string) => string;
}

export interface TLayerDef {
  /** `torch.nn` class name or graph op name. */
  type: string;
  family: TLayerFamily;
  label: string;
  description: string;
  /** Palette search aliases ("conv", "bn", "upconv"…). */
  aliases: readonly string[];
  params: readonly TParamDef[];
  /** Input arity: exact number, or `"variadic"` for merges (≥ 2, ordered by port). */
  inputs: number | "variadic";
  orderRole: TOrderRole;
  /** Dtype handling; absent: float in, float out. Analysis refuses a mismatch (`dtype-mismatch`). */
  dtype?: TDtypeRule;
  inferShape(ctx: TLayerContext): TShapeResult;
  /** Exact `sum(p.numel())` given the input shapes (valid only when inferShape succeeded). */
  paramCount(ctx: TLayerContext): number;
  macs(ctx: TLayerContext, output: TShape): number;
  toPyTorch(ctx: TLayerContext): TPyTorchEmission;
}
