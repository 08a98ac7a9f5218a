/**
 * Advice a senior engineer would give on top of torch's own refusals: layer order, a conv bias
 * that the following norm cancels, an activation the loss applies again, and sizes that cannot
 * meet at a merge because the input size does not survive the downsampling.
 */
import type { TShape } from "../graph/types";
import type { TGraphIndex } from "../graph/topology";
import { LOSSES_WITH_ACTIVATION } from "../layers/io";
import { getLayerDef } from "../layers/registry";
import { formatShape, numel } from "../shape/arithmetic";
import { hasError, nodeWarning } from "./node-result";
import type { TDiagnostic, TNodeAnalysis } from "./types";
import type { TNodeSlot } from "./graph-engine";

/** The part of the engine the warnings read. */
export interface TWarningView {
  index: TGraphIndex;
  slots: TNodeSlot[];
  inputNodes: number[];
}

/** Norms that subtract a per-channel mean, which cancels a conv's per-channel bias. */
const BIAS_CANCELLING: ReadonlySet<unknown> = new Set([
  "BatchNorm1d",
  "BatchNorm2d",
  "BatchNorm3d",
  "InstanceNorm1d",
  "InstanceNorm2d",
  "InstanceNorm3d",
]);

const BATCH_NORMS: ReadonlySet<string> = new Set(["BatchNorm1d", "BatchNorm2d", "BatchNorm3d"]);

const DROPOUTS: ReadonlySet<string> = new Set([
  "Dropout",
  "Dropout1d",
  "Dropout2d",
  "Dropout3d",
  "AlphaDropout",
  "FeatureAlphaDropout",
]);

/**
 * `dropout-before-norm`: in training the norm's batch statistics see the dropped-out variance,
 * at inference its running statistics are applied to a tensor without dropout (the "variance
 * shift", Li et al. 2019), so accuracy drops. Reads only the predecessor's type, like layer-order.
 */
function dropoutBeforeNorm(view: TWarningView, v: number, pred: number): TDiagnostic | null {
  const dropout = typeOf(view, pred);
  if (!DROPOUTS.has(dropout)) return null;
  const id = view.slots[v]!.node.id;
  return nodeWarning(
    id,
    "dropout-before-norm",
    `${typeOf(view, v)} "${id}" comes right after ${dropout} "${view.slots[pred]!.node.id}": its running statistics are learnt on dropped-out values but applied without dropout at inference (variance shift)`,
    `Move the ${dropout} after the norm (and its activation), or remove it.`,
  );
}

/**
 * `batchnorm-single-value`: torch refuses to train a BatchNorm whose batch holds one value per
 * channel ("Expected more than 1 value per channel when training"), which happens here for a
 * batch of 1 — batch_size 1, or a last short batch of one sample. Reads only its input shape.
 */
function singleValuePerChannel(view: TWarningView, v: number, pred: number): TDiagnostic | null {
  const input = view.slots[pred]!.result?.shape;
  if (input === undefined || input === null || input.length < 1) return null;
  let perSample = 1;
  for (let i = 1; i < input.length; i++) perSample *= input[i]!;
  if (perSample !== 1) return null;
  const id = view.slots[v]!.node.id;
  const where = input.length === 1 ? `${input[0]} features` : formatShape(input);
  return nodeWarning(
    id,
    "batchnorm-single-value",
    `${typeOf(view, v)} "${id}" normalises ${where}: one value per channel per sample, so a batch of 1 (batch_size 1, or a last batch of one sample) fails in training with "Expected more than 1 value per channel when training"`,
    "Use batch_size ≥ 2 and drop the last short batch, or use LayerNorm/GroupNorm here (they do not depend on the batch), or normalise before the spatial size reaches 1×1.",
  );
}

function typeOf(view: TWarningView, v: number): string {
  const t = view.slots[v]!.node.type;
  return typeof t === "string" ? t : "";
}

/**
 * Warnings that depend on direct neighbours. Note `bias-before-norm` sits on the conv but depends
 * on its successor: incremental analysis re-checks the predecessors of a node whose type changes.
 */
