/**
 * The reshape family: Flatten, Unflatten, Transpose, Identity. Their `dim` params count the batch dimension,
 * exactly as the torch constructors do, so `Flatten()` (start_dim=1) flattens `[C, H, W]` to
 * `[C·H·W]`. Merging or splitting the batch dimension itself (start_dim=0, Unflatten dim=0)
 * moves samples into features, which has no per-sample shape, so it is refused — except where
 * torch keeps the batch intact because every other size involved is 1 (then a warning).
 */
import { fail } from "../shape/result";
import { numel } from "../shape/arithmetic";
import {
  dimRangeMessage,
  isShape,
  pyInt,
  resolveTorchDim,
  singleInput,
  warningOn,
} from "./layer-helpers";
import { intList, intParam, KEEPS_DTYPE, pyModule } from "./params";
import type { TLayerContext, TLayerDef, TParamDef, TShapeResult } from "./types";

/** Pure reshapes: torch runs them on integer index tensors too, which stay integer. */
const SHAPE_ONLY = KEEPS_DTYPE;

const FLATTEN_PARAMS: readonly TParamDef[] = [
  {
    name: "start_dim",
    label: "Start dim",
    tooltip: "First dimension to flatten, counting the batch dimension (1 = first per-sample dim).",
    spec: { kind: "int" },
    default: 1,
  },
  {
    name: "end_dim",
    label: "End dim",
    tooltip: "Last dimension to flatten, counting the batch dimension (-1 = last).",
    spec: { kind: "int" },
    default: -1,
  },
];

function flattenShape(ctx: TLayerContext): TShapeResult {
  const input = singleInput(ctx);
  if (!isShape(input)) return input;
  const rank = input.length;
  const startRaw = intParam(ctx.params, "start_dim");
  const endRaw = intParam(ctx.params, "end_dim");
  const start = resolveTorchDim(startRaw, rank);
  if (start === null)
    return fail(
      ctx,
      "invalid-param",
      dimRangeMessage("start_dim", startRaw, rank),
      "Use start_dim=1.",
    );
  const end = resolveTorchDim(endRaw, rank);
  if (end === null)
    return fail(ctx, "invalid-param", dimRangeMessage("end_dim", endRaw, rank), "Use end_dim=-1.");
  if (start > end) {
    return fail(
      ctx,
      "invalid-param",
      `start_dim (${startRaw}) comes after end_dim (${endRaw}) on a ${rank + 1}-D tensor.`,
      "Swap them, or use the defaults start_dim=1, end_dim=-1.",
    );
  }
  if (start === 0) {
    // Merging the batch with per-sample dims of size 1 keeps the batch intact (torch: [N, 1] →
    // [N]), so it runs and drops those dims; any other size would mix samples into features.
    if (numel(input.slice(0, end)) === 1) {
      const warning = warningOn(
        ctx,
        "invalid-param",
        "start_dim=0 includes the batch dimension; it only works here because the merged dims are all 1.",
        "Use start_dim=1.",
      );
      return { ok: true, shape: input.slice(end), diagnostics: end > 0 ? [warning] : [] };
    }
    return fail(
      ctx,
      "invalid-param",
      "start_dim=0 would merge the batch dimension into the features.",
      "Use start_dim=1.",
    );
  }
  // Batch-free indices are torch indices minus one.
  const merged = numel(input.slice(start - 1, end));
  return { ok: true, shape: [...input.slice(0, start - 1), merged, ...input.slice(end)] };
}

const UNFLATTEN_PARAMS: readonly TParamDef[] = [
  {
    name: "dim",
    label: "Dim",
    tooltip: "Dimension to split, counting the batch dimension (1 = first per-sample dim).",
    spec: { kind: "int" },
  },
  {
    name: "unflattened_size",
    label: "Sizes",
    tooltip:
      "New sizes for that dimension; their product must equal its size. One entry may be -1.",
    spec: { kind: "int-list", min: -1, minLength: 1 },
  },
];

function unflattenShape(ctx: TLayerContext): TShapeResult {
  const input = singleInput(ctx);
  if (!isShape(input)) return input;
  const rank = input.length;
  const dimRaw = intParam(ctx.params, "dim");
  const dim = resolveTorchDim(dimRaw, rank);
  if (dim === null)
    return fail(ctx, "invalid-param", dimRangeMessage("dim", dimRaw, rank), "Use dim=1 or dim=-1.");
  const sizes = intList(ctx.params, "unflattened_size");
  if (dim === 0) {
    // Only [-1, 1, …] keeps the batch in front (torch: [N, 6] → [N, 1, 6]); anything else moves
    // samples into features or depends on the batch size.
    if (sizes[0] === -1 && sizes.slice(1).every((s) => s === 1)) {
      const warning = warningOn(
        ctx,
        "invalid-param",
        "dim=0 splits the batch dimension; it only works because the other sizes are all 1.",
        "Use dim=1.",
      );
      return { ok: true, shape: [...sizes.slice(1), ...input], diagnostics: [warning] };
    }
    return fail(ctx, "invalid-param", "dim=0 would split the batch dimension.", "Use dim=1.");
  }
  if (sizes.length === 0) {
    return fail(ctx, "invalid-param", "unflattened_size must not be empty.", "E.g. [16, 4, 4].");
  }
  const size = input[dim - 1] ?? 0;
  const inferred = sizes.filter((s) => s === -1).length;
  if (inferred > 1)
    return fail(
      ctx,
      "invalid-param",
      "Only one size can be -1 (inferred).",
      "Give every size but one explicitly.",
    );
  if (sizes.some((s) => s < -1))
    return fail(
      ctx,
      "invalid-param",
      "Sizes must be ≥ -1.",
      "Use positive sizes, and -1 for one inferred size.",
    );
  const known = numel(sizes.filter((s) => s !== -1));
  const mismatch = () =>
    fail(
      ctx,
      "invalid-param",
      `Sizes [${sizes.join(", ")}] don't multiply up to ${size}, the size of dim ${dimRaw}.`,
      `Pick sizes whose product is ${size}, or use -1 for one of them.`,
    );
  if (inferred === 0)
    return known === size ? { ok: true, shape: splice(input, dim - 1, sizes) } : mismatch();
  if (known === 0 || size % known !== 0) return mismatch();
  const filled = sizes.map((s) => (s === -1 ? size / known : s));
  return { ok: true, shape: splice(input, dim - 1, filled) };
}

