/**
 * What a model says about its own training: the Input node's dataset binding and augmentations,
 * the Output node's task, loss, optimiser and schedule — read into the trainer's vocabulary
 * (run.json, apps/trainer/python/README.md) — and the checks that need the bound dataset
 * (channels, task, classes). Pure: the caller looks the dataset up.
 */
import type { TDiagnostic } from "../analysis/types";
import type { TAnalysis } from "../analysis/types";
import type { TModelFlow, TParams } from "../graph/types";
import { IO_LAYERS } from "./io";
import { resolveParams } from "./params";

type TTask = "binary-segmentation" | "multiclass-segmentation" | "classification";
type TRunLoss = "auto" | "bce" | "dice" | "bce_dice" | "cross_entropy";

/** The trainer's name for each Output `loss` it implements. */
const RUN_LOSS: Readonly<Record<string, TRunLoss>> = {
  auto: "auto",
  BCEWithLogitsLoss: "bce",
  DiceLoss: "dice",
  DiceBCELoss: "bce_dice",
  CrossEntropyLoss: "cross_entropy",
};

/** Losses that fit each task (the trainer's names). */
const LOSSES_FOR_TASK: Readonly<Record<TTask, readonly TRunLoss[]>> = {
  "binary-segmentation": ["auto", "bce", "dice", "bce_dice"],
  "multiclass-segmentation": ["auto", "cross_entropy"],
  classification: ["auto", "cross_entropy"],
};

/** A dataset as the training checks need it. */
export interface TTrainingDataset {
  id: string;
  name: string;
  task: TTask;
  /** [C, H, W] of the stored images. */
  sampleShape: readonly [number, number, number] | readonly number[];
  classes: readonly string[];
}

/** The training settings a model carries, in run.json's vocabulary. */
export interface TTrainingSettings {
  inputNode: string;
  outputNode: string;
  task: TTask;
  /** Output num_classes (null: take the dataset's). */
  numClasses: number | null;
  /** The Input's `dataset` (null: none bound). */
  dataset: string | null;
  input: {
    shape: number[];
    normalize: boolean;
    augment: { hflip: boolean; vflip: boolean; rotate: number; crop: number; color_jitter: number };
  };
  config: {
    epochs: number;
    batch_size: number;
    lr: number;
    optimizer: "Adam" | "AdamW" | "SGD" | "RMSprop";
    momentum: number;
    weight_decay: number;
    schedule: "constant" | "cosine" | "step" | "onecycle";
    loss: TRunLoss;
    seed: number;
    device: "auto" | "cuda" | "cpu";
    amp: boolean;
    early_stopping_patience: number | null;
  };
}

const INPUT_DEF = IO_LAYERS.find((d) => d.type === "Input")!;
const OUTPUT_DEF = IO_LAYERS.find((d) => d.type === "Output")!;

function error(
  code: TDiagnostic["code"],
  node: string | undefined,
  message: string,
  hint?: string,
): TDiagnostic {
  return { code, severity: "error", ...(node ? { node } : {}), message, ...(hint ? { hint } : {}) };
}

/** The one node of `type` training uses, or a diagnostic that says why there is none. */
function single(
  model: TModelFlow,
  type: "Input" | "Output",
): { id: string; params: TParams } | TDiagnostic {
  const nodes = model.nodes.filter((n) => n.type === type);
  if (nodes.length === 1) return { id: nodes[0]!.id, params: nodes[0]!.params };
  if (nodes.length === 0)
    return type === "Output"
      ? error(
          "no-output",
          undefined,
          "Training needs an Output node: it holds the task, loss and optimiser.",
          "Add an Output after the last layer.",
        )
      : error(
          "unreachable",
          undefined,
          "Training needs an Input node bound to a dataset.",
          "Add an Input as the first layer.",
        );
  return error(
    "unsupported-op",
    nodes[1]!.id,
    `Training supports one ${type} node; this model has ${nodes.length} (${nodes.map((n) => n.id).join(", ")}).`,
    `Remove the extra ${type} nodes.`,
  );
}

function augmentOf(p: TParams): TTrainingSettings["input"]["augment"] {
  const preset = p.augment === true;
  return {
    hflip: p.hflip === true || preset,
    vflip: p.vflip === true || preset,
    rotate: Math.max(Number(p.rotate), preset ? 90 : 0),
    crop: Number(p.crop),
    color_jitter: Number(p.color_jitter),
  };
}

/**
 * Reads the training settings of a model from its Input and Output nodes (params defaulted and
 * validated as in analysis). Diagnostics explain what stops training: no or several Input/Output
 * nodes, invalid params, a loss the trainer does not implement or that does not fit the task.
 */