export function neighbourWarnings(
  view: TWarningView,
  v: number,
  result: TNodeAnalysis,
): TDiagnostic[] | null {
  if (result.shape === null) return null;
  const slot = view.slots[v]!;
  const def = slot.def;
  if (def === undefined) return null;
  const id = slot.node.id;
  const preds = view.index.preds[v]!;
  let out: TDiagnostic[] | null = null;
  if (def.orderRole === "norm" && preds.length === 1) {
    const pred = preds[0]!;
    // The predecessor was computed first (topological order): its slot usually knows its def.
    const predSlot = view.slots[pred]!;
    const predDef =
      predSlot.typeRef === predSlot.node.type ? predSlot.def : getLayerDef(typeOf(view, pred));
    if (predDef?.orderRole === "activation") {
      out = [
        nodeWarning(
          id,
          "layer-order",
          `${def.type} "${id}" comes after the activation ${typeOf(view, pred)} "${view.slots[pred]!.node.id}"; the recommended order is conv → norm → activation`,
          "Move the norm between the conv and the activation.",
        ),
      ];
    }
  }
  if (BATCH_NORMS.has(def.type) && preds.length === 1) {
    const dropout = dropoutBeforeNorm(view, v, preds[0]!);
    if (dropout !== null) (out ??= []).push(dropout);
    const single = singleValuePerChannel(view, v, preds[0]!);
    if (single !== null) (out ??= []).push(single);
  }
  if (def.orderRole === "conv" && slot.resolved?.params.bias === true) {
    const succs = view.index.succs[v]!;
    if (succs.length === 1 && BIAS_CANCELLING.has(view.slots[succs[0]!]!.node.type)) {
      (out ??= []).push(
        nodeWarning(
          id,
          "bias-before-norm",
          `${def.type} "${id}" has bias=True right before ${typeOf(view, succs[0]!)}, which subtracts the per-channel mean and cancels the bias`,
          "Set bias to false: same model, fewer parameters.",
        ),
      );
    }
  }
  if (slot.node.type === "Output" && preds.length === 1) {
    const doubled = doubleActivation(view, v, preds[0]!);
    if (doubled !== null) (out ??= []).push(doubled);
  }
  return out;
}

const SOFTMAXES: ReadonlySet<string> = new Set(["Softmax", "LogSoftmax", "Softmax2d"]);

function doubleActivation(view: TWarningView, v: number, pred: number): TDiagnostic | null {
  const params = view.slots[v]!.resolved?.params;
  if (params === undefined) return null;
  const task = params.task;
  let loss = typeof params.loss === "string" ? params.loss : "auto";
  if (loss === "auto")
    loss = task === "binary-segmentation" ? "BCEWithLogitsLoss" : "CrossEntropyLoss";
  if (!LOSSES_WITH_ACTIVATION.has(loss)) return null;
  const act = typeOf(view, pred);
  const sigmoidLoss = loss === "BCEWithLogitsLoss" || loss === "DiceBCELoss";
  const applies = sigmoidLoss ? act === "Sigmoid" : SOFTMAXES.has(act);
  if (!applies) return null;
  const id = view.slots[v]!.node.id;
  return nodeWarning(
    id,
    "double-activation",
    `${act} "${view.slots[pred]!.node.id}" feeds the Output, but ${loss} applies ${sigmoidLoss ? "a sigmoid" : "a softmax"} itself: it is applied twice and training stalls`,
    `Remove the ${act}: the model should output raw logits (apply ${act} only at inference).`,
  );
}

/**
 * At a merge that failed on spatial sizes: when the Input's size is not divisible by 2^k (k the
 * halvings between the Input and the deepest ancestor), rounding down makes a skip connection and
 * its upsampled partner differ by one. Say so and suggest input sizes that work.
 */
