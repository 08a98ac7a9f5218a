/**
 * The io family: Input (the dataset node) and Output (the trainer node). Output checks that the
 * tensor reaching it fits the task: segmentation keeps the Input's spatial size with 1 channel
 * (binary) or num_classes channels (multiclass); classification ends in [num_classes].
 */
import type { TShape } from "../graph/types";
import { formatShape, numel, shapesEqual } from "../shape/arithmetic";
import { fail, ok } from "../shape/result";
import { intList, strParam } from "./params";
import type { TLayerContext, TLayerDef, TShapeResult } from "./types";

export const TASKS = ["binary-segmentation", "multiclass-segmentation", "classification"] as const;
export const LOSSES = [
  "auto",
  "BCEWithLogitsLoss",
  "BCELoss",
  "CrossEntropyLoss",
  "NLLLoss",
  "DiceLoss",
  "DiceBCELoss",
  "MSELoss",
] as const;
/** Learning-rate schedules the trainer implements. */
export const SCHEDULES = ["constant", "cosine", "step", "onecycle"] as const;
/** Device preferences. */
export const DEVICES = ["auto", "cuda", "cpu"] as const;
/** Optimisers the trainer implements. */
export const OPTIMIZERS = ["Adam", "AdamW", "SGD", "RMSprop"] as const;

/** Losses that apply a sigmoid/softmax themselves: a Sigmoid/Softmax before them is doubled. */
export const LOSSES_WITH_ACTIVATION: ReadonlySet<string> = new Set([
  "auto",
  "BCEWithLogitsLoss",
  "CrossEntropyLoss",
  "DiceBCELoss",
]);

const INPUT: TLayerDef = {
  type: "Input",
  family: "io",
  label: "Input",
  description:
    "The dataset node: one sample's shape without the batch dimension ([C, H, W] for images) and which dataset feeds it.",
  aliases: ["input", "data", "dataset", "source"],
  params: [
    {
      name: "shape",
      label: "Shape",
      tooltip:
        "Sample shape without batch, e.g. [3, 256, 256] for RGB images or [784] for flat vectors. With a dataset bound, C is the dataset's channels and H×W the training resolution (images are resized to it).",
      spec: { kind: "int-list", min: 1, minLength: 1 },
    },
    {
      name: "dtype",
      label: "Data type",
      tooltip: "float for images and features; long for integer token ids (fed to an Embedding).",
      spec: { kind: "enum", values: ["float", "long"] },
      default: "float",
    },
    {
      name: "dataset",
      label: "Dataset",
      tooltip:
        "The dataset that feeds this input: a built-in (nuclei, shapes) or a team upload (empty: the default for the task).",
      spec: { kind: "string" },
      nullable: true,
      default: null,
    },
    {
      name: "normalize",
      label: "Normalize",
      tooltip: "Scale pixel values to [0, 1] and standardize per channel.",
      spec: { kind: "bool" },
      default: true,
    },
    {
      name: "augment",
      label: "Augment",
      tooltip:
        "Quick preset: random horizontal and vertical flips and quarter turns during training (added to the settings below).",
      spec: { kind: "bool" },
      default: false,
    },
    {
      name: "hflip",
      label: "Horizontal flip",
      tooltip: "Mirror half of the training samples left to right (the mask with them).",
      spec: { kind: "bool" },
      default: false,
    },
    {
      name: "vflip",
      label: "Vertical flip",
      tooltip: "Mirror half of the training samples top to bottom.",
      spec: { kind: "bool" },
      default: false,
    },
    {
      name: "rotate",
      label: "Rotation (°)",
      tooltip:
        "Rotate training samples by a random angle up to ± this many degrees; 90 means random quarter turns (0: off).",
      spec: { kind: "float", min: 0, max: 180 },
      default: 0,
    },
    {
      name: "crop",
      label: "Random crop",
      tooltip:
        "Random resized crop: keep a random part covering at least this fraction of the image, resized back to the training resolution (0: off).",
      spec: { kind: "float", min: 0, max: 1 },
      default: 0,
    },
    {
      name: "color_jitter",
      label: "Colour jitter",
      tooltip: "Randomly vary brightness, contrast and saturation by up to this fraction (0: off).",
      spec: { kind: "float", min: 0, max: 1 },
      default: 0,
    },
    {
      name: "val_split",
      label: "Validation split",
      tooltip: "Fraction of samples held out for validation.",
      spec: { kind: "float", min: 0, max: 0.9 },
      default: 0.2,
    },
  ],
  inputs: 0,
  orderRole: null,
  inferShape: (ctx) => ok(intList(ctx.params, "shape")),
  paramCount: () => 0,
  macs: () => 0,
  toPyTorch: () => ({ module: null, forward: (inputs) => inputs[0] ?? "x" }),
};