const TRANSPOSE_PARAMS: readonly TParamDef[] = [
  {
    name: "dim0",
    label: "Dim 0",
    tooltip: "First dimension to swap, counting the batch dimension (1 = first per-sample dim).",
    spec: { kind: "int" },
    default: 1,
  },
  {
    name: "dim1",
    label: "Dim 1",
    tooltip: "Second dimension to swap, counting the batch dimension (-1 = last).",
    spec: { kind: "int" },
    default: 2,
  },
];

/** `x.transpose(dim0, dim1)`: swaps two per-sample dims (e.g. `[C, N]` → `[N, C]` tokens). */
function transposeShape(ctx: TLayerContext): TShapeResult {
  const input = singleInput(ctx);
  if (!isShape(input)) return input;
  const rank = input.length;
  const raw0 = intParam(ctx.params, "dim0");
  const raw1 = intParam(ctx.params, "dim1");
  const a = resolveTorchDim(raw0, rank);
  if (a === null)
    return fail(ctx, "invalid-param", dimRangeMessage("dim0", raw0, rank), "Use dim0=1.");
  const b = resolveTorchDim(raw1, rank);
  if (b === null)
    return fail(ctx, "invalid-param", dimRangeMessage("dim1", raw1, rank), "Use dim1=-1.");
  if (a === b) return { ok: true, shape: input };
  if (a === 0 || b === 0)
    return fail(
      ctx,
      "invalid-param",
      "Transposing the batch dimension (dim 0) mixes samples into features.",
      "Swap two per-sample dims: 1 and above.",
    );
  const shape = [...input];
  shape[a - 1] = input[b - 1]!;
  shape[b - 1] = input[a - 1]!;
  return { ok: true, shape };
}

function splice(shape: readonly number[], index: number, sizes: readonly number[]): number[] {
  return [...shape.slice(0, index), ...sizes, ...shape.slice(index + 1)];
}

/** The reshape family. */
export const RESHAPE_LAYERS: readonly TLayerDef[] = [
  {
    type: "Flatten",
    family: "reshape",
    label: "Flatten",
    description: "Flattens start_dim…end_dim into one dimension (default: everything per sample).",
    aliases: ["flat", "reshape", "vectorize"],
    params: FLATTEN_PARAMS,
    inputs: 1,
    orderRole: null,
    dtype: SHAPE_ONLY,
    inferShape: flattenShape,
    paramCount: () => 0,
    macs: () => 0,
    toPyTorch(ctx) {
      const start = intParam(ctx.params, "start_dim");
      const end = intParam(ctx.params, "end_dim");
      const args = end !== -1 ? [pyInt(start), pyInt(end)] : start !== 1 ? [pyInt(start)] : [];
      return { module: pyModule("Flatten", args) };
    },
  },
  {
    type: "Unflatten",
    family: "reshape",
    label: "Unflatten",
    description: "Splits one dimension into several (e.g. [4096] → [256, 4, 4]).",
    aliases: ["reshape", "view", "unflat"],
    params: UNFLATTEN_PARAMS,
    inputs: 1,
    orderRole: null,
    dtype: SHAPE_ONLY,
    inferShape: unflattenShape,
    paramCount: () => 0,
    macs: () => 0,
    toPyTorch(ctx) {
      const sizes = intList(ctx.params, "unflattened_size").map(pyInt);
      const tuple = sizes.length === 1 ? `(${sizes[0]},)` : `(${sizes.join(", ")})`;
      return { module: pyModule("Unflatten", [pyInt(intParam(ctx.params, "dim")), tuple]) };
    },
  },
  {
    type: "Transpose",
    family: "reshape",
    label: "Transpose",
    description:
      "Swaps two dimensions (tensor.transpose), e.g. conv features [C, N] into [N, C] tokens for a transformer.",
    aliases: ["transpose", "permute", "swap dims", "swapaxes", "tokens"],
    params: TRANSPOSE_PARAMS,
    inputs: 1,
    orderRole: null,
    dtype: SHAPE_ONLY,
    inferShape: transposeShape,
    paramCount: () => 0,
    macs: () => 0,
    toPyTorch(ctx) {
      const dim0 = pyInt(intParam(ctx.params, "dim0"));
      const dim1 = pyInt(intParam(ctx.params, "dim1"));
      return { module: null, forward: ([x]) => `${x}.transpose(${dim0}, ${dim1})` };
    },
  },
  {
    type: "Identity",
    family: "reshape",
    label: "Identity",
    description: "Passes its input through unchanged (a placeholder).",
    aliases: ["noop", "pass"],
    params: [],
    inputs: 1,
    orderRole: null,
    dtype: SHAPE_ONLY,
    inferShape(ctx) {
      const input = singleInput(ctx);
      return isShape(input) ? { ok: true, shape: input } : input;
    },
    paramCount: () => 0,
    macs: () => 0,
    toPyTorch: () => ({ module: "nn.Identity()" }),
  },
];