export function sizeCannotMeet(
  view: TWarningView,
  v: number,
  inputs: TShape[],
): TDiagnostic[] | null {
  const failed = view.slots[v]!;
  if (inputs.length < 2) return null;
  const rank = inputs[0]!.length;
  if (rank < 2 || inputs.some((s) => s.length !== rank)) return null;
  const spatialDiffers = inputs.some((s) => s.some((d, i) => i > 0 && d !== inputs[0]![i]));
  if (!spatialDiffers) return null;
  const source = view.inputNodes
    .map((i) => view.slots[i]!.result?.shape ?? null)
    .find((s) => s !== null && s.length === rank);
  if (source === undefined || source === null) return null;
  const deepest = deepestAncestor(view, v, rank);
  if (deepest === null) return null;
  const notes: string[] = [];
  let factor = 1;
  for (let i = 1; i < rank; i++) {
    const ratio = source[i]! / deepest[i]!;
    const k = Math.floor(Math.log2(ratio) + 1e-9);
    if (k < 1) continue;
    const m = 2 ** k;
    if (source[i]! % m !== 0) {
      factor = Math.max(factor, m);
      if (!notes.includes(String(source[i]))) notes.push(String(source[i]));
    }
  }
  if (notes.length === 0) return oddPoolInside(view, v);
  const lo = source.slice(1).map((d) => Math.max(factor, Math.floor(d / factor) * factor));
  const hi = source.slice(1).map((d) => Math.ceil(d / factor) * factor);
  const id = failed.node.id;
  return [
    nodeWarning(
      id,
      "size-cannot-meet",
      `The branches reaching "${id}" cannot meet: the Input ${formatShape(source)} is halved down to ${formatShape(deepest.slice(1))}, and ${notes.join(" and ")} ${notes.length === 1 ? "is" : "are"} not divisible by ${factor}, so a downsampling step rounds down and the upsampled branch comes back one short`,
      `Use an input size divisible by ${factor} (e.g. ${lo.join("×")} or ${hi.join("×")}), or resize the upsampled branch with Upsample(size=…) to the skip connection's size.`,
    ),
  ];
}

/**
 * The Input's size is fine but a pool inside the network receives an odd size (an unpadded conv
 * before it, say): it rounds down, and the decoder's upsampling comes back one short of the skip
 * connection. Names the first such pool (its own `odd-pool-drop` warning says what it drops).
 */
function oddPoolInside(view: TWarningView, v: number): TDiagnostic[] | null {
  const seen = new Set<number>([v]);
  const stack = [...view.index.preds[v]!];
  let found: number | null = null;
  let size = 0;
  while (stack.length > 0) {
    const u = stack.pop()!;
    if (seen.has(u)) continue;
    seen.add(u);
    const r = view.slots[u]!.result;
    if (r === null || hasError(r.diagnostics)) continue;
    // The pool nearest the Input (the largest output; ties: the lower index) is the cause.
    const drops = r.diagnostics.some((d) => d.code === "odd-pool-drop");
    if (drops && r.shape !== null && view.index.preds[u]!.length === 1) {
      const n = numel(r.shape);
      if (n > size || (n === size && found !== null && u < found)) [found, size] = [u, n];
    }
    for (const p of view.index.preds[u]!) stack.push(p);
  }
  if (found === null) return null;
  const into = view.slots[view.index.preds[found]![0]!]!.result?.shape;
  const out = view.slots[found]!.result!.shape;
  if (into === undefined || into === null || out === null) return null;
  const id = view.slots[v]!.node.id;
  const pool = view.slots[found]!.node.id;
  const even = into.slice(1).map((d) => d + (d % 2));
  return [
    nodeWarning(
      id,
      "size-cannot-meet",
      `The branches reaching "${id}" cannot meet: ${typeOf(view, found)} "${pool}" receives ${formatShape(into.slice(1))} and rounds it down to ${formatShape(out.slice(1))}, so the branch upsampled from it comes back one short of the skip connection`,
      `Make the size entering "${pool}" divisible by its stride (e.g. ${even.join("×")}): pad the convolution before it (padding=1 keeps a 3×3 conv's size), or resize the upsampled branch with Upsample(size=…) to the skip connection's size.`,
    ),
  ];
}

/** Per spatial dim, the smallest size among the ancestors of `v` that have rank `rank`. */
function deepestAncestor(view: TWarningView, v: number, rank: number): number[] | null {
  const seen = new Set<number>([v]);
  const stack = [...view.index.preds[v]!];
  let min: number[] | null = null;
  while (stack.length > 0) {
    const u = stack.pop()!;
    if (seen.has(u)) continue;
    seen.add(u);
    const r = view.slots[u]!.result;
    if (r === null || hasError(r.diagnostics)) continue;
    const s = r.shape;
    if (s !== null && s.length === rank) {
      if (min === null) min = s.slice();
      else for (let i = 1; i < rank; i++) if (s[i]! < min[i]!) min[i] = s[i]!;
    }
    for (const p of view.index.preds[u]!) stack.push(p);
  }
  return min;
}