function spatialCheck(
  ctx: TLayerContext,
  input: TShape,
  reference: TShape,
  task: string,
): TShapeResult | null {
  const got = input.slice(1);
  const want = reference.slice(1);
  if (shapesEqual(got, want)) return null;
  const grows = numel(got) < numel(want);
  return fail(
    ctx,
    "task-mismatch",
    `${task} output must keep the Input's spatial size ${formatShape(want)}, but ${formatShape(input)} reaches the Output`,
    got.length !== want.length
      ? "The output must have the same spatial dims as the input; remove the Flatten/Linear head."
      : grows
        ? `Add upsampling (ConvTranspose2d stride 2 or Upsample) back to ${formatShape(want)}.`
        : `Crop or pool back to ${formatShape(want)}.`,
  );
}

function inferOutput(ctx: TLayerContext): TShapeResult {
  const input = ctx.inputs[0]!;
  const task = strParam(ctx.params, "task")!;
  const classes = ctx.params.num_classes;
  if (task === "classification") {
    if (input.length !== 1) {
      return fail(
        ctx,
        "task-mismatch",
        `classification needs [num_classes] logits per sample, but ${formatShape(input)} reaches the Output`,
        "End with AdaptiveAvgPool2d(1) → Flatten → Linear(…, num_classes).",
      );
    }
    if (typeof classes === "number" && input[0] !== classes) {
      return fail(
        ctx,
        "task-mismatch",
        `classification with num_classes ${classes} needs [${classes}] logits, got [${input[0]}]`,
        `Set the last Linear's out_features to ${classes}.`,
      );
    }
    return ok(input);
  }
  const reference = ctx.graphInputs?.find((s) => s !== null && s !== undefined) ?? null;
  if (input.length < 2) {
    return fail(
      ctx,
      "task-mismatch",
      `${task} needs [C, H, W] per-pixel scores, but ${formatShape(input)} reaches the Output`,
      "Remove the Flatten/Linear head; end with a 1×1 convolution.",
    );
  }
  if (reference !== null && reference.length === input.length) {
    const spatial = spatialCheck(ctx, input, reference, task);
    if (spatial !== null) return spatial;
  }
  const channels = input[0]!;
  if (task === "binary-segmentation" && channels !== 1) {
    return fail(
      ctx,
      "task-mismatch",
      `binary segmentation needs 1 output channel, got ${channels}`,
      `End with Conv2d(${channels}, 1, kernel_size=1).`,
    );
  }
  if (task === "multiclass-segmentation") {
    const want = typeof classes === "number" ? classes : null;
    if ((want !== null && channels !== want) || (want === null && channels < 2)) {
      return fail(
        ctx,
        "task-mismatch",
        `multiclass segmentation needs ${want ?? "num_classes (≥ 2)"} output channels, got ${channels}`,
        `End with Conv2d(${channels}, ${want ?? "num_classes"}, kernel_size=1).`,
      );
    }
  }
  return ok(input);
}