export function readTrainingSettings(model: TModelFlow): {
  settings: TTrainingSettings | null;
  diagnostics: TDiagnostic[];
} {
  const input = single(model, "Input");
  const output = single(model, "Output");
  const found = [input, output].filter((n): n is TDiagnostic => "code" in n);
  if (found.length > 0 || "code" in input || "code" in output)
    return { settings: null, diagnostics: found };
  const ri = resolveParams(INPUT_DEF, input.params, input.id);
  const ro = resolveParams(OUTPUT_DEF, output.params, output.id);
  const invalid = [...ri.diagnostics, ...ro.diagnostics].filter((d) => d.severity === "error");
  if (invalid.length > 0) return { settings: null, diagnostics: invalid };
  const p = ri.params;
  const o = ro.params;
  const task = o.task as TTask;
  const loss = RUN_LOSS[o.loss as string];
  const diagnostics: TDiagnostic[] = [];
  if (loss === undefined)
    diagnostics.push(
      error(
        "invalid-param",
        output.id,
        `The trainer does not implement loss ${String(o.loss)}.`,
        `Use ${Object.keys(RUN_LOSS).join(", ")}.`,
      ),
    );
  else if (!LOSSES_FOR_TASK[task].includes(loss))
    diagnostics.push(
      error(
        "task-mismatch",
        output.id,
        `Loss ${String(o.loss)} does not fit ${task}.`,
        task === "binary-segmentation"
          ? "Use BCEWithLogitsLoss, DiceLoss or DiceBCELoss."
          : "Use CrossEntropyLoss.",
      ),
    );
  if (diagnostics.length > 0) return { settings: null, diagnostics };
  const settings: TTrainingSettings = {
    inputNode: input.id,
    outputNode: output.id,
    task,
    numClasses: typeof o.num_classes === "number" ? o.num_classes : null,
    dataset: typeof p.dataset === "string" && p.dataset.trim() !== "" ? p.dataset.trim() : null,
    input: {
      shape: (p.shape as number[]).slice(),
      normalize: p.normalize === true,
      augment: augmentOf(p),
    },
    config: {
      epochs: o.epochs as number,
      batch_size: o.batch_size as number,
      lr: o.lr as number,
      optimizer: o.optimizer as TTrainingSettings["config"]["optimizer"],
      momentum: o.momentum as number,
      weight_decay: o.weight_decay as number,
      schedule: o.schedule as TTrainingSettings["config"]["schedule"],
      loss: loss!,
      seed: o.seed as number,
      device: o.device as TTrainingSettings["config"]["device"],
      amp: o.amp === true,
      early_stopping_patience:
        typeof o.early_stopping_patience === "number" ? o.early_stopping_patience : null,
    },
  };
  return { settings, diagnostics: [] };
}

const channelWords = (c: number) =>
  c === 1 ? "1-channel (greyscale)" : c === 3 ? "3-channel (RGB)" : `${c}-channel`;

/**
 * Checks the model against the dataset it will train on: the Input's channels must be the
 * dataset's (its H×W is the training resolution, so any size is fine), the Output's task the
 * dataset's, and the number of classes the model predicts the dataset's. `analysis` (of the same
 * model) supplies the shape that reaches the Output. Returns error diagnostics; none means ready.
 */
export function checkTrainingDataset(
  settings: TTrainingSettings,
  dataset: TTrainingDataset,
  analysis?: TAnalysis,
): TDiagnostic[] {
  const out: TDiagnostic[] = [];
  const shape = settings.input.shape;
  const [channels] = dataset.sampleShape;
  if (shape.length !== 3)
    out.push(
      error(
        "rank-mismatch",
        settings.inputNode,
        `The dataset "${dataset.name}" has images [C, H, W], but the Input's shape is [${shape.join(", ")}].`,
        `Set the Input's shape to [${channels}, H, W].`,
      ),
    );
  else if (shape[0] !== channels)
    out.push(
      error(
        "invalid-param",
        settings.inputNode,
        `Input "${settings.inputNode}" has ${shape[0]} channel${shape[0] === 1 ? "" : "s"} but the dataset "${dataset.name}" has ${channelWords(channels!)} images.`,
        `Set the Input's shape to [${channels}, ${shape[1]}, ${shape[2]}] (H×W is the training resolution).`,
      ),
    );
  if (settings.task !== dataset.task)
    out.push(
      error(
        "task-mismatch",
        settings.outputNode,
        `The Output's task is ${settings.task} but the dataset "${dataset.name}" is for ${dataset.task}.`,
        `Set the task to ${dataset.task} or bind a ${settings.task} dataset.`,
      ),
    );
  else if (dataset.task !== "binary-segmentation") {
    const want = dataset.classes.length;
    const reaching = analysis?.nodes.get(settings.outputNode)?.shape ?? null;
    const predicted = settings.numClasses ?? (reaching ? reaching[0]! : null);
    if (predicted !== null && predicted !== want)
      out.push(
        error(
          "task-mismatch",
          settings.outputNode,
          `The model predicts ${predicted} classes but the dataset "${dataset.name}" has ${want} (${dataset.classes.slice(0, 6).join(", ")}${want > 6 ? ", …" : ""}).`,
          `Set num_classes to ${want} and the last layer's outputs to ${want}.`,
        ),
      );
  }
  return out;
}
