import { ZRunConfig, ZRunTask, type TRunConfig, type TRunInput, type TRunTask } from "./training";

/** The part of a model-flow document this module reads (no graph-core dependency). */
export interface TModelNodes {
  nodes: readonly { id: string; type: string; params?: Record<string, unknown> }[];
}

/** What a model's Input and Output nodes say about training it. */
export interface TRunSettings {
  task: TRunTask;
  numClasses: number;
  input: TRunInput;
  /** The Input node's bound dataset id, if any. */
  dataset: string | null;
  /** Config fields the Output node sets (the request's `config` overrides them). */
  config: Partial<TRunConfig>;
}

/** The Output node's loss names as the runner's run.json spells them. */
const LOSS_NAMES: Record<string, TRunConfig["loss"]> = {
  auto: "auto",
  BCEWithLogitsLoss: "bce",
  DiceLoss: "dice",
  DiceBCELoss: "bce_dice",
  CrossEntropyLoss: "cross_entropy",
  bce: "bce",
  dice: "dice",
  bce_dice: "bce_dice",
  cross_entropy: "cross_entropy",
};

const CONFIG_KEYS = Object.keys(ZRunConfig.shape) as (keyof TRunConfig)[];

const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);

/**
 * The Input node's augmentations: its flat params (graph-core io: `hflip`, `vflip`, `rotate`,
 * `crop`, `color_jitter`), with `augment: true` as a preset that adds flips and ±90° rotations.
 */
function augmentOf(ip: Record<string, unknown>): TRunInput["augment"] {
  const preset = ip.augment === true;
  return {
    hflip: ip.hflip === true || preset,
    vflip: ip.vflip === true || preset,
    rotate: Math.max(num(ip.rotate) ?? 0, preset ? 90 : 0),
    crop: num(ip.crop) ?? 0,
    color_jitter: num(ip.color_jitter) ?? 0,
  };
}

/**
 * Reads the training settings from a model's Input and Output nodes. Returns the problems that
 * make the model untrainable by the runner (no Input/Output, an image shape that is not [C, H, W],
 * a loss the runner does not have) instead of settings when there are any.
 */
export function runSettingsFromModel(
  doc: TModelNodes,
): { ok: true; settings: TRunSettings } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const inputs = doc.nodes.filter((n) => n.type === "Input");
  const output = doc.nodes.find((n) => n.type === "Output");
  if (inputs.length !== 1)
    problems.push(`training needs exactly one Input node, found ${inputs.length}`);
  if (!output) problems.push("training needs an Output node (task, loss, optimiser)");
  const ip = inputs[0]?.params ?? {};
  const op = output?.params ?? {};
  const shape = Array.isArray(ip.shape) ? (ip.shape as unknown[]) : [];
  if (inputs.length === 1 && (shape.length !== 3 || !shape.every((d) => Number.isInteger(d))))
    problems.push(
      `the Input shape must be [C, H, W] for image training, got ${JSON.stringify(ip.shape)}`,
    );
  const task = ZRunTask.safeParse(op.task ?? "binary-segmentation");
  if (output && !task.success) problems.push(`unknown task ${JSON.stringify(op.task)}`);
  const lossName = typeof op.loss === "string" ? op.loss : "auto";
  const loss = LOSS_NAMES[lossName];
  if (output && !loss)
    problems.push(
      `the trainer has no ${lossName}; use auto, BCEWithLogitsLoss, DiceLoss, DiceBCELoss or CrossEntropyLoss (they take raw logits)`,
    );
  if (problems.length > 0 || !task.success) return { ok: false, problems };
  const classes = num(op.num_classes);
  const numClasses = task.data === "binary-segmentation" ? 1 : (classes ?? 0);
  if (numClasses < 1)
    return { ok: false, problems: [`${task.data} needs num_classes on the Output node`] };
  const config: Partial<TRunConfig> = {};
  for (const key of CONFIG_KEYS) {
    if (key !== "loss" && op[key] !== undefined && op[key] !== null)
      (config as Record<string, unknown>)[key] = op[key];
  }
  config.loss = loss;
  return {
    ok: true,
    settings: {
      task: task.data,
      numClasses,
      input: {
        shape: shape as number[],
        normalize: ip.normalize !== false,
        augment: augmentOf(ip),
      },
      dataset: typeof ip.dataset === "string" && ip.dataset !== "" ? ip.dataset : null,
      config,
    },
  };
}