const OUTPUT: TLayerDef = {
  type: "Output",
  family: "io",
  label: "Output",
  description:
    "The trainer node: the task, loss and optimiser; checks that the tensor reaching it fits the task.",
  aliases: ["output", "head", "loss", "trainer", "target"],
  params: [
    {
      name: "task",
      label: "Task",
      tooltip:
        "binary-segmentation (1 channel mask), multiclass-segmentation (num_classes channels) or classification ([num_classes] logits).",
      spec: { kind: "enum", values: TASKS },
      default: "binary-segmentation",
    },
    {
      name: "num_classes",
      label: "Classes",
      tooltip: "Number of classes (multiclass segmentation and classification).",
      spec: { kind: "int", min: 1 },
      nullable: true,
      default: null,
    },
    {
      name: "loss",
      label: "Loss",
      tooltip:
        "auto: BCEWithLogits for binary, CrossEntropy otherwise. DiceLoss and DiceBCELoss (BCE + Dice) suit small foreground regions. All expect raw logits (no Sigmoid/Softmax before).",
      spec: { kind: "enum", values: LOSSES },
      default: "auto",
    },
    {
      name: "optimizer",
      label: "Optimizer",
      tooltip: "Optimizer used for training.",
      spec: { kind: "enum", values: OPTIMIZERS },
      default: "Adam",
    },
    {
      name: "lr",
      label: "Learning rate",
      tooltip: "Initial learning rate.",
      spec: { kind: "float", min: 0, exclusiveMin: true, max: 10 },
      default: 0.001,
    },
    {
      name: "weight_decay",
      label: "Weight decay",
      tooltip: "L2 penalty.",
      spec: { kind: "float", min: 0 },
      default: 0,
    },
    {
      name: "epochs",
      label: "Epochs",
      tooltip: "Passes over the training set.",
      spec: { kind: "int", min: 1, max: 10000 },
      default: 20,
    },
    {
      name: "batch_size",
      label: "Batch size",
      tooltip: "Samples per step.",
      spec: { kind: "int", min: 1, max: 65536 },
      default: 8,
    },
    {
      name: "momentum",
      label: "Momentum",
      tooltip: "SGD momentum (RMSprop: its momentum term); ignored by Adam and AdamW.",
      spec: { kind: "float", min: 0, max: 1 },
      default: 0.9,
    },
    {
      name: "schedule",
      label: "LR schedule",
      tooltip:
        "constant; cosine (decay to 0 over the epochs); step (×0.1 every third of the epochs); onecycle (warm up, then anneal).",
      spec: { kind: "enum", values: SCHEDULES },
      default: "constant",
    },
    {
      name: "seed",
      label: "Seed",
      tooltip: "Random seed for weights, shuffling and augmentation: the same seed repeats a run.",
      spec: { kind: "int", min: 0, max: 2147483647 },
      default: 0,
    },
    {
      name: "device",
      label: "Device",
      tooltip: "auto: a GPU when the worker has one, else the CPU.",
      spec: { kind: "enum", values: DEVICES },
      default: "auto",
    },
    {
      name: "amp",
      label: "Mixed precision",
      tooltip: "bf16 autocast on CUDA (faster, less memory); no effect on the CPU.",
      spec: { kind: "bool" },
      default: true,
    },
    {
      name: "early_stopping_patience",
      label: "Early stopping",
      tooltip:
        "Stop when the validation metric has not improved for this many epochs (empty: train every epoch).",
      spec: { kind: "int", min: 1, max: 10000 },
      nullable: true,
      default: null,
    },
  ],
  inputs: 1,
  orderRole: null,
  inferShape: inferOutput,
  paramCount: () => 0,
  macs: () => 0,
  toPyTorch: () => ({ module: null, forward: (inputs) => inputs[0] ?? "x" }),
};

/** The io family. */
export const IO_LAYERS: readonly TLayerDef[] = [INPUT, OUTPUT];
